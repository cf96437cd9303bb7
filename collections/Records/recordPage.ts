import { Forbidden, type PayloadRequest, type SelectType, type Sort, type Where } from 'payload'
import { countUpTo } from '../../src/db/countUpTo'
import { Slugs } from '../slugs'
import { QUERY_ONLY_FIELDS } from './hooks/omitSlotColumns'
import { SLOT_QUERY_CONTEXT } from './hooks/refuseDataQueries'
import { recordRowsForUser } from './recordRowsForUser'

/** How many matching records a page's answer counts exactly; past that, it says "at least". */
export const COUNT_LIMIT = 1000

/**
 * How many of the records a search narrows (its Where without the search, in the page's order) a
 * search's page is first looked for among: a common word's page lies within the first thousand,
 * where counting its matches takes longer (selectRows.ts, searchedPage).
 */
export const SEARCH_WINDOW = 1000

// The copies records are queried by are not part of the answer.
const OMITTED_COLUMNS: SelectType = Object.fromEntries(QUERY_ONLY_FIELDS.map((name) => [name, false]))

/** What page to read: a Where and sort on the slot columns, and Payload's paging arguments. */
export interface PageQuery {
  where: Where
  sort: Sort
  limit: number
  /** numbered from 1 */
  page: number
  /** when the Where holds a search (`q`): the same Where without it (selectRows.ts, searchedPage) */
  unsearched?: Where
  /** with `unsearched`: read the search's matches before a window (selectRows.ts, searchedPage) */
  matchesFirst?: boolean
}

/**
 * Payload's paginated answer (its numbers for an empty result included), and `totalDocsExact`:
 * false when at least `totalDocs` records match and maybe more, so that `totalDocs` and
 * `totalPages` are lower bounds (`hasNextPage` is exact either way).
 */
function answer(docs: unknown[], { limit, page }: PageQuery, totalDocs: number, exact: boolean) {
  const none = totalDocs === 0
  const totalPages = none ? 1 : Math.ceil(totalDocs / limit)
  const hasPrevPage = !none && page > 1
  const hasNextPage = !exact || page < totalPages
  return {
    docs,
    totalDocs,
    totalDocsExact: exact,
    limit,
    totalPages,
    page,
    pagingCounter: none ? 1 : (page - 1) * limit + 1,
    hasPrevPage,
    hasNextPage,
    prevPage: hasPrevPage ? page - 1 : null,
    nextPage: hasNextPage ? page + 1 : null,
  }
}

/** How many records `where` matches for the user whose read access is `access`, up to `ceiling`. */
export function countForUser(
  req: PayloadRequest,
  where: Where,
  access: Where | true,
  ceiling: number,
): Promise<number> {
  return countUpTo(req.payload, Slugs.records, access === true ? where : { and: [where, access] }, ceiling)
}

/** The page's records through `payload.find`, with every read hook and field rule it applies. */
export async function findForUser(req: PayloadRequest, { where, sort, limit, page }: PageQuery) {
  const { docs } = await req.payload.find({
    collection: Slugs.records,
    where,
    sort,
    limit,
    page,
    pagination: false,
    depth: 0,
    select: OMITTED_COLUMNS,
    overrideAccess: false,
    user: req.user,
    req,
    context: { [SLOT_QUERY_CONTEXT]: true },
  })
  return docs
}

/**
 * A page of records as the request's user reads them (their access Where and field rules apply),
 * answered in Payload's paginated shape. Read with one statement where the database allows
 * (recordRowsForUser.ts), else through `payload.find`. Payload's own pagination counts every
 * match, and a large client's filter matches tens of thousands (bench/records.ts), so the page is
 * read without it, and beside it a count that stops past {@link COUNT_LIMIT}, or past the page
 * asked for if that lies further. A page that comes back short ends the list: its count is exact.
 * A search's first pages are read from the first {@link SEARCH_WINDOW} records in order, or from
 * its matches, at most COUNT_LIMIT + 1 of them (selectRows.ts, searchedPage), which count them
 * too: no count beside them. A search that names a number asks its matches first.
 */
export async function recordPage(req: PayloadRequest, query: PageQuery) {
  const { limit, page } = query
  // A copy for the count: payload.find, when it reads the page, may rewrite the Where it is given.
  const where = structuredClone(query.where)
  // The collection's own read access, as payload.find applies it (and refuses it, when it is false).
  const access = await req.payload.collections[Slugs.records].config.access.read({ req })
  if (access === false) throw new Forbidden(req.t)
  const before = (page - 1) * limit
  const ceiling = Math.max(COUNT_LIMIT, before + limit) + 1
  const { unsearched, matchesFirst = false, ...asked } = query
  // Matches counted up to COUNT_LIMIT + 1 are what countUpTo answers when the page lies within them.
  const search =
    unsearched && before + limit <= COUNT_LIMIT
      ? { cap: COUNT_LIMIT, unsearched, window: SEARCH_WINDOW, matchesFirst }
      : undefined
  const [read, countedBeside] = await Promise.all([
    recordRowsForUser(req, { ...asked, access, search }),
    search === undefined ? countForUser(req, where, access, ceiling) : undefined,
  ])
  const docs: unknown[] = read?.rows ?? (await findForUser(req, query))
  if (docs.length > 0 ? docs.length < limit : page === 1) return answer(docs, query, before + docs.length, true)
  if (read?.matches) return answer(docs, query, read.matches.count, read.matches.exact)
  const counted = countedBeside ?? (await countForUser(req, where, access, ceiling))
  return counted < ceiling ? answer(docs, query, counted, true) : answer(docs, query, ceiling - 1, false)
}
