/**
 * The stored records of one type, read as the system inside the caller's transaction: counted,
 * and walked page by page in id order (writes to the rows walked do not move the cursor).
 */
import type { PayloadRequest, Where } from 'payload'
import type { FieldValue, RecordId } from '../../src/records/fieldKinds'
import { Slugs } from '../slugs'
import { idOf } from '../../src/access/ids'

/** A stored record, as type edits need it. */
export interface StoredRecord {
  id: RecordId
  tenant: RecordId
  data: Record<string, FieldValue> | null
}

const PAGE = 500

/** How many records are of type `typeId`. */
export async function countRecordsOfType(req: PayloadRequest, typeId: RecordId): Promise<number> {
  const { totalDocs } = await req.payload.count({
    collection: Slugs.records,
    where: { type: { equals: typeId } },
    overrideAccess: true,
    req,
  })
  return totalDocs
}

/**
 * Every record of type `typeId`, a page at a time. Read through the database adapter: no hook of
 * the Records collection has anything to add to what the system reads here, and a type may hold
 * hundreds of thousands of records.
 */
export async function* recordsOfType(req: PayloadRequest, typeId: RecordId): AsyncGenerator<StoredRecord[]> {
  let after: RecordId | undefined
  for (;;) {
    const where: Where = { type: { equals: typeId } }
    const { docs } = await req.payload.db.find<{ id: RecordId; tenant: unknown; data: unknown }>({
      collection: Slugs.records,
      where: after === undefined ? where : { and: [where, { id: { greater_than: after } }] },
      sort: 'id',
      limit: PAGE,
      pagination: false,
      select: { tenant: true, data: true },
      req,
    })
    if (docs.length === 0) return
    yield docs.map((doc) => ({
      id: doc.id,
      // required on every record
      tenant: idOf(doc.tenant)!,
      data: (doc.data as Record<string, FieldValue> | null) ?? null,
    }))
    if (docs.length < PAGE) return
    after = docs[docs.length - 1]!.id
  }
}
