/**
 * Payload's session rows (users_sessions: one per signed-in browser or client, its id the `sid` in
 * the JWT), ended and marked one statement at a time. Payload's own way, an update of the whole
 * user, rewrites every session row and every other array of the user; ending the sessions of a
 * suspended tenant's people, or marking a session active, must not cost that. MongoDB gets
 * Payload's adapter calls.
 */
import { and, eq, inArray, ne } from '@payloadcms/db-postgres/drizzle'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { Id } from '../access/ids'
import { sqlTarget } from '../db/systemRows'

type Transaction = Parameters<typeof sqlTarget>[1]
type Columns = Record<'id' | '_parentID' | 'lastActiveAt', never>

/** A session that was ended: whose, and its id. */
export interface EndedSession {
  userId: Id
  sid: string
}

const SESSIONS_TABLE = `${Slugs.users}_sessions`

/** Which sessions of the users to end: all of them, all but one, or just one. */
export interface SessionSelection {
  /** Keep this one (the session making a change that should not sign its maker out). */
  keep?: string
  /** End only this one. */
  only?: string
}

/** Deletes the selected sessions of `userIds` in `req`'s transaction; returns the sessions it ended. */
export async function deleteSessions(
  payload: Payload,
  req: Transaction,
  userIds: readonly Id[],
  { keep, only }: SessionSelection = {},
): Promise<EndedSession[]> {
  if (userIds.length === 0) return []
  const target = await sqlTarget(payload, req, SESSIONS_TABLE)
  if (!target) return deleteThroughAdapter(payload, req, userIds, (sid) => sid !== keep && (!only || sid === only))
  const table = target.table as Columns
  const owners = inArray(table._parentID, [...userIds])
  const condition = only ? and(owners, eq(table.id, only)) : keep ? and(owners, ne(table.id, keep)) : owners
  return (await target.db
    .delete(table as never)
    .where(condition)
    .returning({ userId: table._parentID, sid: table.id })) as EndedSession[]
}

async function deleteThroughAdapter(
  payload: Payload,
  req: Transaction,
  userIds: readonly Id[],
  ends: (sid: string) => boolean,
): Promise<EndedSession[]> {
  const ended: EndedSession[] = []
  for (const userId of userIds) {
    const user = await payload.db.findOne<{ id: Id; sessions?: { id: string }[] }>({
      collection: Slugs.users,
      where: { id: { equals: userId } },
      req: req as never,
    })
    const sessions = user?.sessions ?? []
    const kept = sessions.filter((session) => !ends(session.id))
    if (kept.length === sessions.length) continue
    await payload.db.updateOne({
      collection: Slugs.users,
      id: userId,
      data: { sessions: kept },
      req: req as never,
      returning: false,
    })
    ended.push(...sessions.filter((session) => ends(session.id)).map((session) => ({ userId, sid: session.id })))
  }
  return ended
}

/** Marks session `sid` as used at `at` (outside any transaction: a mark, not part of a change). */
export async function markSessionActive(payload: Payload, userId: Id, sid: string, at: Date): Promise<void> {
  const target = await sqlTarget(payload, {}, SESSIONS_TABLE)
  if (!target) {
    const user = await payload.db.findOne<{ id: Id; sessions?: { id: string; lastActiveAt?: unknown }[] }>({
      collection: Slugs.users,
      where: { id: { equals: userId } },
    })
    const sessions = user?.sessions?.map((s) => (s.id === sid ? { ...s, lastActiveAt: at.toISOString() } : s))
    if (sessions)
      await payload.db.updateOne({ collection: Slugs.users, id: userId, data: { sessions }, returning: false })
    return
  }
  const table = target.table as Columns
  await target.db
    .update(table as never)
    .set({ lastActiveAt: at.toISOString() })
    .where(eq(table.id, sid))
}
