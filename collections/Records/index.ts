import type { CollectionConfig } from 'payload'
import { tenantOwned } from '../../src/access/tenantOwned'
import { RECORD_COLUMNS, TYPE_REVISION_COLUMN } from '../../src/records/slots'
import { Slugs } from '../slugs'
import { ADMIN_COMPONENTS, recordFields } from './fields'
import { omitSlotColumns } from './hooks/omitSlotColumns'
import { prepareRecordWrite } from './hooks/prepareRecordWrite'
import { publishRecordEvents } from './hooks/publishRecordEvents'
import { refuseDataQueries } from './hooks/refuseDataQueries'
import { queryEndpoint } from './queryEndpoint'
import { sampleRecord } from './sampleDocument'

/**
 * Records: a tenant's data of the types staff define (shipments, orders, tickets…), one table for
 * all types. The JSON data is the source of truth, checked against the type on every write; the
 * fields a type filters, sorts or keeps unique by are copied into typed, indexed slot columns that
 * /api/records/query reads.
 */
export const Records: CollectionConfig = tenantOwned({
  slug: Slugs.records,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'type', 'status', 'tenant', 'updatedAt'],
    // Payload's list, plus a record type picker that switches to that type's columns and filters.
    components: { views: { list: { Component: `${ADMIN_COMPONENTS}/RecordsListView#RecordsListView` } } },
  },
  hooks: {
    beforeOperation: [refuseDataQueries],
    beforeChange: [prepareRecordWrite],
    afterChange: [publishRecordEvents],
    afterRead: [omitSlotColumns],
  },
  endpoints: [queryEndpoint],
  indexes: [
    // A sync upserts by its source's id; records made by hand have none (NULLs never collide).
    { fields: ['tenant', 'type', 'source', 'externalId'], unique: true },
    // Every query of /api/records/query leads with tenant and type (the access Where and the type).
    ...RECORD_COLUMNS.map((column) => ({ fields: ['tenant', 'type', column] })),
    // A migration finds the records of a type it has not rewritten yet.
    { fields: ['type', TYPE_REVISION_COLUMN] },
    // Its default order, newest first: a small tenant's first page read 20,000 rows without it
    // (bench/records.ts). On PostgreSQL it ends with the id (newestFirstIndex.ts).
    { fields: ['tenant', 'type', 'createdAt'] },
  ],
  custom: { atrium: { sampleDocument: sampleRecord } },
  fields: recordFields,
})
