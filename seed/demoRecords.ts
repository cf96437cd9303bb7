/**
 * Seeds the demo accounts' record types and records, as the system through the Local API, so the
 * type and record hooks check and derive everything as they do for staff and integrations.
 * Idempotent: a type is found by its key, a record by its source and external id within its tenant
 * and type (a sync's upsert key); what exists is never touched, so a second run changes nothing.
 */
import type { Payload, PayloadRequest } from 'payload'
import { Slugs } from '../collections/slugs'
import { TENANT_FIELD } from '../src/access/tenantOwned'
import { inTransaction } from '../src/db/inTransaction'
import { demoRecordBatches, type DemoRecordBatch } from './demoRecordData'
import { DEMO_RECORD_TYPES } from './demoRecordTypes'

// Payload's generated types say number (SQL); on MongoDB ids are text and pass through untouched.
type Id = number

/** How many demo records a run created, by tenant slug and type key. */
export type DemoRecordsReport = Record<string, Record<string, number>>

async function seedTypes(payload: Payload): Promise<Map<string, Id>> {
  const ids = new Map<string, Id>()
  for (const type of DEMO_RECORD_TYPES) {
    const { docs } = await payload.find({
      collection: Slugs.recordTypes,
      where: { key: { equals: type.key } },
      limit: 1,
      depth: 0,
      select: { key: true },
    })
    const id = docs[0]?.id ?? (await payload.create({ collection: Slugs.recordTypes, data: type, depth: 0 })).id
    ids.set(type.key, id)
  }
  return ids
}

async function tenantIds(payload: Payload, slugs: string[]): Promise<Map<string, Id>> {
  const { docs } = await payload.find({
    collection: Slugs.tenants,
    where: { slug: { in: slugs } },
    pagination: false,
    depth: 0,
    select: { slug: true },
  })
  return new Map(docs.map((doc) => [doc.slug, doc.id]))
}

/** The ids of a batch's records that exist already, by external id. */
async function existing(payload: Payload, tenant: Id, type: Id, source: string, req: Partial<PayloadRequest>) {
  const { docs } = await payload.find({
    collection: Slugs.records,
    where: { [TENANT_FIELD]: { equals: tenant }, type: { equals: type }, source: { equals: source } },
    pagination: false,
    depth: 0,
    select: { externalId: true },
    req,
  })
  return new Map(docs.flatMap((doc) => (doc.externalId ? [[doc.externalId, doc.id] as const] : [])))
}

/**
 * Writes one batch in one transaction: a commit per record would make most of the seed's time
 * waiting for the disk. Returns the id of every record of the batch, by external id.
 */
async function seedBatch(
  payload: Payload,
  batch: DemoRecordBatch,
  tenant: Id,
  type: Id,
  seeded: Map<string, Id>,
): Promise<{ ids: Map<string, Id>; created: number }> {
  return inTransaction(payload, async (req) => {
    const ids = await existing(payload, tenant, type, batch.source, req)
    let created = 0
    for (const record of batch.records) {
      if (ids.has(record.externalId)) continue
      const references = Object.entries(record.references ?? {}).map(([field, target]) => {
        const id = seeded.get(target)
        if (id === undefined) throw new Error(`demo record ${record.externalId}: no record ${target} to reference`)
        return [field, id] as const
      })
      const doc = await payload.create({
        collection: Slugs.records,
        data: {
          [TENANT_FIELD]: tenant,
          type,
          data: { ...record.data, ...Object.fromEntries(references) },
          source: batch.source,
          externalId: record.externalId,
          syncedAt: record.syncedAt,
        },
        depth: 0,
        select: { externalId: true },
        req,
      })
      ids.set(record.externalId, doc.id)
      created++
    }
    return { ids, created }
  })
}

/**
 * Creates the demo record types and the demo tenants' records where missing, with dates around
 * `now`. Needs the demo tenants (seedDemoTenants); a tenant that is missing gets no records.
 */
export async function seedDemoRecords(payload: Payload, now = new Date()): Promise<DemoRecordsReport> {
  const types = await seedTypes(payload)
  const batches = demoRecordBatches(now)
  const tenants = await tenantIds(payload, [...new Set(batches.map((batch) => batch.tenant))])
  // External ids are unique across the demo data, so one map resolves every reference.
  const seeded = new Map<string, Id>()
  const report: DemoRecordsReport = {}
  for (const batch of batches) {
    const tenant = tenants.get(batch.tenant)
    if (tenant === undefined) continue
    const { ids, created } = await seedBatch(payload, batch, tenant, types.get(batch.type)!, seeded)
    for (const [externalId, id] of ids) seeded.set(externalId, id)
    report[batch.tenant] = { ...report[batch.tenant], [batch.type]: created }
  }
  return report
}
