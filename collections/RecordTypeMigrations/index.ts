import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'
import { migrationFields } from './fields'
import { resumeEndpoint } from './resumeEndpoint'

/**
 * Record type migrations: each edit of a record type that rewrites its stored records (confirmed
 * destructive changes, slots that move, changed status categories or search text), with what it
 * changed, who saved it and how far the rewrite has come. A job does the rewrite in batches
 * (migrateRecords.ts); this is the record of what happened, kept after it is done. Staff read
 * them; only Atrium writes them (see STAFF_READ_ONLY_COLLECTIONS).
 */
export const RecordTypeMigrations: CollectionConfig = {
  slug: Slugs.recordTypeMigrations,
  labels: { singular: 'Record type migration', plural: 'Record type migrations' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'state', 'processed', 'total', 'createdAt'],
    description: 'What each edit of a record type did to its stored records. Written by Atrium; read only.',
  },
  defaultSort: '-createdAt',
  // One migration per type revision: two edits saved at once from the same revision cannot both start one.
  indexes: [{ fields: ['type', 'fromRevision'], unique: true }],
  endpoints: [resumeEndpoint],
  fields: migrationFields,
}
