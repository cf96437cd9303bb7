/**
 * A page of records as the request's user reads them, in one SQL statement (rowsForUser.ts): what
 * `payload.find` answers at depth 0 with the query-only columns left out, which is also all that
 * the records' one read hook does (or the fields the query names). Undefined when Payload must be
 * asked instead.
 */
import type { PayloadRequest } from 'payload'
import { rowsForUser, type RowsQuery } from '../../src/access/rowsForUser'
import type { SelectedRows } from '../../src/db/selectRows'
import { Slugs } from '../slugs'
import { QUERY_ONLY_FIELDS, omitSlotColumns } from './hooks/omitSlotColumns'

/** The page's records (and maybe how many match), or undefined (see the module comment). */
export function recordRowsForUser(req: PayloadRequest, query: RowsQuery): Promise<SelectedRows | undefined> {
  return rowsForUser(req, Slugs.records, query, { ignoredHooks: [omitSlotColumns], omitted: QUERY_ONLY_FIELDS })
}
