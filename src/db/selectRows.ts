/**
 * A page of a collection's documents in one SQL statement through the drizzle adapter, for read
 * paths that cannot afford `payload.find` (NOTES-payload.md, "Where the time goes"): Payload's own
 * translation of the Where and the sort (the adapters' `buildQuery`, which their find and count
 * use, so operators mean what they mean everywhere else), the columns of the fields asked for,
 * and each value as the adapter's find returns it at depth 0. On PostgreSQL a statement's text is
 * built once per shape of its Where and run with each call's values (statementShapes.ts).
 *
 * Below Payload's operations: no access, hooks or field rules apply. The caller passes the access
 * Where of its user and leaves out the fields the user may not read (see recordRowsForUser.ts).
 */
import type { CollectionSlug, FlattenedField, Payload, Sort, Where } from 'payload'
import { eq, getTableColumns, sql } from '@payloadcms/db-postgres/drizzle'
import { columnsUsed } from '../records/slotQuery'
import { tableQueryOf, type DrizzleTable, type TableQuery } from './drizzleTable'
import { isRelationList, relationIds, relationListColumn } from './relationRows'
import { shapedRows, type Preparable } from './statementShapes'

/** What {@link selectRows} reads. */
export interface RowQuery {
  where: Where
  sort: Sort
  limit: number
  offset: number
  /** top-level fields, each a plain column (see {@link isPlainColumn}) or a relation list (relationRows.ts) */
  fields: readonly FlattenedField[]
  /** for a Where whose selective part only an unordered index answers (a search): see {@link searchedPage} */
  search?: SearchedPage
}

/** How to read a page whose Where holds a search ({@link searchedPage}). */
export interface SearchedPage {
  /** how many matches to read through the search index, at most (and so to count, up to one more) */
  cap: number
  /** the Where without its search */
  unsearched: Where
  /** how many of the records `unsearched` selects, in sort order, the page is first looked for among */
  window: number
  /** look for the page among the matches first, and not in a window: when few records match, as a rule */
  matchesFirst?: boolean
}

/** A document as the adapter's find returns it (depth 0). */
export type Row = Record<string, unknown>

/**
 * Whether a field is one column of the collection's own table, whose value the adapter hands
 * back without reading other tables: what {@link selectRows} can read.
 */
export function isPlainColumn(field: FlattenedField): boolean {
  if ('localized' in field && field.localized) return false
  if ('hasMany' in field && field.hasMany) return false
  switch (field.type) {
    case 'relationship':
    case 'upload':
      return typeof field.relationTo === 'string'
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
    case 'number':
    case 'date':
    case 'json':
    case 'checkbox':
    case 'select':
    case 'radio':
      return true
    default:
      return false
  }
}

/** How the adapter's read transform turns a value of a field (its traverseFields, for the types above). */
type Convert = (value: unknown) => unknown

const same: Convert = (value) => value

