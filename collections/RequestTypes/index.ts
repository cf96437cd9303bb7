import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'
import { requestTypeFields } from './fields'
import { prepareRequestTypeSave } from './hooks/prepareRequestTypeSave'

/**
 * Request types: what clients may ask for (a purchase, a change to an order, a document to
 * approve). Each is a form of typed fields, defined like a record type's and checked the same
 * way, the workflow its requests run, and the answer time promised to the client. Shared by all
 * tenants; staff manage them, client users read them through their rules.
 */
export const RequestTypes: CollectionConfig = {
  slug: Slugs.requestTypes,
  labels: { singular: 'Request type', plural: 'Request types' },
  admin: {
    useAsTitle: 'singularLabel',
    defaultColumns: ['singularLabel', 'key', 'workflow', 'active', 'updatedAt'],
    group: 'Workflows',
  },
  hooks: { beforeChange: [prepareRequestTypeSave] },
  fields: requestTypeFields,
}
