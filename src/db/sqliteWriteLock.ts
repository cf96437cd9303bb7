/**
 * SQLite's one writer, taken in turns inside the process, so that Payload's writes wait instead of
 * failing with "database is locked".
 *
 * Why (read in @libsql/client 0.14, @payloadcms/db-sqlite and drizzle 3.90, payload 3.90):
 * - libsql runs every statement synchronously. `client.transaction()` keeps the current connection
 *   for the transaction and lazily opens a fresh one for everything else (lib-esm/sqlite3.js); the
 *   adapter ran its busy_timeout PRAGMA on the first connection only (db-sqlite connect.js), so the
 *   fresh one fails at once with SQLITE_BUSY. A busy timeout could not help in-process anyway: it
 *   would block the one event loop that has to finish the transaction holding the lock. (drizzle's
 *   libsql session always begins "write" transactions, BEGIN IMMEDIATE, whatever transactionOptions say.)
 * - Payload writes beside its own open transaction without its req (see transactionTurns.ts):
 *   forgotPassword reserves the request with `transactionID` removed (so forgot-password answered
 *   500 every time), the admin's document locks and the jobs runner use payload.db or an isolated
 *   req. And writes made outside any transaction (incrementLoginAttempts on a failed sign-in,
 *   preferences) met whatever transaction another request held.
 *
 * What this module does, on the adapter's transaction methods and on its libsql client:
 * - One turn (a TurnQueue of one, first come first served) stands for the write lock. A Payload
 *   transaction takes it at beginTransaction and gives it back at commit or rollback
 *   (takeTurnsForTransactions); a statement that may write, outside any transaction, takes it for
 *   that one statement. Reads (SELECT) never wait: with WAL they neither block nor are blocked.
 * - Statements of the flow that began a transaction which miss the transaction's req, reads included
 *   (so it sees its own writes), run on the transaction's own connection: queueing them would be a
 *   deadlock with itself. A nested beginTransaction in that flow gets null, Payload's "no
 *   transaction", so its writes join the same transaction too. They commit or roll back with it,
 *   where PostgreSQL would commit them on their own.
 * - Write transactions run one after another on one connection of their own, opened once, with
 *   BEGIN IMMEDIATE … COMMIT (writeTransaction below). libsql's own `transaction()` (0.14, and 0.15)
 *   hands the transaction the client's connection and opens a new one for the client: a connection
 *   per transaction, whose file descriptors were freed only when V8 happened to collect it — a burst
 *   of a few thousand transactions ran a process out of them (EMFILE; bench/workflows.ts found it).
 *   Every connection libsql opens gets the adapter's busy timeout (and WAL sync level), which matters
 *   only for other processes (a seed or migration run) writing to the same file.
 */
import { createClient, type Config as LibsqlConfig } from '@libsql/client'
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import type { BaseDatabaseAdapter, DatabaseAdapterObj } from 'payload'
import {
  heldInThisFlow,
  takeTurnsForTransactions,
  TurnQueue,
  type Release,
  type TransactionHold,
  type TransactionMethods,
} from './transactionTurns'

/**
 * How long a transaction or a single write waits for its turn before failing (a hung transaction,
 * or one nested through drizzle's own API).
 * Generous, because turns are taken one by one and Payload hashes passwords inside its transactions
 * (a burst of 20 sign-ups took 3–10 s here on a busy two-core machine).
 */
export const WRITE_LOCK_TIMEOUT_MS = 30_000

type LibsqlClient = SQLiteAdapter['client']
type LibsqlTransaction = Awaited<ReturnType<LibsqlClient['transaction']>>
type Statement = Parameters<LibsqlClient['execute']>[0]
type TransactionMode = 'write' | 'read' | 'deferred'

/** The parts of db-sqlite's adapter this module wraps. */
export type SqliteWriteTarget = TransactionMethods & {
  /** Created by the adapter's connect(); wrapped whenever it is set. */
  client: LibsqlClient | undefined
  /** Milliseconds; applied to every connection libsql opens (0: none). */
  busyTimeout?: number
  /** How the adapter made its client; with it, write transactions get a connection of their own. */
  clientConfig?: LibsqlConfig
  /** db-sqlite's WAL settings: the transactions' connection syncs like the client's. */
  wal?: boolean | { synchronous?: string }
}

const READ_ONLY = /^\s*(select|explain)\b/i

/** Whether `statement` only reads (so it needs no turn). Anything unrecognised counts as a write. */
export function isReadOnly(statement: Statement): boolean {
  return READ_ONLY.test(typeof statement === 'string' ? statement : statement.sql)
}