// PostgreSQL's text for a timestamptz in UTC (the driver hands it over unparsed); years from 1000 on,
// where Date's parser reads it the same way.
const PG_UTC_TIME = /^([1-9]\d{3}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/

/** A stored date as an ISO string, as `new Date(value).toISOString()` gives it (without parsing PostgreSQL's own form). */
function isoOf(value: string): string {
  const pg = PG_UTC_TIME.exec(value)
  if (!pg) return new Date(value).toISOString()
  return `${pg[1]}T${pg[2]}.${(pg[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`
}

function converterOf(payload: Payload, field: FlattenedField): Convert {
  if (field.type === 'relationship' || field.type === 'upload') {
    const custom = typeof field.relationTo === 'string' && payload.collections[field.relationTo as CollectionSlug]
    return custom && custom.customIDType === 'number' ? (value) => (value ? Number(value) : value) : same
  }
  if (field.type === 'date') return (value) => (typeof value === 'string' ? isoOf(value) : value)
  if (field.type === 'number') return (value) => (typeof value === 'string' ? Number.parseFloat(value) : value)
  return same
}

/** What {@link selectRows} read. */
export interface SelectedRows {
  rows: Row[]
  /**
   * With `search`, how many records match, as far as the reads told (undefined when they did
   * not): `count` exactly, or when not `exact` at least `count`, and more than the page's last.
   */
  matches?: { count: number; exact: boolean }
}

/**
 * The documents of `collection` matching `where`, in `sort` order, `limit` of them after `offset`,
 * each with `id` and `fields`; undefined when this cannot be answered in one statement (MongoDB,
 * or a Where through arrays or relationships): the caller then asks Payload.
 */
export async function selectRows(
  payload: Payload,
  collection: CollectionSlug,
  { where, sort, limit, offset, fields, search }: RowQuery,
): Promise<SelectedRows | undefined> {
  const lists = fields.filter(isRelationList)
  const columnsOf = (sqlTable: DrizzleTable) => {
    // The table's columns, typed as the adapter types its tables (either driver's).
    const columns: Record<string, typeof sqlTable.table.id> = { id: sqlTable.table.id }
    for (const field of fields)
      columns[field.name] = lists.includes(field)
        ? (relationListColumn(sqlTable, field) as unknown as typeof sqlTable.table.id)
        : sqlTable.table[field.name]
    return columns
  }
  let selected: Partial<SelectedRows> | undefined
  if (search && lists.length === 0 && offset + limit <= search.cap) {
    selected = await searchedPage(payload, collection, { where, sort, limit, offset, fields }, columnsOf, search)
    if (!selected) return undefined
  }
  if (!selected?.rows) {
    const rows = await orderedRows(payload, collection, { where, sort, limit, offset, fields }, columnsOf)
    if (!rows) return undefined
    selected = { rows, matches: selected?.matches }
  }
  const converted = fields.map((field) => {
    const convert = converterOf(payload, field)
    return { name: field.name, convert, list: lists.includes(field) }
  })
  const { rows } = selected as SelectedRows
  for (const row of rows)
    for (const { name, convert, list } of converted)
      row[name] = list ? relationIds(row[name]).map(convert) : convert(row[name])
  return selected as SelectedRows
}

/** What a page's statement is built from besides its Where: a part of its key (statementShapes.ts). */
const statementKey = (
  collection: CollectionSlug,
  { fields, sort, limit, offset }: Omit<RowQuery, 'where' | 'search'>,
) => `${collection}|${fields.map((field) => field.name).join(',')}|${JSON.stringify(sort)}|${limit}|${offset}`

/** A query's ORDER BY, as drizzle takes it. */
const inOrder = ({ orderBy }: TableQuery['query']) => orderBy.map(({ column, order }) => order(column))

/** The page in `sort` order, its statement's text built once per shape (statementShapes.ts). */
async function orderedRows(
  payload: Payload,
  collection: CollectionSlug,
  { where, sort, limit, offset, fields }: Omit<RowQuery, 'search'>,
  columnsOf: (sqlTable: DrizzleTable) => Record<string, DrizzleTable['table'][string]>,
): Promise<Row[] | undefined> {
  const key = `rows|${statementKey(collection, { fields, sort, limit, offset })}`
  const rows = await shapedRows(payload, payload.collections[collection].config, key, where, (shapedWhere) => {
    const sqlTable = tableQueryOf(payload, collection, shapedWhere, sort)
    if (!sqlTable) return undefined
    const { db, table, query } = sqlTable
    return db.drizzle
      .select(columnsOf(sqlTable))
      .from(table)
      .where(query.where)
      .orderBy(...inOrder(query))
      .limit(limit)
      .offset(offset) as unknown as Preparable
  })
  return rows as Row[] | undefined
}

const PLAN_ONCE = { planOnce: true }
const MATCHES = '_matches'
const MATCH_ID = '_match_id'
const WINDOW_SIZE = '_window_size'

/**
 * A page of a search, so that neither a rare nor a common term makes the planner's choice a walk
 * through a large tenant's records (110 to 300 ms when a rare term's matches are old), nor a
 * count of a common word's thousand matches (10 to 15 ms of trigram index and recheck in a tenant
 * of 41,000 records; bench/records.ts), in two bounded reads, the second only when the first
 * cannot answer:
 * - {@link windowStatement}: the page among the first `window` records of the Where without its
 *   search, in sort order, and how many of them match. When the window is all the records there
 *   are, its page and count are the answer; when it holds the page and a match after it, the page
 *   is the answer (every record beyond the window sorts after it) and its matches are a lower
 *   bound of the count.
 * - {@link matchesStatement}: at most `cap` + 1 matches through the search index, counted; when
 *   no more than `cap` match, the page is among them; otherwise `rows` is undefined, the count
 *   says "at least `cap`" and the caller reads the page in order.
 * With `matchesFirst` (a term that names a number, which an index finds among few records:
 * searchIndex.ts) the matches are read without a window first (a reference's 500 matches in a
 * tenant of 41,000: 0.6 ms, where the window takes 4 to 5), and more than `cap` of them leave the
 * page to the ordered read. Each statement's text is built once per shape of its Wheres, and
 * planned once per connection (statementShapes.ts): its subqueries decide its plan, whatever the
 * term. Undefined when one statement cannot answer (see {@link tableQueryOf}).
 */
async function searchedPage(
  payload: Payload,
  collection: CollectionSlug,
  { where, sort, limit, offset, fields }: Omit<RowQuery, 'search'>,
  columnsOf: (sqlTable: DrizzleTable) => Record<string, DrizzleTable['table'][string]>,
  { cap, unsearched, window, matchesFirst = false }: SearchedPage,
): Promise<Partial<SelectedRows> | undefined> {
  const config = payload.collections[collection].config
  const key = statementKey(collection, { sort, limit, offset, fields })
  if (!matchesFirst) {
    // Both Wheres in one, so that their values are shaped together (statementShapes.ts).
    const both: Where = { and: [where, unsearched] }
    const windowed = await shapedRows(
      payload,
      config,
      `window|${key}|${window}`,
      both,
      (shaped) => {
        const [searchedWhere, unsearchedWhere] = (shaped as { and: [Where, Where] }).and
        const searched = tableQueryOf(payload, collection, searchedWhere, sort)
        const narrowed = tableQueryOf(payload, collection, unsearchedWhere, sort)
        if (!searched || !narrowed) return undefined
        return windowStatement(searched, searchedWhere, narrowed.query, columnsOf(searched), { limit, offset, window })
      },
      PLAN_ONCE,
    )
    if (!windowed) return undefined
    const rows = windowed as Row[]
    const [inWindow, size] = [takeCount(rows, MATCHES), takeCount(rows, WINDOW_SIZE)]
    if (rows.length && size < window) return { rows, matches: { count: inWindow, exact: true } }
    if (inWindow > offset + limit) return { rows, matches: { count: inWindow, exact: false } }
  }
  const first = await shapedRows(
    payload,
    config,
    `matches|${key}|${cap}`,
    where,
    (shaped) => {
      const searched = tableQueryOf(payload, collection, shaped, sort)
      return searched && matchesStatement(searched, columnsOf(searched), { limit, offset, cap })
    },
    PLAN_ONCE,
  )
  if (!first) return undefined
  const matches = takeCount(first as Row[], MATCHES)
  // An empty page past the first tells no count.
  if (first.length === 0) return offset === 0 ? { rows: [], matches: { count: 0, exact: true } } : {}
  if (matches <= cap) return { rows: first as Row[], matches: { count: matches, exact: true } }
  return { matches: { count: cap, exact: false } }
}

/** The number every row of a page carries in column `name` (0 without rows), taken off the rows. */
function takeCount(rows: Row[], name: string): number {
  const count = rows.length ? Number(rows[0]![name]) : 0
  for (const row of rows) delete row[name]
  return count
}

/**
 * The page of `query` among the first `window` records `narrowed` selects in its order, each
 * with how many of those match `query` ({@link MATCHES}) and how many records the window holds
 * ({@link WINDOW_SIZE}; fewer than `window` when it holds every record `narrowed` selects). The
 * window is a subquery named like the table, so that `query`'s Where and order, written for the
 * table, apply to it unchanged (a subquery with a window function keeps its conditions outside
 * it, so the search index is not asked). The window's ids come first, in order, from the index
 * that serves the order alone (newestFirstIndex.ts), and its rows are read by id: PostgreSQL,
 * asked for the rows in order, read ten times as many through the createdAt index instead (9 ms
 * against 5 for a window of 1,000 in a tenant of 41,000, bench/records.ts). It carries every
 * column but JSON ones that `where` does not name (a record's data is most of its width: 2.3 ms
 * instead of 5.2 for a thousand of them); the page's columns are joined to the page's rows alone.
 */
function windowStatement(
  { db, table, tableName, query }: TableQuery,
  where: Where,
  narrowed: TableQuery['query'],
  columns: Record<string, typeof table.id>,
  { limit, offset, window }: { limit: number; offset: number; window: number },
): Preparable {
  const named = new Set(columnsUsed(where).map((path) => path.split('.')[0]))
  const carried = Object.entries(getTableColumns(table) as Record<string, { dataType: string }>)
    .filter(([name, column]) => column.dataType !== 'json' || named.has(name))
    .map(([name]) => name)
  const nearest = db.drizzle
    .select({ id: table.id })
    .from(table)
    .where(narrowed.where)
    .orderBy(...inOrder(narrowed))
    .limit(window)
    .as('_nearest')
  const counted = sql<number>`count(*) over ()`.mapWith(Number)
  const carriedOf = (source: typeof table) => Object.fromEntries(carried.map((name) => [name, source[name]!]))
  // One lookup by id per record of the window. Joined, PostgreSQL may read all of records into a
  // hash instead, which its costs favour up to a table of a few hundred thousand: a lateral
  // subquery with a LIMIT is looked up once per id (SQLite looks up each id when joined).
  const lookedUp = () => {
    const byId = db.drizzle.select(carriedOf(table)).from(table).where(eq(table.id, nearest.id)).limit(1).as('_row')
    return db.drizzle
      .select({ ...carriedOf(byId as unknown as typeof table), [WINDOW_SIZE]: counted.as(WINDOW_SIZE) })
      .from(nearest)
      .innerJoinLateral(byId, sql`true`)
  }
  const joined = () =>
    db.drizzle
      .select({ ...carriedOf(table), [WINDOW_SIZE]: counted.as(WINDOW_SIZE) })
      .from(nearest)
      .innerJoin(table, eq(table.id, nearest.id))
  const sized = db.name === 'postgres' ? lookedUp() : joined()
  const windowedTable = sized.as(tableName) as unknown as typeof table
  const page = db.drizzle
    .select({
      [MATCH_ID]: table.id,
      [MATCHES]: counted.as(MATCHES),
      [WINDOW_SIZE]: sql<number>`${sql.identifier(WINDOW_SIZE)}`.as(WINDOW_SIZE),
    })
    .from(windowedTable)
    .where(query.where)
    .orderBy(...inOrder(query))
    .limit(limit)
    .offset(offset)
    .as('page')
  const field = (key: string) => (page as unknown as Record<string, typeof table.id>)[key]!
  return db.drizzle
    .select({ ...columns, [MATCHES]: field(MATCHES), [WINDOW_SIZE]: field(WINDOW_SIZE) })
    .from(page)
    .innerJoin(table, eq(table.id, field(MATCH_ID)))
    .orderBy(...inOrder(query)) as unknown as Preparable
}

/**
 * The page from at most `cap` + 1 matches read in no particular order (a LIMIT without ORDER BY
 * in a subquery, which the planner cannot reorder), sorted after, each with how many there were
 * ({@link MATCHES}): for a rare search term the planner reads them through the search index,
 * instead of walking the sort's index backwards through a large tenant's records in the hope of
 * meeting 50 matches soon (110 to 300 ms when the matches are old, bench/records.ts). The matches
 * are read as their ids and sort keys only, and the page's columns joined to the page's rows
 * alone: a common word's thousand matches are not carried through the count and the sort with
 * their data. When more than `cap` match, its rows are not the page (only an ordered read knows
 * which come first), but its count still says "more".
 */
function matchesStatement(
  { db, table, query }: TableQuery,
  columns: Record<string, typeof table.id>,
  { limit, offset, cap }: { limit: number; offset: number; cap: number },
): Preparable {
  const sortKeys = query.orderBy.map((_, i) => `_sort${i}`)
  const keyed = (id: unknown, keyOf: (i: number) => unknown) => {
    const selected: Record<string, unknown> = { [MATCH_ID]: id }
    sortKeys.forEach((key, i) => (selected[key] = keyOf(i)))
    return selected as Record<string, typeof table.id>
  }
  const matches = db.drizzle
    .select(keyed(table.id, (i) => sql`${query.orderBy[i]!.column}`.as(sortKeys[i]!)))
    .from(table)
    .where(query.where)
    .limit(cap + 1)
    .as('matches')
  const field = (source: unknown, key: string) => (source as Record<string, unknown>)[key] as never
  const ordered = (source: unknown) => query.orderBy.map(({ order }, i) => order(field(source, sortKeys[i]!)))
  const page = db.drizzle
    .select({
      ...keyed(field(matches, MATCH_ID), (i) => field(matches, sortKeys[i]!)),
      [MATCHES]: sql<number>`count(*) over ()`.mapWith(Number).as(MATCHES),
    })
    .from(matches)
    .orderBy(...ordered(matches))
    .limit(limit)
    .offset(offset)
    .as('page')
  return db.drizzle
    .select({ ...columns, [MATCHES]: field(page, MATCHES) })
    .from(page)
    .innerJoin(table, eq(table.id, field(page, MATCH_ID)))
    .orderBy(...ordered(page)) as unknown as Preparable
}

/**
 * How many documents of `collection` match `where`, per value of `field` (a plain column, see
 * {@link isPlainColumn}), in one grouped statement, each value as the adapter's find returns it;
 * undefined when this cannot be answered so (MongoDB, or a Where through arrays or relationships).
 * Values no document holds are absent. Below Payload's operations, like {@link selectRows}.
 */
export async function countRowsBy(
  payload: Payload,
  collection: CollectionSlug,
  { where, field }: { where: Where; field: FlattenedField },
): Promise<Map<unknown, number> | undefined> {
  const rows = (await shapedRows(
    payload,
    payload.collections[collection].config,
    `count|${collection}|${field.name}`,
    where,
    (shapedWhere) => {
      const sqlTable = tableQueryOf(payload, collection, shapedWhere)
      if (!sqlTable) return undefined
      const { db, table, query } = sqlTable
      const column = table[field.name]
      return db.drizzle
        .select({ value: column, n: sql<number>`count(*)`.mapWith(Number) })
        .from(table)
        .where(query.where)
        .groupBy(column) as unknown as Preparable
    },
  )) as { value: unknown; n: number }[] | undefined
  const convert = converterOf(payload, field)
  return rows && new Map(rows.map(({ value, n }) => [convert(value), n]))
}

/**
 * How many documents of `collection` match `where`, in one statement whose text is built once per
 * shape (statementShapes.ts); undefined when this cannot be answered so (MongoDB, or a Where
 * through arrays or relationships). Below Payload's operations, like {@link selectRows}.
 */
export async function countRows(
  payload: Payload,
  collection: CollectionSlug,
  where: Where,
): Promise<number | undefined> {
  const config = payload.collections[collection].config
  const rows = (await shapedRows(payload, config, `total|${collection}`, where, (shapedWhere) => {
    const sqlTable = tableQueryOf(payload, collection, shapedWhere)
    if (!sqlTable) return undefined
    const { db, table, query } = sqlTable
    return db.drizzle
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(table)
      .where(query.where) as unknown as Preparable
  })) as { n: number }[] | undefined
  return rows && Number(rows[0]?.n ?? 0)
}
