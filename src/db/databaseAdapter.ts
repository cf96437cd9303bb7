/**
 * Picks Payload's database adapter from the validated DATABASE_URL.
 *
 * SQL schemas change only through the committed migrations in src/db/migrations/<kind>; `push`
 * (Payload's development schema sync) is for throw-away test databases alone.
 */
import { mongooseAdapter } from '@payloadcms/db-mongodb'
import { postgresAdapter } from '@payloadcms/db-postgres'
import { sqliteAdapter } from '@payloadcms/db-sqlite'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DatabaseAdapterObj } from 'payload'
import type { DatabaseSettings } from '../config/settings'
import { postgresNewestFirstIndex } from '../../collections/Records/newestFirstIndex'
import { postgresSearchIndexes } from '../records/searchIndex'
import { pgWithExplainedPool, postgresPoolOptions, withLimitedTransactions } from './postgresPool'
import { withRecordSearch } from './recordSearch'
import { withQueuedWrites } from './sqliteWriteLock'

/** Folder of the committed migrations for an SQL database kind. */
export function migrationDir(kind: 'sqlite' | 'postgres'): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations', kind)
}

/** Options that differ between a real installation and a throw-away test database. */
export interface DatabaseAdapterOptions {
  /** Sync the schema straight from the config instead of running migrations (tests only). */
  push: boolean
}

/** Payload's adapter for `database`. */
export function createDatabaseAdapter(
  database: DatabaseSettings,
  { push }: DatabaseAdapterOptions,
): DatabaseAdapterObj {
  switch (database.kind) {
    case 'sqlite':
      mkdirSync(path.dirname(database.file), { recursive: true })
      return withRecordSearch(
        withQueuedWrites(
          sqliteAdapter({
            client: { url: database.url },
            // Payload leaves SQLite transactions off unless this is set. (drizzle's libsql driver
            // ignores the behaviour: it always begins IMMEDIATE, taking the write lock up front.)
            // Writers in this process take turns in withQueuedWrites, not in SQLite.
            transactionOptions: { behavior: 'immediate' },
            // For other processes writing to the same file; withQueuedWrites applies it to every connection.
            busyTimeout: 5000,
            // Reads run beside a write instead of waiting for it.
            wal: true,
            push,
            migrationDir: migrationDir('sqlite'),
          }),
        ),
      )
    case 'postgres':
      // A sized pool and a bounded number of open transactions, or a burst of requests deadlocks the pool.
      return withRecordSearch(
        withLimitedTransactions(
          postgresAdapter({
            pool: postgresPoolOptions(database.url),
            pg: pgWithExplainedPool,
            push,
            migrationDir: migrationDir('postgres'),
            // Indexes on records beyond what Payload's config can say (searchIndex.ts,
            // newestFirstIndex.ts), in the drizzle schema, so that push and migrations carry them.
            afterSchemaInit: [postgresSearchIndexes, postgresNewestFirstIndex],
          }),
        ),
      )
    case 'mongodb':
      // Transactions need a replica set; on a standalone server the adapter turns them off itself.
      return withRecordSearch(mongooseAdapter({ url: database.url }))
  }
}
