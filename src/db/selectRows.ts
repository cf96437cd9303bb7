/**
 * A page of a collection's documents in one SQL statement through the drizzle adapter, for read
 * paths that cannot afford `payload.find` (NOTES-payload.md, "Where the time goes"): Payload's own
 * translation of the Where and the sort (the adapters' `buildQuery`, which their find and count
 * use, so operators mean what they mean everywhere else), the columns of the fields asked for,
 * and each value as the adapter's find returns it at depth 0.
 *
 * Below Payload's operations: no access, hooks or field rules apply. The caller passes the access
 * Where of its user and leaves out the fields the user may not read (see recordRowsForUser.ts).
 */
import { buildQuery } from '@payloadcms/drizzle'
import type { CollectionSlug, FlattenedField, Payload, Sort, Where } from 'payload'
import { drizzleTableOf } from './drizzleTable'

/** What {@link selectRows} reads. */
export interface RowQuery {
  where: Where
  sort: Sort
  limit: number
  offset: number
  /** top-level fields, each a plain column (see {@link isPlainColumn}) */
  fields: readonly FlattenedField[]
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

/** A value as the adapter's read transform turns it (its traverseFields, for the types above). */
function valueOf(payload: Payload, field: FlattenedField, value: unknown): unknown {
  if (field.type === 'relationship' || field.type === 'upload') {
    const custom = typeof field.relationTo === 'string' && payload.collections[field.relationTo as CollectionSlug]
    return value && custom && custom.customIDType === 'number' ? Number(value) : value
  }
  if (typeof value !== 'string') return value
  if (field.type === 'date') return new Date(value).toISOString()
  if (field.type === 'number') return Number.parseFloat(value)
  return value
}

/**
 * The documents of `collection` matching `where`, in `sort` order, `limit` of them after `offset`,
 * each with `id` and `fields`; undefined when this cannot be answered in one statement (MongoDB,
 * or a Where through arrays or relationships): the caller then asks Payload.
 */
export async function selectRows(
  payload: Payload,
  collection: CollectionSlug,
  { where, sort, limit, offset, fields }: RowQuery,
): Promise<Row[] | undefined> {
  const sqlTable = drizzleTableOf(payload, collection)
  if (!sqlTable) return undefined
  const { db, tableName, table } = sqlTable
  const query = buildQuery({
    adapter: db,
    fields: payload.collections[collection].config.flattenedFields,
    tableName,
    where,
    sort,
  })
  if (query.joins.length > 0) return undefined
  // The table's columns, typed as the adapter types its tables (either driver's).
  const columns: Record<string, typeof table.id> = { id: table.id }
  for (const field of fields) columns[field.name] = table[field.name]
  const rows = (await db.drizzle
    .select(columns)
    .from(table)
    .where(query.where)
    .orderBy(...query.orderBy.map(({ column, order }) => order(column)))
    .limit(limit)
    .offset(offset)) as Row[]
  for (const row of rows) for (const field of fields) row[field.name] = valueOf(payload, field, row[field.name])
  return rows
}
