/**
 * Many records written with one statement each way, below Payload's operations, on the SQL
 * databases: a multi-row INSERT that leaves out records whose (tenant, type, source, external id)
 * another writer holds, and a multi-row UPDATE. Only for callers that have decided beforehand
 * everything Payload's hooks, validation and access would (plugins/integrations/bulkUpsert.ts),
 * inside the transaction of their `req`, through the adapter's drizzle and its table.
 *
 * The rows travel as one JSON parameter that the database expands (PostgreSQL
 * jsonb_array_elements, SQLite json_each): drizzle's builder spent as long turning 500 rows of
 * 28 columns into 14,000 parameters as PostgreSQL spent inserting them. Rows are written in the
 * order of their external id (inserts) or id (updates), so that two batches writing the same
 * records lock them in the same order and never wait for each other in a circle. MongoDB has no
 * row writer (see {@link recordRowsOf}).
 */
import type { DrizzleAdapter, DrizzleTransaction } from '@payloadcms/drizzle/types'
// drizzle's `sql` builds queries for either driver (its entities are told apart by a global symbol).
import { sql } from '@payloadcms/db-postgres/drizzle'
import type { Payload, PayloadRequest } from 'payload'
import type { RecordData } from '../../src/records/dataValidator'
import type { RecordId } from '../../src/records/fieldKinds'
import type { RecordColumns } from '../../src/records/recordColumns'
import { Slugs } from '../slugs'

/** What an update writes: the data, what is copied from it, the type revision it is written for, and the times. */
export type RecordRowChange = RecordColumns & {
  data: RecordData
  typeRevision: number
  syncedAt: string
  updatedAt: string
}

/** A new record's row. */
export type NewRecordRow = RecordRowChange & {
  type: RecordId
  tenant: RecordId
  source: string
  externalId: string
  createdAt: string
}

/** The row of an existing record to update. */
export type RecordRowUpdate = RecordRowChange & { id: RecordId }

/** Writes record rows in the transaction of a request. */
export interface RecordRows {
  /** Inserts the rows; those whose external id another record holds are skipped (not in the result). */
  insert(rows: NewRecordRow[]): Promise<{ id: RecordId; externalId: string }[]>
  /** Updates the rows; the ids of records that no longer exist are not in the result. */
  update(rows: RecordRowUpdate[]): Promise<RecordId[]>
}

const CHANGED = [
  'data',
  'typeRevision',
  'syncedAt',
  'updatedAt',
  'title',
  'status',
  'statusCategory',
  'searchText',
  's1',
  's2',
  's3',
  's4',
  's5',
  's6',
  'n1',
  'n2',
  'n3',
  'n4',
  'd1',
  'd2',
  'd3',
  'd4',
] as const satisfies readonly (keyof RecordRowChange)[]
const CREATED = [...CHANGED, 'type', 'tenant', 'source', 'externalId', 'createdAt'] as const
const UPDATED = ['id', ...CHANGED] as const

type Adapter = DrizzleAdapter & { name: string }
type Column = { name: string; getSQLType(): string }
type Query = ReturnType<typeof sql>

/** How a dialect expands the JSON rows, reads one key of a row as a column's value, and runs a query. */
interface Dialect {
  rowsOf: (json: string) => Query
  value: (key: string, column: Column) => string
  rows: (tx: DrizzleTransaction, query: Query) => Promise<Record<string, unknown>[]>
}

const DIALECTS: Record<string, Dialect> = {
  postgres: {
    rowsOf: (json) => sql`jsonb_array_elements(${json}::jsonb) as e`,
    value: (key, column) => {
      const type = column.getSQLType() === 'serial' ? 'integer' : column.getSQLType()
      return type === 'jsonb' ? `(e -> '${key}')` : `(e ->> '${key}')::${type}`
    },
    rows: async (tx, query) =>
      (await (tx as { execute: (q: Query) => Promise<{ rows: Record<string, unknown>[] }> }).execute(query)).rows,
  },
  sqlite: {
    rowsOf: (json) => sql`json_each(${json}) as e`,
    // Objects come out as their JSON text, which is how the json column stores them.
    value: (key) => `json_extract(e.value, '$.${key}')`,
    rows: (tx, query) => (tx as { all: (q: Query) => Promise<Record<string, unknown>[]> }).all(query),
  },
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * The row writer for `payload`'s database, or undefined where there is none: MongoDB, which has no
 * server on the machines this was built and measured on, keeps writing records one by one.
 */
export function recordRowsOf(payload: Payload, req: PayloadRequest): RecordRows | undefined {
  const adapter = payload.db as unknown as Adapter
  const dialect = DIALECTS[adapter.name]
  const tableName = adapter.tableNameMap?.get(Slugs.records) ?? Slugs.records
  const table = adapter.tables?.[tableName] as Record<string, Column> | undefined
  if (!dialect || !table) return undefined
  const column = (key: string) => quoted(table[key]!.name)
  const id = column('id')
  const target = quoted(tableName)
  /** `select <value> as <column>, … from <the rows>`: the rows as a table of the given columns. */
  const source = (keys: readonly string[], rows: object[]) =>
    sql`select ${sql.raw(keys.map((key) => `${dialect.value(key, table[key]!)} as ${column(key)}`).join(', '))}
      from ${dialect.rowsOf(JSON.stringify(rows))}`
  const transaction = async () => {
    const session = adapter.sessions[String(await req.transactionID)]
    if (!session) throw new Error('record rows are written inside a transaction of the request')
    return session.db
  }

  return {
    async insert(rows) {
      if (rows.length === 0) return []
      const sorted = [...rows].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0))
      const names = CREATED.map(column).join(', ')
      // SQLite needs a WHERE before ON CONFLICT, or it reads the conflict clause as a join's.
      const query = sql`insert into ${sql.raw(`${target} (${names})`)}
        select ${sql.raw(names)} from (${source(CREATED, sorted)}) as r where true
        on conflict do nothing returning ${sql.raw(`${id}, ${column('externalId')}`)}`
      return (await dialect.rows(await transaction(), query)).map((row) => ({
        id: row[table.id!.name] as RecordId,
        externalId: row[table.externalId!.name] as string,
      }))
    },

    async update(rows) {
      if (rows.length === 0) return []
      const sorted = [...rows].sort((a, b) => Number(a.id) - Number(b.id))
      const assignments = CHANGED.map((key) => `${column(key)} = r.${column(key)}`).join(', ')
      const query = sql`update ${sql.raw(target)} set ${sql.raw(assignments)}
        from (${source(UPDATED, sorted)}) as r where ${sql.raw(`${target}.${id} = r.${id}`)}
        returning ${sql.raw(`${target}.${id}`)}`
      return (await dialect.rows(await transaction(), query)).map((row) => row[table.id!.name] as RecordId)
    },
  }
}
