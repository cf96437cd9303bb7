/**
 * Record search on each database adapter: where Payload's query path meets the search indexes of
 * src/records/searchIndex.ts.
 *
 * - Queries: a search term reaches the adapter as `searchText contains term` (searchQuery.ts). The
 *   SQL adapters build every `contains` through their `operators` map; for the records' search
 *   text column only, it becomes a question to the search index instead of `LIKE '%term%'`, so the
 *   term is a literal, never SQL or FTS syntax, and the same statement serves lists and counts.
 * - PostgreSQL: pg_trgm is created with the adapter's other extensions, before the schema is pushed
 *   or migrated; when the database user may not create it, start-up stops with what to run.
 * - SQLite: a schema push would drop the FTS5 tables (drizzle sees unknown tables), so push takes
 *   them down before it compares the schema, and builds them again after.
 * - MongoDB: Payload's MongoDB query builder has no such hook and cannot express `$text`, and a text
 *   index matches whole words only (no parts of codes), so a term stays Payload's case-insensitive
 *   regex on `searchText`: the same answers, read from the records the tenant and type's index
 *   narrows down to, not from an index of words. (No MongoDB server runs here; untested.)
 */
import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import { sql } from '@payloadcms/db-sqlite/drizzle'
import type { DrizzleAdapter } from '@payloadcms/drizzle/types'
import { getTableName } from '@payloadcms/db-postgres/drizzle'
import type { DatabaseAdapterObj } from 'payload'
import {
  PG_SEARCH_EXTENSIONS,
  RECORDS_TABLE,
  SEARCH_TEXT_COLUMN,
  SQLITE_SEARCH_INDEX,
  searchTermCondition,
} from '../records/searchIndex'

type Contains = DrizzleAdapter['operators']['contains']
type SearchColumn = Parameters<Contains>[0]

const isSearchText = (column: SearchColumn) =>
  column.name === SEARCH_TEXT_COLUMN && getTableName(column.table as never) === RECORDS_TABLE

/** `contains` that asks the search index when the column is the records' search text. */
function searchingContains(dialect: 'postgres' | 'sqlite', contains: Contains): Contains {
  return (column, value) => {
    // Payload hands `contains` its value wrapped in % (sanitizeQueryValue); the term is inside.
    if (!isSearchText(column) || typeof value !== 'string' || !/^%[\s\S]*%$/.test(value)) return contains(column, value)
    return searchTermCondition(dialect, column, value.slice(1, -1))
  }
}

const createStatements = PG_SEARCH_EXTENSIONS.map((name) => `CREATE EXTENSION IF NOT EXISTS ${name};`).join(' ')

/** The message that stops start-up when the search extensions are missing and cannot be created. */
export function searchExtensionsMissing(database: string, cause: string): string {
  return (
    `PostgreSQL: record search needs the ${PG_SEARCH_EXTENSIONS.join(' and ')} extensions in database ` +
    `"${database}", and this database user may not create them (${cause}). Run once, as a superuser ` +
    `or the database's owner: ${createStatements} Then start Atrium again.`
  )
}

function ensureSearchExtensions(instance: PostgresAdapter): void {
  const createOthers = instance.createExtensions.bind(instance)
  instance.createExtensions = async () => {
    try {
      for (const name of PG_SEARCH_EXTENSIONS) await instance.pool.query(`CREATE EXTENSION IF NOT EXISTS ${name}`)
    } catch (err) {
      const { rows } = await instance.pool.query<{ name: string }>('SELECT current_database() AS name')
      const cause = err instanceof Error ? err.message : String(err)
      throw new Error(searchExtensionsMissing(rows[0]?.name ?? '?', cause), { cause: err })
    }
    await createOthers()
  }
}

async function runAll(drizzle: SQLiteAdapter['drizzle'], statements: readonly string[]) {
  for (const statement of statements) await drizzle.run(sql.raw(statement))
}

function keepSqliteSearchIndexThroughPush(instance: SQLiteAdapter): void {
  const requireKit = instance.requireDrizzleKit.bind(instance)
  instance.requireDrizzleKit = () => {
    const kit = requireKit()
    return {
      ...kit,
      pushSchema: async (schema, drizzle, ...rest) => {
        const db = drizzle as unknown as SQLiteAdapter['drizzle']
        await runAll(db, SQLITE_SEARCH_INDEX.drop)
        const push = await kit.pushSchema(schema, drizzle, ...rest)
        const apply = push.apply as () => Promise<void>
        return {
          ...push,
          apply: async () => {
            await apply()
            await runAll(db, SQLITE_SEARCH_INDEX.create)
          },
        }
      },
    }
  }
}

/** `adapter` with record search wired in (see the module comment). */
export function withRecordSearch(adapter: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const instance = adapter.init(args)
      if (instance.name === 'postgres' || instance.name === 'sqlite') {
        const drizzle = instance as unknown as DrizzleAdapter
        const dialect = instance.name
        drizzle.operators = { ...drizzle.operators, contains: searchingContains(dialect, drizzle.operators.contains) }
      }
      if (instance.name === 'postgres') ensureSearchExtensions(instance as unknown as PostgresAdapter)
      if (instance.name === 'sqlite') keepSqliteSearchIndexThroughPush(instance as unknown as SQLiteAdapter)
      return instance
    },
  }
}
