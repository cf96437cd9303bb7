/**
 * Upserting one record by its source's id, as the integration account: the access path decides
 * what it may write (overrideAccess is false throughout), and prepareRecordWrite checks the data.
 */
import type { PayloadRequest, TypedUser, Where } from 'payload'
import { TENANT_FIELD } from '../../src/access/tenantOwned'
import { Slugs } from '../../collections/slugs'
import type { Record as RecordDoc } from '../../src/payload-types'

type Id = number | string

/** What one upsert writes. */
export interface UpsertInput {
  type: Id
  source: string
  externalId: string
  data: unknown
  syncedAt?: string
  /** Only for vendor-wide accounts, which act for every tenant; a tenant's account writes its own. */
  tenant?: Id
}

/** The outcome of an upsert: created (201) or updated (200). */
export interface UpsertResult {
  status: 200 | 201
  doc: RecordDoc
}

const asUser = (req: PayloadRequest) => ({ user: req.user as TypedUser, overrideAccess: false, depth: 0 })

/** The record that `input` names, if the account can see it. */
export async function findByExternalId(req: PayloadRequest, input: Omit<UpsertInput, 'data'>) {
  const where: Where = {
    and: [
      { type: { equals: input.type } },
      { source: { equals: input.source } },
      { externalId: { equals: input.externalId } },
      ...(input.tenant === undefined ? [] : [{ [TENANT_FIELD]: { equals: input.tenant } }]),
    ],
  }
  const { docs } = await req.payload.find({ collection: Slugs.records, where, limit: 1, ...asUser(req) })
  return docs[0]
}

async function update(req: PayloadRequest, id: Id, input: UpsertInput): Promise<UpsertResult> {
  const doc = await req.payload.update({
    collection: Slugs.records,
    id,
    data: { data: input.data as RecordDoc['data'], syncedAt: input.syncedAt ?? new Date().toISOString() },
    ...asUser(req),
  })
  return { status: 200, doc }
}

/**
 * Creates the record, or updates the one with the same tenant, type, source and external id. Two
 * writers racing to create it meet at the unique index: the loser finds the winner's record and
 * updates it instead.
 */
export async function upsertRecord(req: PayloadRequest, input: UpsertInput): Promise<UpsertResult> {
  const existing = await findByExternalId(req, input)
  if (existing) return update(req, existing.id, input)
  try {
    const doc = await req.payload.create({
      collection: Slugs.records,
      data: {
        type: input.type,
        source: input.source,
        externalId: input.externalId,
        data: input.data as RecordDoc['data'],
        syncedAt: input.syncedAt ?? new Date().toISOString(),
        ...(input.tenant === undefined ? {} : { [TENANT_FIELD]: input.tenant }),
      } as RecordDoc,
      ...asUser(req),
    })
    return { status: 201, doc }
  } catch (err) {
    const winner = await findByExternalId(req, input)
    if (!winner) throw err
    return update(req, winner.id, input)
  }
}
