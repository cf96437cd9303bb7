import type { Endpoint } from 'payload'
import { storableId } from '../../src/access/ids'
import { Errors } from '../../src/http/errors'
import { queryRecords } from './recordQuery'

/** Payload's page size when none is asked for. */
const DEFAULT_LIMIT = 10

const text = (query: Record<string, unknown>, name: string): string | undefined => {
  const value = query[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') throw Errors.invalidQueryParameter(name, 'must be given once, as text')
  return value
}

/**
 * `GET /api/records/query?type=<key>&q=<search>&filter[<field>][<op>]=…&sort=<field|-field>&limit=&page=&tenant=`:
 * a page of one type's records, filtered, sorted and searched through the one record query path
 * (recordQuery.ts), newest first unless sorted. Runs as the user, so their access Where and field
 * rules apply; unknown fields and operators answer 400 naming them. The answer is Payload's page,
 * counted up to COUNT_LIMIT (recordPage.ts).
 */
export const queryEndpoint: Endpoint = {
  path: '/query',
  method: 'get',
  handler: async (req) => {
    if (!req.user) throw Errors.signInRequired()
    const query = (req.query ?? {}) as Record<string, unknown>
    const key = text(query, 'type')
    if (!key) throw Errors.invalidQueryParameter('type', 'must name a record type by its key')
    const tenantParam = text(query, 'tenant')
    const tenant = tenantParam === undefined ? undefined : storableId(req.payload, tenantParam)
    if (tenantParam !== undefined && tenant === undefined)
      throw Errors.invalidQueryParameter('tenant', 'must be the id of a tenant')
    const { page } = await queryRecords(req, {
      type: key,
      filter: query.filter,
      q: query.q,
      sort: text(query, 'sort'),
      tenant,
      limit: query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit),
      page: query.page === undefined ? 1 : Number(query.page),
    })
    return Response.json(page)
  },
}
