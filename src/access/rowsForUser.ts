/**
 * A page of a collection's documents as the request's user reads them, in one SQL statement
 * instead of `payload.find`, whose per-row machinery (the afterRead walk, field access per field per
 * row, the relational query and its transform) cost 10 to 25 ms a records page of 50
 * (bench/records.ts). The same rules decide, through the same entry points: the Where and sort are
 * checked as Payload checks them (a field the user may not read cannot be queried or sorted by),
 * the rows are limited by the collection's read access (the Where the one access path makes for
 * this user), and the fields the user may not read are left out, decided once for the page
 * (readableFields.ts).
 *
 * Only while the collection reads plainly: no read hooks (but those the caller names as only
 * removing fields it does not read anyway), no field with read hooks, no versions or trash, every
 * answered field a column of its own. Otherwise, and on MongoDB, the answer is undefined and the
 * caller asks `payload.find`.
 */
import {
  Forbidden,
  type CollectionAfterReadHook,
  type CollectionSlug,
  type FlattenedField,
  type PayloadRequest,
  type SanitizedCollectionConfig,
  type Sort,
  type Where,
} from 'payload'
import { drizzleTableOf } from '../db/drizzleTable'
import { isRelationList } from '../db/relationRows'
import {
  countRows,
  countRowsBy,
  isPlainColumn,
  selectRows,
  type Row,
  type SearchedPage,
  type SelectedRows,
} from '../db/selectRows'
import { checkQueryPaths } from './checkQueryPaths'
import { readableFieldsOf } from './readableFields'

/** What page to read, and for whom. */
export interface RowsQuery {
  where: Where
  /** undefined: the collection's default sort, as payload.find */
  sort: Sort | undefined
  limit: number
  /** numbered from 1 */
  page: number
  /** the collection's read access for the request (never false: the caller refuses that) */
  access: Where | true
  /** the fields to answer, as payload.find's `select` would include them; all but `omitted` when not given */
  fields?: readonly string[]
  /** see selectRows.ts; its `unsearched` Where is limited by `access` as `where` is */
  search?: SearchedPage
}

/** What the collection's reads are known to do beyond what is read here. */
export interface PlainReads {
  /** afterRead hooks that only remove fields which are not read here anyway */
  ignoredHooks?: readonly CollectionAfterReadHook[]
  /** fields never answered */
  omitted?: readonly string[]
  /** relationships to many documents of one collection answered too, each in its stored order (relationRows.ts) */
  relationLists?: boolean
}

const hasReadHooks = (field: FlattenedField) => 'hooks' in field && Boolean(field.hooks?.afterRead?.length)

/**
 * The fields to answer, as `payload.find` at depth 0 answers them, or undefined when Payload would
 * do more on read than leave out unreadable fields (see the module comment), or when a field is
 * not one the caller can read (`readable`: by default, a column of the collection's own table).
 */
export function answeredFields(
  config: SanitizedCollectionConfig,
  { ignoredHooks = [], omitted = [] }: PlainReads,
  asked: readonly string[] | undefined,
  readable: (field: FlattenedField) => boolean = isPlainColumn,
): FlattenedField[] | undefined {
  const { hooks } = config
  const plainHooks =
    !hooks.beforeRead?.length &&
    !hooks.afterOperation?.length &&
    (hooks.afterRead ?? []).every((hook) => ignoredHooks.includes(hook))
  if (!plainHooks || config.versions || config.trash) return undefined
  const fields = config.flattenedFields.filter(
    (field) => !field.hidden && !omitted.includes(field.name) && (!asked || asked.includes(field.name)),
  )
  return fields.every((field) => readable(field) && !hasReadHooks(field)) ? fields : undefined
}

/**
 * The page of `slug` as `payload.find` (depth 0, no pagination) would answer it to the request's
 * user (and with `search`, how many match as far as the reads told), or undefined when it must be asked instead
 * (see the module comment).
 */
export async function rowsForUser(
  req: PayloadRequest,
  slug: CollectionSlug,
  { where, sort, limit, page, access, fields: asked, search }: RowsQuery,
  plain: PlainReads = {},
): Promise<SelectedRows | undefined> {
  const config = req.payload.collections[slug].config
  const selectable = plain.relationLists ? (f: FlattenedField) => isPlainColumn(f) || isRelationList(f) : isPlainColumn
  const fields = answeredFields(config, plain, asked, selectable)
  if (!fields || !drizzleTableOf(req.payload, slug)) return undefined
  await checkQueryPaths(req, config, where, sort)
  const limited = (unlimited: Where) => (access === true ? unlimited : { and: [unlimited, access] })
  const [selected, readable] = await Promise.all([
    selectRows(req.payload, slug, {
      where: limited(where),
      sort: sort ?? config.defaultSort,
      limit,
      offset: (page - 1) * limit,
      fields,
      search: search && { ...search, unsearched: limited(search.unsearched) },
    }),
    readableFieldsOf(req, slug, access, fields),
  ])
  if (!selected) return undefined
  // Asked row by row only when some field's rules differ per row; most pages need no promise per row.
  const rows = selected.rows.map(readable)
  return { ...selected, rows: rows.some((row) => row instanceof Promise) ? await Promise.all(rows) : (rows as Row[]) }
}

/** What to count, and for whom. */
export interface CountsQuery {
  where: Where
  /** a top-level field held in a column of its own, whose values the counts are of */
  groupBy: string
  /** the collection's read access for the request (never false: the caller refuses that) */
  access: Where | true
}

/**
 * How many of the documents of `slug` that the request's user may read match `where`, per value of
 * `groupBy` (values none hold are absent), in one statement: what `payload.count` per value would
 * answer. Grouping by a field tells what it holds, as sorting by it would, so it is checked as
 * Payload checks a sort (QueryError when the user may not read it). Undefined when it must be
 * asked of Payload instead (MongoDB, a field that is not a plain column, a Where through joins).
 */
export async function countsForUser(
  req: PayloadRequest,
  slug: CollectionSlug,
  { where, groupBy, access }: CountsQuery,
): Promise<Map<unknown, number> | undefined> {
  const config = req.payload.collections[slug].config
  const field = config.flattenedFields.find((candidate) => candidate.name === groupBy)
  if (!field || !isPlainColumn(field) || !drizzleTableOf(req.payload, slug)) return undefined
  await checkQueryPaths(req, config, where, groupBy)
  return countRowsBy(req.payload, slug, { where: access === true ? where : { and: [where, access] }, field })
}

/**
 * How many of the documents of `slug` that the request's user may read match `where`: what
 * `payload.count` answers (403 when they may read none), counted with the user's read access Where
 * after the same query check, in one statement (selectRows.ts: countRows, else the adapter's
 * count), instead of through the operation.
 */
export async function countForUser(req: PayloadRequest, slug: CollectionSlug, where: Where): Promise<number> {
  const config = req.payload.collections[slug].config
  const access = await config.access.read({ req })
  if (access === false) throw new Forbidden(req.t)
  await checkQueryPaths(req, config, where, undefined)
  const withAccess = access === true ? where : { and: [where, access] }
  const counted = await countRows(req.payload, slug, withAccess)
  return counted ?? (await req.payload.db.count({ collection: slug, where: withAccess, req })).totalDocs
}
