/**
 * Ending sessions for a reason, the one way: the rows go from the database (so every process
 * refuses their tokens, within the user cache's TTL at most), this process forgets the users at
 * once, and the sign-in log records each person's ended sessions (signInLog.ts).
 */
import type { Payload, PayloadRequest } from 'payload'
import { Slugs } from '../../collections/slugs'
import { forgetUser } from '../access/userCache'
import type { Id } from '../access/ids'
import { deleteSessions, type EndedSession, type SessionSelection } from './sessionRows'
import { recordSignInEvent } from './signInLog'

/** Why a session ended. */
export type SessionEndReason =
  | 'signed_out'
  | 'signed_out_everywhere'
  | 'deactivated'
  | 'password_changed'
  | 'tenant_suspended'
  | 'idle'
  | 'expired'

/** Each reason in the words the sign-in log shows an administrator. */
export const SESSION_END_REASONS: Record<SessionEndReason, string> = {
  signed_out: 'Signed out',
  signed_out_everywhere: 'Signed out everywhere',
  deactivated: 'Account deactivated',
  password_changed: 'Password changed',
  tenant_suspended: 'Client account suspended',
  idle: 'Idle timeout reached',
  expired: 'Session lifetime reached',
}

/** Where an end is recorded: the change's transaction (`req`, gone if it rolls back), its tenant. */
export interface SessionEndRecord {
  req?: PayloadRequest
  tenant?: Id
}

/** Records, per person, that `ended` sessions of theirs ended for `reason` (one sign-in log entry each). */
export async function recordSessionEnds(
  payload: Payload,
  ended: readonly EndedSession[],
  reason: SessionEndReason,
  { req, tenant }: SessionEndRecord = {},
): Promise<void> {
  const counts = new Map<string, { user: Id; sessions: number }>()
  for (const { userId } of ended) {
    const entry = counts.get(String(userId)) ?? { user: userId, sessions: 0 }
    entry.sessions += 1
    counts.set(String(userId), entry)
  }
  const signedOut = reason === 'signed_out' || reason === 'signed_out_everywhere'
  for (const { user, sessions } of counts.values()) {
    await recordSignInEvent(
      payload,
      {
        kind: signedOut ? 'sign-out' : 'session-ended',
        outcome: 'success',
        user,
        tenant,
        reason: `${SESSION_END_REASONS[reason]}${sessions > 1 ? ` (${sessions} sessions)` : ''}`,
      },
      req,
    )
  }
}

/**
 * Ends the selected sessions of `userIds` for `reason` in `record.req`'s transaction (none: on its
 * own) and records them; returns what was ended (nothing twice: a session already gone is not).
 */
export async function endSessions(
  payload: Payload,
  userIds: readonly Id[],
  reason: SessionEndReason,
  selection: SessionSelection = {},
  record: SessionEndRecord = {},
): Promise<EndedSession[]> {
  const ended = await deleteSessions(payload, record.req ?? {}, userIds, selection)
  for (const id of new Set(ended.map((session) => session.userId))) forgetUser(payload, Slugs.users, id)
  await recordSessionEnds(payload, ended, reason, record)
  return ended
}
