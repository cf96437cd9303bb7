/**
 * A lock held until the request's transaction ends, for writers that check something and then
 * write what the check allowed (a unique value is free, then taken): two such writers of the same
 * thing take turns, so the second one's check sees the first one's write.
 *
 * PostgreSQL: a transaction-level advisory lock named by two integers. SQLite needs none: its
 * write lock (sqliteWriteLock.ts) already lets one writing transaction run at a time. MongoDB:
 * not locked (no server to build it on here).
 */
import { sql } from '@payloadcms/db-postgres/drizzle'
import type { PayloadRequest } from 'payload'

/** What each lock is for: the first of the two integers that name it. */
export const LockKinds = {
  /** the unique values of one record type in one tenant (second integer: see lockInTransaction) */
  recordUniqueValues: 1,
  /** one workflow request: its transitions take turns (second integer: the request id) */
  workflowRequest: 2,
} as const

type Sessions = Record<string, { db: { execute: (query: ReturnType<typeof sql>) => Promise<unknown> } } | undefined>

/**
 * Takes the lock of `kind` for `subject` in `req`'s transaction, waiting for another transaction
 * that holds it to end. Without a transaction there is nothing to hold it until, and nothing is
 * locked. `subject` parts are hashed by PostgreSQL into the lock's second integer.
 */
export async function lockInTransaction(
  req: PayloadRequest,
  kind: (typeof LockKinds)[keyof typeof LockKinds],
  subject: readonly (string | number)[],
): Promise<void> {
  const db = req.payload.db as unknown as { name: string; sessions?: Sessions }
  if (db.name !== 'postgres') return
  const session = db.sessions?.[String(await req.transactionID)]
  if (!session) return
  await session.db.execute(sql`select pg_advisory_xact_lock(${kind}, hashtext(${subject.join(':')}))`)
}
