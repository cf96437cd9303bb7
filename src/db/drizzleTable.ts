/**
 * The drizzle table behind a collection on the SQL adapters, for the few read paths that query it
 * below Payload's operations (countUpTo.ts, selectRows.ts).
 */
import type { DrizzleAdapter } from '@payloadcms/drizzle/types'
import type { CollectionSlug, Payload } from 'payload'

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
