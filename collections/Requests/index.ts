import type { CollectionConfig } from 'payload'
import { tenantOwned } from '../../src/access/tenantOwned'
import { Slugs } from '../slugs'
import { sampleRequest } from './sampleDocument'
import { requestEndpoints } from './endpoints'
import { requestFields } from './fields'

/**
 * Requests: what a client asked for (a purchase, a change, a document to approve) and where it is
 * in its workflow. Tenant-owned; read through the rules like any tenant data, but written only by
 * the workflow service (src/workflows/service), which checks who may act, writes with a
 * compare-and-set on `revision`, records the history and queues the effects in one transaction.
 * Over the API they are submitted and acted on through the endpoints below, never edited.
 */
export const Requests: CollectionConfig = tenantOwned({
  slug: Slugs.requests,
  labels: { singular: 'Request', plural: 'Requests' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'requestType', 'state', 'outcome', 'tenant', 'updatedAt'],
    group: 'Workflows',
  },
  custom: { atrium: { writtenBy: 'system', sampleDocument: sampleRequest } },
  indexes: [{ fields: ['tenant', 'state'] }],
  endpoints: requestEndpoints,
  fields: requestFields,
})
