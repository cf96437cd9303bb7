/**
 * The drizzle table behind a collection on the SQL adapters, for the few read paths that query it
 * below Payload's operations (countUpTo.ts, selectRows.ts, sumByGroup.ts), and Payload's own
 * translation of a Where and sort for it.
 */
import { buildQuery } from '@payloadcms/drizzle'
import type { DrizzleAdapter } from '@payloadcms/drizzle/types'
import type { CollectionSlug, Payload, Sort, Where } from 'payload'
import { and } from '@payloadcms/db-postgres/drizzle'
import { relationConditions } from './relationRows'

/** A collection's table and the adapter that holds it. */
export interface DrizzleTable {
  db: Payload['db'] & DrizzleAdapter
  tableName: string
  table: DrizzleAdapter['tables'][string]
}

const isDrizzle = (db: Payload['db']): db is Payload['db'] & DrizzleAdapter =>
  'drizzle' in db && 'tableNameMap' in db && 'tables' in db

/** The table of `collection`, or undefined on MongoDB (or a table the adapter does not know). */
export function drizzleTableOf(payload: Payload, collection: CollectionSlug): DrizzleTable | undefined {
  const { db } = payload
  if (!isDrizzle(db)) return undefined
  // Keyed as the adapters key it: the slug in snake case.
  const tableName = db.tableNameMap.get(
    payload.collections[collection].config.slug
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/-/g, '_')
      .toLowerCase(),
  )
  const table = tableName ? db.tables[tableName] : undefined
  return tableName && table ? { db, tableName, table } : undefined
}

/** A collection's table with a Where (and sort) translated for it. */
export interface TableQuery extends DrizzleTable {
  query: ReturnType<typeof buildQuery>
}

/**
 * `where` and `sort` as the drizzle adapters translate them for their find and count
 * (`buildQuery`, so operators mean what they mean everywhere else), with the collection's table;
 * undefined when one statement on that table cannot answer it: MongoDB, or a Where through arrays
 * or relationships (joins). An `equals`/`in` on a relationship to many documents in the Where's
 * top-level conjunction is an EXISTS on the relationship table instead (relationRows.ts).
 */
export function tableQueryOf(
  payload: Payload,
  collection: CollectionSlug,
  where: Where,
  sort?: Sort,
): TableQuery | undefined {
  const sqlTable = drizzleTableOf(payload, collection)
  if (!sqlTable) return undefined
  const { db, tableName } = sqlTable
  const fields = payload.collections[collection].config.flattenedFields
  const { rest, conditions } = relationConditions(payload, sqlTable, fields, where)
  const query = buildQuery({ adapter: db, fields, tableName, where: rest, sort })
  if (query.joins.length > 0) return undefined
  if (conditions.length > 0) query.where = and(query.where, ...conditions)!
  return { ...sqlTable, query }
}
