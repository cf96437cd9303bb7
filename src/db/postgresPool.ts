/**
 * PostgreSQL's connection pool sized for how Payload uses it, and Payload's transactions limited to
 * what that pool can carry, so that a burst of requests queues instead of deadlocking the pool.
 *
 * Why (measured with pg 8.20, @payloadcms/db-postgres 3.90.2, before this module): a Payload
 * transaction holds one pooled connection while its operation runs, and the operation also reads
 * and writes without the transaction's req (see transactionTurns.ts), which needs a second
 * connection. pg's pool held 10, one of them kept for good by the adapter (db-postgres connect.js
 * checks one out and never releases it). With 9 such requests at once every free connection was
 * held by a transaction waiting for another one: 8 concurrent forgot-passwords answered in 225 ms,
 * 9 hung for over two minutes, and so did 10 concurrent REST PATCHes of users. Anyone can send
 * forgot-passwords, so this was a denial of service of the whole database.
 *
 * What this module does:
 * - The pool is sized explicitly (POSTGRES_POOL_MAX), and a query that finds no free connection
 *   fails after POSTGRES_CONNECTION_TIMEOUT_MS with an error that says so, instead of waiting forever
 *   (pg's default) or with pg's "timeout exceeded when trying to connect", which reads like a
 *   network failure.
 * - At most half the connections the pool lends out (transactionSlots) are held by transactions
 *   (takeTurnsForTransactions); the others stay free for the statements those transactions make
 *   beside themselves, and for requests without a transaction, which never wait for a second
 *   connection while holding one. Further transactions wait in arrival order, and fail after
 *   POSTGRES_TRANSACTION_TIMEOUT_MS.
 * - A transaction begun by a flow that already holds an open one (a Local API call without req from
 *   inside an operation) does not wait for a turn, or it could wait for itself; it is still a
 *   transaction of its own that commits on its own, as Payload does on PostgreSQL. Such nested
 *   transactions are not counted: enough of them at once could still run the pool dry, and then
 *   the connection timeout ends the wait.
 */
import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { PoolConfig } from 'pg'
import pg from 'pg'
import type { BaseDatabaseAdapter, DatabaseAdapterObj } from 'payload'
import { takeTurnsForTransactions, TurnQueue, type TransactionMethods } from './transactionTurns'

/** Connections in Atrium's pool (pg's default is 10). Well under PostgreSQL's default max_connections of 100. */
export const POSTGRES_POOL_MAX = 20

/**
 * How long a query waits for a free pooled connection (or a new one to connect) before it fails.
 * Queries without a transaction hold a connection for milliseconds, so a wait this long means the
 * database is overloaded or connections are held.
 */
export const POSTGRES_CONNECTION_TIMEOUT_MS = 10_000

/**
 * How long a transaction waits for its turn before it fails. Turns are held for the length of an
 * operation, password hashing included, several at once: a queue drains far faster than SQLite's.
 */
export const POSTGRES_TRANSACTION_TIMEOUT_MS = 15_000

// The adapter keeps one connection checked out for as long as it is connected.
const KEPT_BY_ADAPTER = 1

/** How many Payload transactions may be open at once on a pool of `poolMax`: each may need a second connection. */
export function transactionSlots(poolMax: number): number {
  return Math.max(1, Math.floor((poolMax - KEPT_BY_ADAPTER) / 2))
}

/** Pool options for `connectionString` (see the module comment). */
export function postgresPoolOptions(connectionString: string): PoolConfig {
  return { connectionString, max: POSTGRES_POOL_MAX, connectionTimeoutMillis: POSTGRES_CONNECTION_TIMEOUT_MS }
}

type ConnectCallback = Parameters<pg.Pool['connect']>[0]

// pg-pool's message when no connection became free in time (a new one that cannot connect in time
// fails with "Connection terminated due to connection timeout" instead, which is clear enough).
const NO_FREE_CONNECTION = 'timeout exceeded when trying to connect'

/** pg's Pool, with the error of a query that found no free connection in time saying so. */
class ExplainedPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>
  override connect(callback: ConnectCallback): void
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (!callback) {
      return super.connect().catch((err: unknown) => {
        throw this.explain(err)
      })
    }
    // pool.query() checks its connection out through here.
    super.connect((err, client, done) => callback(err && this.explain(err), client, done))
  }

  private explain<E>(err: E): E | Error {
    if (!(err instanceof Error) || err.message !== NO_FREE_CONNECTION) return err
    const { max, connectionTimeoutMillis } = this.options
    return new Error(
      `PostgreSQL: no pooled connection free within ${connectionTimeoutMillis} ms, all ${max} in use ` +
        '(the database is overloaded or connections are held)',
      { cause: err },
    )
  }
}

/** The pg module as db-postgres uses it (its `pg` option), with ExplainedPool for Pool. */
export const pgWithExplainedPool: typeof pg = Object.create(pg, {
  Pool: { value: ExplainedPool, enumerable: true },
})

/**
 * Makes `target`'s transactions take one of `slots` turns from beginning to end (see the module
 * comment); returns the queue, whose counts tell how many are open and waiting.
 */
export function limitTransactions(
  target: TransactionMethods,
  slots: number,
  timeoutMs = POSTGRES_TRANSACTION_TIMEOUT_MS,
): TurnQueue {
  const queue = new TurnQueue(
    slots,
    'PostgreSQL transactions',
    'the database is overloaded or transactions are hung; each holds a pooled connection',
  )
  takeTurnsForTransactions(target, { queue, timeoutMs, nested: (begin) => begin() })
  return queue
}

// pg-pool's size when none is given.
const PG_DEFAULT_POOL_MAX = 10

/** The PostgreSQL adapter with at most transactionSlots(its pool's max) transactions open (see the module comment). */
export function withLimitedTransactions(adapter: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const instance = adapter.init(args) as BaseDatabaseAdapter & Pick<PostgresAdapter, 'poolOptions'>
      limitTransactions(instance, transactionSlots(instance.poolOptions?.max ?? PG_DEFAULT_POOL_MAX))
      return instance
    },
  }
}
