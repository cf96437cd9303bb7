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
import { sql } from '@payloadcms/db-postgres/drizzle'
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
  /**
   * Read the matches first, at most this many and in whatever order is cheapest, and sort those
   * (see {@link matchesFirst}): for a Where whose selective part only an unordered index answers
   * (a search), where the planner may otherwise walk the sort's index through every row that does
   * not match. When more match, or the page lies further, the page is read in order.
   */
  matchesFirst?: number
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
   * With `matchesFirst`: how many records match, up to `matchesFirst` + 1 (more than
   * `matchesFirst` when it is that), as far as the read told; undefined when it did not.
   */
  matches?: number
}

/**
 * The documents of `collection` matching `where`, in `sort` order, `limit` of them after `offset`,
 * each with `id` and `fields`; undefined when this cannot be answered in one statement (MongoDB,
 * or a Where through arrays or relationships): the caller then asks Payload.
 */
export async function selectRows(
  payload: Payload,
  collection: CollectionSlug,
  { where, sort, limit, offset, fields, matchesFirst: cap }: RowQuery,
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
  let first: { rows: Row[]; matches: number } | undefined
  if (cap !== undefined && lists.length === 0 && offset + limit <= cap) {
    const sqlTable = tableQueryOf(payload, collection, where, sort)
    if (!sqlTable) return undefined
    first = await matchesFirst(sqlTable, sqlTable.query, columnsOf(sqlTable), { limit, offset, cap })
  }
  let selected: SelectedRows
  if (first && cap !== undefined && first.matches <= cap) selected = first
  else {
    const rows = await orderedRows(payload, collection, { where, sort, limit, offset, fields }, columnsOf)
    if (!rows) return undefined
    selected = { rows, matches: first?.matches }
  }
  const converted = fields.map((field) => {
    const convert = converterOf(payload, field)
    return { name: field.name, convert, list: lists.includes(field) }
  })
  for (const row of selected.rows)
    for (const { name, convert, list } of converted)
      row[name] = list ? relationIds(row[name]).map(convert) : convert(row[name])
  return selected
}

/** The page in `sort` order, its statement's text built once per shape (statementShapes.ts). */
async function orderedRows(
  payload: Payload,
  collection: CollectionSlug,
  { where, sort, limit, offset, fields }: Omit<RowQuery, 'matchesFirst'>,
  columnsOf: (sqlTable: DrizzleTable) => Record<string, DrizzleTable['table'][string]>,
): Promise<Row[] | undefined> {
  const key = `rows|${collection}|${fields.map((field) => field.name).join(',')}|${JSON.stringify(sort)}|${limit}|${offset}`
  const rows = await shapedRows(payload, payload.collections[collection].config, key, where, (shapedWhere) => {
    const sqlTable = tableQueryOf(payload, collection, shapedWhere, sort)
    if (!sqlTable) return undefined
    const { db, table, query } = sqlTable
    return db.drizzle
      .select(columnsOf(sqlTable))
      .from(table)
      .where(query.where)
      .orderBy(...query.orderBy.map(({ column, order }) => order(column)))
      .limit(limit)
      .offset(offset) as unknown as Preparable
  })
  return rows as Row[] | undefined
}

const MATCHES = '_matches'

/**
 * The page from at most `cap` + 1 matches read in no particular order (a LIMIT without ORDER BY
 * in a subquery, which the planner cannot reorder), sorted after, with how many there were: for a
 * rare search term the planner reads them through the search index, instead of walking the sort's
 * index backwards through a large tenant's records in the hope of meeting 50 matches soon (110 to
 * 300 ms when the matches are old, bench/records.ts). When more than `cap` match, its rows are not
 * the page (only an ordered read knows which come first), but its count still says "more". An
 * empty page tells no count: undefined.
 */
async function matchesFirst(
  { db, table }: DrizzleTable,
  query: TableQuery['query'],
  columns: Record<string, typeof table.id>,
  { limit, offset, cap }: { limit: number; offset: number; cap: number },
): Promise<{ rows: Row[]; matches: number } | undefined> {
  const sortKeys = query.orderBy.map((_, i) => `_sort${i}`)
  const inner: Record<string, unknown> = { ...columns }
  query.orderBy.forEach(({ column }, i) => (inner[sortKeys[i]!] = sql`${column}`.as(sortKeys[i]!)))
  const matches = db.drizzle
    .select(inner as typeof columns)
    .from(table)
    .where(query.where)
    .limit(cap + 1)
    .as('matches')
  const outer: Record<string, unknown> = { [MATCHES]: sql<number>`count(*) over ()`.mapWith(Number) }
  for (const key of Object.keys(columns)) outer[key] = matches[key as keyof typeof matches]
  const rows = (await db.drizzle
    .select(outer as typeof columns)
    .from(matches)
    .orderBy(...query.orderBy.map(({ order }, i) => order(matches[sortKeys[i]! as keyof typeof matches] as never)))
    .limit(limit)
    .offset(offset)) as Row[]
  if (rows.length === 0) return offset === 0 ? { rows, matches: 0 } : undefined
  const count = Number(rows[0]![MATCHES])
  for (const row of rows) delete row[MATCHES]
  return { rows, matches: count }
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
