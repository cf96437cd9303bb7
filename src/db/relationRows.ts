/**
 * Relationships to many documents of one collection (`hasMany`, one `relationTo`, not localized),
 * which the drizzle adapters keep in the collection's `_rels` table (one row per related id, with
 * its `path` and `order`), for the read paths below Payload's operations (selectRows.ts): a Where
 * leaf on such a field as an EXISTS subquery on that table, where the adapter's `buildQuery` joins
 * it (and the caller had to fall back to the adapter's relational find, the costliest part of the
 * portal's first screen, bench/portal.ts), and the related ids of each row as a column of the
 * same statement.
 * Only `equals` and `in` with ids of the related collection's id type are answered here; any
 * other leaf on such a field is left to `buildQuery`.
 */
import type { CollectionSlug, FlattenedField, Payload, Where } from 'payload'
import { inArray, sql, type SQL } from '@payloadcms/db-postgres/drizzle'
import type { DrizzleTable } from './drizzleTable'

/** Whether a field is a relationship to many documents of one collection, kept in the `_rels` table. */
export function isRelationList(field: FlattenedField): boolean {
  return (
    (field.type === 'relationship' || field.type === 'upload') &&
    'hasMany' in field &&
    Boolean(field.hasMany) &&
    typeof field.relationTo === 'string' &&
    !('localized' in field && field.localized)
  )
}

type Column = DrizzleTable['table'][string]

/** The `_rels` table of a collection's table and the column of `field`'s related ids in it. */
function relsOf(sqlTable: DrizzleTable, field: FlattenedField): { rels: DrizzleTable['table']; column: Column } {
  const { db, tableName } = sqlTable
  const rels = db.tables[`${tableName}${db.relationshipsSuffix ?? '_rels'}`]
  const relationTo = (field as { relationTo: string }).relationTo
  const column = rels?.[`${relationTo}ID`]
  if (!rels || !column) throw new Error(`No relationship table for ${tableName}.${field.name}`)
  return { rels, column }
}

/** `value` as an id of `collection` as stored, or undefined when it is not one (Payload decides then). */
function storedId(payload: Payload, collection: string, value: unknown): string | number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const custom = payload.collections[collection as CollectionSlug]?.customIDType
  if (custom === 'text') return String(value)
  if (custom === 'number')
    return Number.isFinite(Number(value)) && String(value).trim() !== '' ? Number(value) : undefined
  if (payload.db.defaultIDType === 'text')
    return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined
  return /^-?\d{1,15}$/.test(String(value)) ? Number(value) : undefined
}

/** The ids a leaf `{ equals }` or `{ in }` names, or undefined when it is anything else. */
function leafIds(payload: Payload, field: FlattenedField, leaf: unknown): (string | number)[] | undefined {
  if (!leaf || typeof leaf !== 'object' || Object.keys(leaf).length !== 1) return undefined
  const [operator, value] = Object.entries(leaf)[0] as [string, unknown]
  const values =
    operator === 'equals'
      ? [value]
      : operator === 'in'
        ? Array.isArray(value)
          ? value
          : typeof value === 'string'
            ? value.split(',')
            : undefined
        : undefined
  if (!values || values.length === 0) return undefined
  const ids = values.map((id) => storedId(payload, (field as { relationTo: string }).relationTo, id))
  return ids.every((id) => id !== undefined) ? (ids as (string | number)[]) : undefined
}

/**
 * `where` split into what `buildQuery` translates (`rest`) and, for each `equals`/`in` leaf on a
 * relation list in its top-level conjunction, an EXISTS condition on the `_rels` table: the same
 * documents, "some related id is one of these", that the adapter's join finds.
 */
export function relationConditions(
  payload: Payload,
  sqlTable: DrizzleTable,
  fields: readonly FlattenedField[],
  where: Where,
): { rest: Where; conditions: SQL[] } {
  const rest: Where[] = []
  const conditions: SQL[] = []
  const visit = (node: Where) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'and' && Array.isArray(value)) {
        for (const child of value as Where[]) visit(child)
        continue
      }
      const field = fields.find((candidate) => candidate.name === key)
      const ids = field && isRelationList(field) ? leafIds(payload, field, value) : undefined
      if (!field || !ids) {
        rest.push({ [key]: value } as Where)
        continue
      }
      const { rels, column } = relsOf(sqlTable, field)
      conditions.push(
        sql`exists (select 1 from ${rels} where ${rels.parent} = ${sqlTable.table.id} and ${rels.path} = ${key} and ${inArray(column, ids)})`,
      )
    }
  }
  visit(where)
  return { rest: rest.length === 0 ? {} : { and: rest }, conditions }
}

/**
 * The related ids of `field` (a relation list) of each row, in their stored order, as one more
 * column of the row's own statement (a correlated subquery aggregating them into a JSON array), so
 * that a page of documents with their relation lists is still one statement. {@link relationIds}
 * turns the column's value into what the adapter's find answers at depth 0: an array of ids,
 * empty when there are none.
 */
export function relationListColumn(sqlTable: DrizzleTable, field: FlattenedField): SQL {
  const { rels, column } = relsOf(sqlTable, field)
  const of = sql`${rels.parent} = ${sqlTable.table.id} and ${rels.path} = ${field.name} and ${column} is not null`
  return sqlTable.db.name === 'postgres'
    ? sql`coalesce((select json_agg(${column} order by ${rels.order}, ${rels.id}) from ${rels} where ${of}), '[]'::json)`
    : sql`(select coalesce(json_group_array(v), '[]') from (select ${column} as v from ${rels} where ${of} order by ${rels.order}, ${rels.id}))`
}

/** The ids a {@link relationListColumn} holds (PostgreSQL's driver parses JSON; SQLite's hands back text). */
export function relationIds(value: unknown): unknown[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value
  return Array.isArray(parsed) ? parsed : []
}
