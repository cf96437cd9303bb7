/**
 * The record routes of the integration API, under /api/integrations/v1/records. Thin: check the
 * caller, read the request, call the operation, present the result.
 */
import type { Endpoint, TypedUser, Where } from 'payload'
import { Slugs } from '../../collections/slugs'
import { TENANT_FIELD } from '../../src/access/tenantOwned'
import { Errors } from '../../src/http/errors'
import { isIdText, jsonBody, routeParam } from '../../src/http/endpointInput'
import { requireIntegrationAccount } from './requestParts'
import { visibleRecordTypeId } from '../../collections/RecordTypes/visibleRecordTypeId'
import { batchUpsert } from './batchUpsert'
import { afterCursor, decodeCursor, encodeCursor } from './changesCursor'
import { idempotent } from './idempotency'
import { findByExternalId, upsertRecord } from './upsertRecord'

/** Where the integration API lives, below /api. */
export const INTEGRATIONS_PATH = '/integrations/v1'

/** The lengths the Records fields allow. */
export const SOURCE_MAX = 64
export const EXTERNAL_ID_MAX = 128

const tenantOf = (body: Record<string, unknown>) => {
  const tenant = body.tenant
  if (tenant === undefined) return undefined
  if (typeof tenant !== 'number' && typeof tenant !== 'string')
    throw Errors.invalidInput('invalid_body', '"tenant" must be the id of a tenant')
  return tenant
}

const syncedAtOf = (body: Record<string, unknown>) => {
  const { syncedAt } = body
  if (syncedAt === undefined) return undefined
  if (typeof syncedAt !== 'string' || Number.isNaN(Date.parse(syncedAt)))
    throw Errors.invalidInput('invalid_body', '"syncedAt" must be an ISO 8601 date-time')
  return new Date(syncedAt).toISOString()
}

/** `PUT …/records/:type/:source/:externalId` with `{ data, syncedAt? }`: 201 created, 200 updated. */
export const upsertRecordEndpoint: Endpoint = {
  path: `${INTEGRATIONS_PATH}/records/:type/:source/:externalId`,
  method: 'put',
  handler: async (req) => {
    requireIntegrationAccount(req)
    const type = await visibleRecordTypeId(req, routeParam(req, 'type', 64))
    const body = await jsonBody(req)
    const result = await upsertRecord(req, {
      type,
      source: routeParam(req, 'source', SOURCE_MAX),
      externalId: routeParam(req, 'externalId', EXTERNAL_ID_MAX),
      data: body.data,
      syncedAt: syncedAtOf(body),
      tenant: tenantOf(body),
    })
    return Response.json({ doc: result.doc }, { status: result.status })
  },
}

/**
 * `POST …/records/:type/batch` with `{ source, items: [{ externalId, data }] }` (at most 1,000):
 * 200 with each item's own answer, `{ externalId, status: 201 | 200 | 400, id?, errors? }`. Takes
 * an Idempotency-Key.
 */
export const batchUpsertEndpoint: Endpoint = {
  path: `${INTEGRATIONS_PATH}/records/:type/batch`,
  method: 'post',
  handler: async (req) => {
    requireIntegrationAccount(req)
    const type = await visibleRecordTypeId(req, routeParam(req, 'type', 64))
    const body = await jsonBody(req)
    const { source, items } = body
    if (!isIdText(source, SOURCE_MAX))
      throw Errors.invalidInput(
        'invalid_body',
        `"source" must be text of 1 to ${SOURCE_MAX} characters, without NUL or unpaired surrogates`,
      )
    if (!Array.isArray(items))
      throw Errors.invalidInput('invalid_body', '"items" must be a list of { externalId, data }')
    const tenant = tenantOf(body)
    return idempotent(req, body, async () => ({
      status: 200,
      body: { results: await batchUpsert(req, { type, source, tenant }, items, EXTERNAL_ID_MAX) },
    }))
  },
}

/** The `tenant` query parameter: which tenant a vendor-wide account means. */
const tenantParam = (url: URL) => url.searchParams.get('tenant') ?? undefined

/** `DELETE …/records/:type/:source/:externalId`: 200 with the deleted id; 404 for a record the account cannot see. */
export const deleteRecordEndpoint: Endpoint = {
  path: `${INTEGRATIONS_PATH}/records/:type/:source/:externalId`,
  method: 'delete',
  handler: async (req) => {
    requireIntegrationAccount(req)
    const type = await visibleRecordTypeId(req, routeParam(req, 'type', 64))
    const source = routeParam(req, 'source', SOURCE_MAX)
    const externalId = routeParam(req, 'externalId', EXTERNAL_ID_MAX)
    const tenant = tenantParam(new URL(req.url ?? '', 'http://atrium'))
    const record = await findByExternalId(req, { type, source, externalId, tenant })
    if (!record) throw Errors.recordNotFound(source, externalId)
    await req.payload.delete({
      collection: Slugs.records,
      id: record.id,
      user: req.user as TypedUser,
      overrideAccess: false,
    })
    return Response.json({ id: record.id })
  },
}

/** The page size of the changes feed, and its most (the default MAX_PAGE_SIZE, which caps every read). */
export const CHANGES_DEFAULT_LIMIT = 100
export const CHANGES_MAX_LIMIT = 100

/**
 * `GET …/records/:type/changes?since=<cursor>&limit=`: the records the account can see changed
 * after the cursor, oldest first, with `nextCursor` to ask from next time (the same cursor when
 * nothing changed). Deletions are not in the feed.
 */
export const changesEndpoint: Endpoint = {
  path: `${INTEGRATIONS_PATH}/records/:type/changes`,
  method: 'get',
  handler: async (req) => {
    requireIntegrationAccount(req)
    const type = await visibleRecordTypeId(req, routeParam(req, 'type', 64))
    const url = new URL(req.url ?? '', 'http://atrium')
    const since = url.searchParams.get('since')
    const limitText = url.searchParams.get('limit')
    const limit = limitText === null ? CHANGES_DEFAULT_LIMIT : Number(limitText)
    if (!Number.isInteger(limit) || limit < 1 || limit > CHANGES_MAX_LIMIT)
      throw Errors.invalidQueryParameter('limit', `must be a whole number from 1 to ${CHANGES_MAX_LIMIT}`)
    const tenant = tenantParam(url)
    const conditions: Where[] = [
      { type: { equals: type } },
      ...(since ? [afterCursor(decodeCursor(since))] : []),
      ...(tenant === undefined ? [] : [{ [TENANT_FIELD]: { equals: tenant } }]),
    ]
    const { docs } = await req.payload.find({
      collection: Slugs.records,
      where: { and: conditions },
      sort: ['updatedAt', 'id'],
      limit,
      pagination: false,
      depth: 0,
      user: req.user as TypedUser,
      overrideAccess: false,
    })
    const last = docs.at(-1)
    const nextCursor = last ? encodeCursor({ updatedAt: last.updatedAt, id: last.id }) : since
    return Response.json({ docs, nextCursor, hasMore: docs.length === limit })
  },
}