/** Queues `target`'s writes and routes those of a transaction's own flow into it (see the module comment). */
export function queueSqliteWrites(target: SqliteWriteTarget, timeoutMs = WRITE_LOCK_TIMEOUT_MS): void {
  const queue = new TurnQueue(1, 'SQLite write lock', 'a transaction is hung or nested')
  // Each Payload transaction's own libsql connection, once begun.
  const connections = new WeakMap<TransactionHold, LibsqlTransaction>()
  const wrapped = new WeakSet<LibsqlClient>()

  takeTurnsForTransactions(target, { queue, timeoutMs, nested: async () => null })

  const heldTransaction = () => {
    const hold = heldInThisFlow(queue)
    return hold?.state === 'open' ? connections.get(hold) : undefined
  }
  const inTurn = async <T>(write: () => Promise<T>): Promise<T> => {
    const release = await queue.acquire(timeoutMs)
    try {
      return await write()
    } finally {
      release()
    }
  }

  const wrapClient = (client: LibsqlClient) => {
    if (wrapped.has(client)) return
    wrapped.add(client)
    const execute = client.execute.bind(client)
    const batch = client.batch.bind(client)
    const executeMultiple = client.executeMultiple.bind(client)
    const migrate = client.migrate.bind(client)
    const nativeTransaction = client.transaction.bind(client) as (mode?: TransactionMode) => Promise<LibsqlTransaction>
    const close = client.close.bind(client)
    const settings = async (run: (sql: string) => Promise<unknown>) => {
      if (target.busyTimeout) await run(`PRAGMA busy_timeout = ${Math.floor(target.busyTimeout)}`)
      const synchronous = typeof target.wal === 'object' ? target.wal.synchronous : undefined
      if (synchronous) await run(`PRAGMA synchronous = ${synchronous}`)
    }
    // libsql opened a new connection for what follows its own transaction: give it the settings.
    const newConnection = () => (ownConnection ? Promise.resolve() : settings(execute))
    let ownConnection: LibsqlClient | undefined
    const transaction = async (mode?: TransactionMode): Promise<LibsqlTransaction> => {
      if (!target.clientConfig) return nativeTransaction(mode)
      if (!ownConnection) {
        const opened = createClient(target.clientConfig)
        await settings((sql) => opened.execute(sql))
        ownConnection = opened
      }
      return writeTransaction(ownConnection)
    }
    client.close = () => {
      ownConnection?.close()
      close()
    }

    client.execute = (statement) => {
      const tx = heldTransaction()
      if (tx) return tx.execute(statement)
      return isReadOnly(statement) ? execute(statement) : inTurn(() => execute(statement))
    }
    // Inside a held transaction a batch runs as part of it (no BEGIN/COMMIT of its own).
    client.batch = (statements, mode) => {
      const tx = heldTransaction()
      return tx ? tx.batch(statements) : inTurn(() => batch(statements, mode))
    }
    client.executeMultiple = (sql) => {
      const tx = heldTransaction()
      return tx ? tx.executeMultiple(sql) : inTurn(() => executeMultiple(sql))
    }
    client.migrate = (statements) => inTurn(() => migrate(statements))
    client.transaction = async (mode?: TransactionMode) => {
      const hold = heldInThisFlow(queue)
      if (hold?.state === 'beginning') {
        // Payload's beginTransaction, which already has the turn.
        const tx = await transaction(mode)
        connections.set(hold, tx)
        await newConnection()
        return tx
      }
      // Read-only transactions need no turn, so they may overlap a write transaction: libsql's own.
      if (mode === 'read') return nativeTransaction(mode)
      // A transaction opened past Payload (drizzle's own API): it takes a turn until it ends.
      const release = await queue.acquire(timeoutMs)
      try {
        const tx = await transaction(mode)
        await newConnection()
        return releasedWhenClosed(tx, release)
      } catch (err) {
        release()
        throw err
      }
    }
  }

  let client = target.client
  if (client) wrapClient(client)
  Object.defineProperty(target, 'client', {
    configurable: true,
    enumerable: true,
    get: () => client,
    set: (next: LibsqlClient | undefined) => {
      client = next
      if (next) wrapClient(next)
    },
  })
}

/**
 * A write transaction on `connection`, which only transactions use and only one at a time (each
 * holds the write turn): BEGIN IMMEDIATE now, then its statements, COMMIT or ROLLBACK at the end.
 * A batch runs as part of it, statement by statement (a libsql batch would begin a transaction of
 * its own).
 */
async function writeTransaction(connection: LibsqlClient): Promise<LibsqlTransaction> {
  await connection.execute('BEGIN IMMEDIATE')
  let open = true
  const ensureOpen = () => {
    if (!open) throw new Error('The transaction is closed')
  }
  const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
    if (!open) return
    open = false
    await connection.execute(statement)
  }
  const tx = {
    execute: async (statement: Statement) => {
      ensureOpen()
      return connection.execute(statement)
    },
    batch: async (statements: Statement[]) => {
      ensureOpen()
      const results = []
      for (const statement of statements) results.push(await connection.execute(statement))
      return results
    },
    // libsql's executeMultiple rolls back whatever transaction is open when it ends: not in here.
    executeMultiple: () => Promise.reject(new Error('SQL text of several statements cannot run inside a transaction')),
    commit: async () => {
      ensureOpen()
      await end('COMMIT')
    },
    rollback: () => end('ROLLBACK'),
    close: () => {
      void end('ROLLBACK')
    },
    get closed() {
      return !open
    },
  }
  return tx as unknown as LibsqlTransaction
}

function releasedWhenClosed(tx: LibsqlTransaction, release: Release): LibsqlTransaction {
  let released = false
  const releaseIfClosed = () => {
    if (released || !tx.closed) return
    released = true
    release()
  }
  const commit = tx.commit.bind(tx)
  const rollback = tx.rollback.bind(tx)
  const close = tx.close.bind(tx)
  tx.commit = () => commit().finally(releaseIfClosed)
  tx.rollback = () => rollback().finally(releaseIfClosed)
  tx.close = () => {
    try {
      close()
    } finally {
      releaseIfClosed()
    }
  }
  return tx
}

/** The SQLite adapter with its writes queued (see the module comment). */
export function withQueuedWrites(adapter: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const instance = adapter.init(args)
      // db-sqlite's adapter: its client and busyTimeout are not on Payload's base type.
      queueSqliteWrites(instance as BaseDatabaseAdapter & SqliteWriteTarget)
      return instance
    },
  }
}
