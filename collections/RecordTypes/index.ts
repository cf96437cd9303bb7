import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'
import { recordTypeFields } from './fields'
import { prepareTypeSave } from './hooks/prepareTypeSave'
import { refuseDeleteInUse } from './hooks/refuseDeleteInUse'
import { recordTypeSnapshot } from './recordTypeSnapshot'

/**
 * Record types: the kinds of client data (shipments, orders, tickets…) that staff define in the
 * admin UI, each a list of typed fields. Shared by all tenants; staff manage them through their
 * rules, client users read them (the labels of their records). Every save is checked, its edits
 * to stored records confirmed when they take something away, and the records rewritten to match
 * by a migration in the background (collections/RecordTypeMigrations).
 */
export const RecordTypes: CollectionConfig = {
  slug: Slugs.recordTypes,
  labels: { singular: 'Record type', plural: 'Record types' },
  admin: { useAsTitle: 'pluralLabel', defaultColumns: ['pluralLabel', 'key', 'revision', 'updatedAt'] },
  hooks: {
    beforeChange: [prepareTypeSave],
    beforeDelete: [refuseDeleteInUse],
    afterChange: [recordTypeSnapshot.forgetHook],
    afterDelete: [recordTypeSnapshot.forgetHook],
  },
  fields: recordTypeFields,
}
