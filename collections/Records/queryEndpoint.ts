import type { Endpoint, Where } from 'payload'
import { storableId } from '../../src/access/ids'
import { abilityOf, accessWhere } from '../../src/access/collectionAccess'
import { TENANT_FIELD } from '../../src/access/tenantOwned'
import { Errors } from '../../src/http/errors'
import { searchWhere } from '../../src/records/searchQuery'
import { settledRecordsOnly } from '../../src/records/slots'
import { columnsUsed, toSlotSort, toSlotWhere } from '../../src/records/slotQuery'
import { loadRecordType } from '../RecordTypes/storedRecordType'
import { visibleRecordType } from '../RecordTypes/visibleRecordTypeId'
import { Slugs } from '../slugs'
import { recordPage } from './recordPage'

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
 * a page of one type's records, filtered and sorted by the type's fields through their slot
 * columns (Payload's where on json paths is wrong or slow, see NOTES-payload.md), and searched
 * through the full-text indexes (searchQuery.ts), newest first unless sorted. Runs as the user, so
 * their access Where and field rules apply; unknown fields and operators answer 400 naming them.
 * While a migration rewrites a slot column the query uses, records it has not reached yet are left
 * out rather than matched by what the column held before (the type says `migrating` meanwhile).
 * The answer is Payload's page, counted up to COUNT_LIMIT (recordPage.ts).
 */
export const queryEndpoint: Endpoint = {
  path: '/query',
  method: 'get',
  handler: async (req) => {
    if (!req.user) throw Errors.signInRequired()
    const query = (req.query ?? {}) as Record<string, unknown>
    const key = text(query, 'type')
    if (!key) throw Errors.invalidQueryParameter('type', 'must name a record type by its key')
    const visible = await visibleRecordType(req, key)
    const loaded = await loadRecordType(req, visible.id, visible)
    if (!loaded) throw Errors.unknownRecordType(key)
    const search = query.q === undefined ? undefined : searchWhere(query.q)
    // Filters, sorts and searches read `data`: they reach only records whose data the user may
    // read, so that nobody whose rules hide it (on some records or all) can use them as a probe.
    const usesData = query.filter !== undefined || query.sort !== undefined || search !== undefined
    const dataReadable = usesData ? accessWhere(await abilityOf(req), 'read', Slugs.records, 'data') : true
    if (dataReadable === false)
      throw Errors.forbidden('Your rules do not let you read record data, so you cannot filter, sort or search by it')
    const tenantParam = text(query, 'tenant')
    const tenant = tenantParam === undefined ? undefined : storableId(req.payload, tenantParam)
    if (tenantParam !== undefined && tenant === undefined)
      throw Errors.invalidQueryParameter('tenant', 'must be the id of a tenant')
    const filter = toSlotWhere(loaded.assignment, query.filter)
    const sortKey = text(query, 'sort')
    // The id breaks ties, so pages neither repeat nor skip records that sort equal.
    const sort = sortKey === undefined ? ['-createdAt', '-id'] : [toSlotSort(loaded.assignment, sortKey), 'id']
    const settled = settledRecordsOnly(loaded.assignment, columnsUsed(filter, sort))
    const conditions: Where[] = [
      { type: { equals: loaded.id } },
      filter,
      ...(settled ? [settled] : []),
      ...(tenant === undefined ? [] : [{ [TENANT_FIELD]: { equals: tenant } }]),
      ...(search === undefined ? [] : [search]),
      ...(dataReadable === true ? [] : [dataReadable]),
    ].filter((where) => Object.keys(where).length > 0)
    const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit)
    const page = query.page === undefined ? 1 : Number(query.page)
    const searched = search !== undefined
    return Response.json(await recordPage(req, { where: { and: conditions }, sort, limit, page, searched }))
  },
}
