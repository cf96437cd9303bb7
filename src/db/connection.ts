/**
 * What Atrium needs from the database connection beyond Payload: a readiness ping, running the
 * committed migrations, and closing cleanly (payload.destroy() leaves connections open).
 */
import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import type { Pool, PoolClient } from 'pg'
import type { Migration, Payload } from 'payload'
import { closeEmailAdapter } from '../email/emailAdapter'
import { closeCollectionSnapshots } from './collectionSnapshot'

type Adapter =
  | ({ name: 'sqlite' } & SQLiteAdapter)
  | ({ name: 'postgres' } & PostgresAdapter)
  | ({ name: 'mongoose' } & MongooseAdapter)

const adapterOf = (payload: Payload) => payload.db as unknown as Adapter

/** Resolves when the database answers a trivial query, rejects otherwise. */
export async function pingDatabase(payload: Payload): Promise<void> {
  const db = adapterOf(payload)
  switch (db.name) {
    case 'sqlite':
      await db.client.execute('select 1')
      return
    case 'postgres':
      await db.pool.query('select 1')
      return
    case 'mongoose':
      if (!db.connection.db) throw new Error('MongoDB is not connected')
      await db.connection.db.admin().ping()
      return
  }
}

/**
 * Logs connection errors instead of letting them crash the process. pg's pool emits 'error' when an
 * idle connection dies (the server restarted, an administrator ended it) and Node throws an 'error'
 * event nobody listens to; the pool replaces the connection on the next query.
 */
export function watchConnectionErrors(payload: Payload): void {
  const db = adapterOf(payload)
  if (db.name !== 'postgres') return
  db.pool.on('error', (err) => payload.logger.warn({ err }, 'PostgreSQL connection lost; it will be replaced'))
}

/** Applies the committed migrations that this database has not run yet (SQL databases only). */
export async function runMigrations(payload: Payload): Promise<void> {
  const db = adapterOf(payload)
  if (db.name === 'mongoose') return
  const { migrations } = (await (db.name === 'sqlite'
    ? import('./migrations/sqlite/index')
    : import('./migrations/postgres/index'))) as { migrations: Migration[] }
  await payload.db.migrate({ migrations })
}

// pg keeps these private; the Postgres adapter checks one client out at connect and never returns it,
// so pool.end() would wait for it forever unless it is released first.
type PoolInternals = Pool & { _clients?: PoolClient[]; _idle?: { client: PoolClient }[] }

// getPayload caches instances in a global Map by key and never evicts them; a closed instance must
// not be handed out again (to the REST bridge, say) when the process opens a new one.
function forgetCachedInstance(payload: Payload) {
  const cache = (globalThis as { _payload?: Map<string, { payload: Payload | null }> })._payload
  for (const [key, entry] of cache ?? []) if (entry.payload === payload) cache?.delete(key)
}

/** Stops Payload, closes every database and mail server connection (so the process can exit by itself) and forgets the instance. */
export async function closePayload(payload: Payload): Promise<void> {
  forgetCachedInstance(payload)
  closeEmailAdapter(payload)
  await closeCollectionSnapshots(payload)
  const db = adapterOf(payload)
  switch (db.name) {
    case 'sqlite': {
      const client = db.client
      await payload.destroy()
      client?.close()
      return
    }
    case 'postgres': {
      const pool = db.pool as PoolInternals | undefined
      await payload.destroy()
      if (!pool) return
      const idle = new Set(pool._idle?.map((item) => item.client))
      for (const client of pool._clients ?? []) if (!idle.has(client)) client.release()
      await pool.end()
      return
    }
    case 'mongoose':
      // The Mongoose adapter's destroy closes its own connection.
      await payload.destroy()
      return
  }
}
