/**
 * The SQL a piece of work makes the database run, caught where the driver receives it (pg's
 * Client.query, libsql's execute), and the query plans of those statements: so a test examines the
 * statement Payload really issues, not a hand-written twin.
 */
import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import pg from 'pg'
import type { Payload } from 'payload'

/** One statement with its parameters. */
export interface Statement {
  sql: string
  params: unknown[]
  /** a named (prepared) statement's name, on PostgreSQL */
  name?: string
}

type Query = (this: pg.Client, ...args: unknown[]) => unknown
type LibsqlExecute = SQLiteAdapter['client']['execute']

const textOf = (query: unknown): string | undefined =>
  typeof query === 'string' ? query : (query as { text?: unknown } | null)?.text?.toString()

/** Every statement the database receives while `work` runs (SQLite and PostgreSQL). */
export async function statementsDuring(payload: Payload, work: () => Promise<unknown>): Promise<Statement[]> {
  const statements: Statement[] = []
  if (payload.db.name === 'postgres') {
    const prototype = pg.Client.prototype as unknown as { query: Query }
    const query = prototype.query
    prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const sql = textOf(args[0])
      const params = Array.isArray(args[1]) ? args[1] : ((args[0] as { values?: unknown[] })?.values ?? [])
      const name = (args[0] as { name?: string } | null)?.name
      if (sql !== undefined) statements.push({ sql, params, ...(name ? { name } : {}) })
      return query.apply(this, args)
    }
    try {
      await work()
    } finally {
      prototype.query = query
    }
    return statements
  }
  const client = (payload.db as unknown as SQLiteAdapter).client
  const execute = client.execute
  client.execute = ((statement: Parameters<LibsqlExecute>[0]) => {
    if (typeof statement === 'string') statements.push({ sql: statement, params: [] })
    else statements.push({ sql: statement.sql, params: (statement.args ?? []) as unknown[] })
    return execute.call(client, statement as never)
  }) as LibsqlExecute
  try {
    await work()
  } finally {
    client.execute = execute
  }
  return statements
}

/**
 * The plan the database chooses for `statement`, one line per step: PostgreSQL's EXPLAIN (costs
 * off), SQLite's EXPLAIN QUERY PLAN details.
 */
export async function queryPlan(payload: Payload, statement: Statement): Promise<string> {
  if (payload.db.name === 'postgres') {
    const { rows } = await (payload.db as unknown as PostgresAdapter).pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (COSTS OFF) ${statement.sql}`,
      statement.params,
    )
    return rows.map((row) => row['QUERY PLAN']).join('\n')
  }
  const { rows } = await (payload.db as unknown as SQLiteAdapter).client.execute({
    sql: `EXPLAIN QUERY PLAN ${statement.sql}`,
    args: statement.params as never,
  })
  return rows.map((row) => String(row.detail)).join('\n')
}

/** Runs `sql` as it is (test set-up: bulk inserts, ANALYZE). */
export async function runSql(payload: Payload, sql: string, params: unknown[] = []): Promise<void> {
  if (payload.db.name === 'postgres') await (payload.db as unknown as PostgresAdapter).pool.query(sql, params)
  else await (payload.db as unknown as SQLiteAdapter).client.execute({ sql, args: params as never })
}

/**
 * The search index objects present (searchIndex.ts), sorted: PostgreSQL's extension and indexes,
 * SQLite's FTS5 tables and triggers.
 */
export async function searchIndexObjects(payload: Payload): Promise<string[]> {
  if (payload.db.name === 'postgres') {
    const { rows } = await (payload.db as unknown as PostgresAdapter).pool.query<{ name: string }>(
      `SELECT extname AS name FROM pg_extension WHERE extname IN ('pg_trgm', 'btree_gin')
       UNION ALL SELECT indexname FROM pg_indexes WHERE tablename = 'records' AND indexname LIKE 'records\\_search%'`,
    )
    return rows.map((row) => row.name).sort()
  }
  const { rows } = await (payload.db as unknown as SQLiteAdapter).client.execute(
    `SELECT name FROM sqlite_master WHERE name LIKE 'records\\_search%' ESCAPE '\\'
       AND (type = 'trigger' OR sql LIKE 'CREATE VIRTUAL TABLE%')`,
  )
  return rows.map((row) => String(row.name)).sort()
}

/** What {@link searchIndexObjects} lists when the search index is complete. */
export const SEARCH_INDEX_OBJECTS: Record<'sqlite' | 'postgres', string[]> = {
  postgres: [
    'btree_gin',
    'pg_trgm',
    'records_search_numbers_idx',
    'records_search_trigram_idx',
    'records_search_words_idx',
  ],
  sqlite: [
    'records_search_delete',
    'records_search_insert',
    'records_search_trigram',
    'records_search_update',
    'records_search_words',
  ],
}
