/**
 * Relationships to many documents of one collection (`hasMany`, one `relationTo`, not localized),
 * which the drizzle adapters keep in the collection's `_rels` table (one row per related id, with
 * its `path` and `order`), for the read paths below Payload's operations (selectRows.ts): a Where
 * leaf on such a field as an EXISTS subquery on that table, where the adapter's `buildQuery` joins
 * it (and the caller had to fall back to the adapter's relational find, the costliest part of the
 * portal's first screen, bench/portal.ts), and the related ids of a page's rows in one statement.
 * Only `equals` and `in` with ids of the related collection's id type are answered here; any
 * other leaf on such a field is left to `buildQuery`.
 */
import type { CollectionSlug, FlattenedField, Payload, Where } from 'payload'
import { and, asc, inArray, sql, type SQL } from '@payloadcms/db-postgres/drizzle'
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
 * The related ids of each of `rows` for each of `fields` (relation lists), in their stored order,
 * read in one statement and set on the rows as the adapter's find sets them at depth 0 (an array
 * of ids, empty when there are none).
 */
export async function readRelationLists(
  sqlTable: DrizzleTable,
  fields: readonly FlattenedField[],
  rows: Record<string, unknown>[],
  idOf: (field: FlattenedField, value: unknown) => unknown,
): Promise<void> {
  if (fields.length === 0) return
  for (const row of rows) for (const field of fields) row[field.name] = []
  if (rows.length === 0) return
  const { db } = sqlTable
  const { rels } = relsOf(sqlTable, fields[0]!)
  const columns: Record<string, Column> = { parent: rels.parent!, path: rels.path! }
  fields.forEach((field, i) => (columns[`r${i}`] = relsOf(sqlTable, field).column))
  const found = (await db.drizzle
    .select(columns)
    .from(rels)
    .where(
      and(
        inArray(
          rels.parent!,
          rows.map((row) => row.id as number),
        ),
        inArray(
          rels.path!,
          fields.map((field) => field.name),
        ),
      ),
    )
    .orderBy(asc(rels.order!), asc(rels.id!))) as Record<string, unknown>[]
  const byId = new Map(rows.map((row) => [String(row.id), row]))
  for (const relation of found) {
    const row = byId.get(String(relation.parent))
    const i = fields.findIndex((field) => field.name === relation.path)
    const value = relation[`r${i}`]
    if (row && i >= 0 && value !== null && value !== undefined)
      (row[fields[i]!.name] as unknown[]).push(idOf(fields[i]!, value))
  }
}
