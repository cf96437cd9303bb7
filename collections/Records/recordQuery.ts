/**
 * The one query path of a type's records, for whoever asks on behalf of a user: the records query
 * endpoint (queryEndpoint.ts) and the portal's record blocks. It turns a type key, a filter on the
 * type's fields, a search and a sort into a Where and sort on the slot columns (Payload's where on
 * json paths is wrong or slow, see NOTES-payload.md), runs as the request's user (their access
 * Where and field rules apply), and answers a page counted up to COUNT_LIMIT (recordPage.ts).
 */
import type { PayloadRequest, Where } from 'payload'
import { abilityOf, accessWhere } from '../../src/access/collectionAccess'
import { TENANT_FIELD } from '../../src/access/tenantOwned'
import { Errors } from '../../src/http/errors'
import type { RecordId } from '../../src/records/fieldKinds'
import { namesNumber, searchTermsOf, searchWhere } from '../../src/records/searchQuery'
import { settledRecordsOnly } from '../../src/records/slots'
import { columnsUsed, toSlotSort, toSlotWhere } from '../../src/records/slotQuery'
import { loadRecordType, type LoadedRecordType } from '../RecordTypes/storedRecordType'
import { visibleRecordType } from '../RecordTypes/visibleRecordTypeId'
import { Slugs } from '../slugs'
import { recordPage } from './recordPage'

/** What to read of one record type. */
export interface RecordQuery {
  /** the type's key */
  type: string
  /** `{ <field>: { <op>: value } }` on the type's fields (slotQuery.ts), as JSON or query-string text */
  filter?: unknown
  /** more conditions in the same shape, made by the caller's code (e.g. "due before today") */
  andFilter?: unknown
  /** conditions on the records' own columns (e.g. statusCategory), made by the caller's code */
  where?: Where[]
  /** the search box (searchQuery.ts) */
  q?: unknown
  /** a field key, `-` first for descending; newest first when not given */
  sort?: string
  /** narrows to one tenant's records (the portal always does) */
  tenant?: RecordId
  /** slot columns the caller reads besides those the filter and sort use (sums): must be settled too */
  readsColumns?: readonly string[]
  /** the caller reads record data (sums): only records whose data the user may read count */
  readsData?: boolean
}

/** A query made ready: its type, and the Where and sort on the slot columns. */
export interface PreparedRecordQuery {
  type: LoadedRecordType
  where: Where
  sort: string[]
  /** when the Where holds a search: the same Where without it (recordPage.ts reads a search's page so) */
  unsearched?: Where
  /** when the search names a number (searchQuery.ts, namesNumber): its matches are read first */
  matchesFirst?: boolean
}

/**
 * The Where and sort of `query` for the request's user. Throws 400 `unknown_record_type` for a type
 * they may not read, 400 naming the field or parameter for a filter, sort or search that does not
 * fit the type, and 403 to someone whose rules let them read no record data but who filters, sorts
 * or searches by it: those read `data`, so they reach only records whose data the user may read,
 * and nobody whose rules hide it (on some records or all) can use them as a probe. While a
 * migration rewrites a slot column the query uses, records it has not reached yet are left out
 * rather than matched by what the column held before.
 */
export async function prepareRecordQuery(req: PayloadRequest, query: RecordQuery): Promise<PreparedRecordQuery> {
  const visible = await visibleRecordType(req, query.type)
  const type = await loadRecordType(req, visible.id, visible)
  if (!type) throw Errors.unknownRecordType(query.type)
  const terms = query.q === undefined ? undefined : searchTermsOf(query.q)
  const usesData = query.readsData || query.filter !== undefined || query.sort !== undefined || terms !== undefined
  const dataReadable = usesData ? accessWhere(await abilityOf(req), 'read', Slugs.records, 'data') : true
  if (dataReadable === false)
    throw Errors.forbidden('Your rules do not let you read record data, so you cannot filter, sort or search by it')
  const filters = [toSlotWhere(type.assignment, query.filter), toSlotWhere(type.assignment, query.andFilter)]
  // The id breaks ties, so pages neither repeat nor skip records that sort equal.
  const sort = query.sort === undefined ? ['-createdAt', '-id'] : [toSlotSort(type.assignment, query.sort), 'id']
  const columns = [...filters.flatMap((filter) => columnsUsed(filter, sort)), ...(query.readsColumns ?? [])]
  const settled = settledRecordsOnly(type.assignment, [...new Set(columns)])
  const conditions: Where[] = [
    { type: { equals: type.id } },
    ...filters,
    ...(query.where ?? []),
    ...(settled ? [settled] : []),
    ...(query.tenant === undefined ? [] : [{ [TENANT_FIELD]: { equals: query.tenant } }]),
    ...(dataReadable === true ? [] : [dataReadable]),
  ].filter((where) => Object.keys(where).length > 0)
  if (terms === undefined) return { type, where: { and: conditions }, sort }
  const where = { and: [...conditions, searchWhere(terms)] }
  return { type, where, sort, unsearched: { and: conditions }, matchesFirst: namesNumber(terms) }
}

/** A page of `query`'s records as the request's user reads them, in Payload's paginated shape (recordPage.ts). */
export async function queryRecords(req: PayloadRequest, query: RecordQuery & { limit: number; page: number }) {
  const prepared = await prepareRecordQuery(req, query)
  const { where, sort, unsearched, matchesFirst } = prepared
  return {
    type: prepared.type,
    page: await recordPage(req, { where, sort, limit: query.limit, page: query.page, unsearched, matchesFirst }),
  }
}
