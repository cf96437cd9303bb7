/**
 * The record routes of the integration API, under /api/integrations/v1/records. Thin: check the
 * caller, read the request, call the operation, present the result.
 */
import type { Endpoint } from 'payload'
import { Errors } from '../../src/http/errors'
import { jsonBody, requireIntegrationAccount, routeParam, visibleTypeId } from './requestParts'
import { batchUpsert } from './batchUpsert'
import { idempotent } from './idempotency'
import { upsertRecord } from './upsertRecord'

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
    const type = await visibleTypeId(req, routeParam(req, 'type', 64))
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
    const type = await visibleTypeId(req, routeParam(req, 'type', 64))
    const body = await jsonBody(req)
    const { source, items } = body
    if (typeof source !== 'string' || source === '' || source.length > SOURCE_MAX)
      throw Errors.invalidInput('invalid_body', `"source" must be text of 1 to ${SOURCE_MAX} characters`)
    if (!Array.isArray(items))
      throw Errors.invalidInput('invalid_body', '"items" must be a list of { externalId, data }')
    const tenant = tenantOf(body)
    return idempotent(req, body, async () => ({
      status: 200,
      body: { results: await batchUpsert(req, { type, source, tenant }, items, EXTERNAL_ID_MAX) },
    }))
  },
}
