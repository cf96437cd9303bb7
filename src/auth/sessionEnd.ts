/**
 * Ending sessions for a reason, the one way: the rows go from the database (so every process
 * refuses their tokens, within the user cache's TTL at most), this process forgets the users at
 * once, and each ended session is recorded.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { forgetUser } from '../access/userCache'
import type { Id } from '../access/ids'
import { deleteSessions, type EndedSession, type SessionSelection } from './sessionRows'

/** Why a session ended. */
export type SessionEndReason =
  | 'signed_out'
  | 'signed_out_everywhere'
  | 'deactivated'
  | 'password_changed'
  | 'tenant_suspended'
  | 'idle'
  | 'expired'

type Transaction = Parameters<typeof deleteSessions>[1]

/** Records that `ended` sessions ended for `reason`. */
export function recordSessionEnds(payload: Payload, ended: readonly EndedSession[], reason: SessionEndReason): void {
  for (const { userId, sid } of ended) {
    payload.logger.info({ event: 'session.ended', reason, user: String(userId), sid }, `session ended: ${reason}`)
  }
}

/**
 * Ends the selected sessions of `userIds` for `reason` in `req`'s transaction (`{}`: none) and
 * records them; returns what was ended (nothing twice: a session already gone is not recorded).
 */
export async function endSessions(
  payload: Payload,
  req: Transaction,
  userIds: readonly Id[],
  reason: SessionEndReason,
  selection: SessionSelection = {},
): Promise<EndedSession[]> {
  const ended = await deleteSessions(payload, req, userIds, selection)
  for (const id of new Set(ended.map((session) => session.userId))) forgetUser(payload, Slugs.users, id)
  recordSessionEnds(payload, ended, reason)
  return ended
}
