/**
 * Whether a signed-in request's session may go on: the one place that decides it, as a function
 * of the user, their session (Payload's row of users_sessions, with Atrium's last-activity mark)
 * and the policy staff set (collections/SecuritySettings), at a given time. The JWT strategy
 * (sessionStrategy.ts) asks it on every request; a refusal ends the session for good.
 *
 * A further check (a staff member's second factor, say) belongs here too: one more refusal reason.
 */

/** How long sessions of one kind of user may last. */
export interface SessionLimits {
  idleMinutes: number
  lifetimeHours: number
}

/** The policy: limits for client users and for staff. */
export type SessionPolicy = Record<'client' | 'staff', SessionLimits>

/**
 * Until staff change them: a client works through a day without signing in again and does so once
 * a week; staff, who can see every client, after an hour's pause and every 12 hours.
 */
export const SESSION_POLICY_DEFAULTS: SessionPolicy = {
  client: { idleMinutes: 8 * 60, lifetimeHours: 7 * 24 },
  staff: { idleMinutes: 60, lifetimeHours: 12 },
}

/**
 * The values staff may choose, [least, most]. The longest lifetime is also the JWT's own expiry
 * (Users' tokenExpiration), so that the policy, not the token, decides when a session ends.
 */
export const SESSION_LIMITS = {
  idleMinutes: [5, 30 * 24 * 60],
  lifetimeHours: [1, 30 * 24],
} as const satisfies Record<keyof SessionLimits, readonly [number, number]>

/** The longest a session can last, in seconds. */
export const LONGEST_SESSION_SECONDS = SESSION_LIMITS.lifetimeHours[1] * 3600

/** A session as Payload keeps it (dates as ISO text or Date), with Atrium's last-activity mark. */
export interface StoredSession {
  id: string
  createdAt?: string | Date | null
  expiresAt?: string | Date | null
  lastActiveAt?: string | Date | null
}

/** Who the session belongs to: what the decision reads of the user. */
export interface SessionHolder {
  kind?: string | null
  active?: boolean | null
}

/** Why a session was refused. */
export type SessionRefusal = 'no_session' | 'inactive' | 'idle' | 'expired'

/** The gate's answer. */
export type SessionVerdict = { accept: true } | { accept: false; reason: SessionRefusal }

const time = (value: string | Date | null | undefined): number | undefined => {
  if (value === null || value === undefined) return undefined
  const ms = value instanceof Date ? value.getTime() : Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** The limits that apply to `user`: staff's for staff, clients' for everyone else. */
export const limitsFor = (user: SessionHolder, policy: SessionPolicy): SessionLimits =>
  user.kind === 'staff' ? policy.staff : policy.client

/** When the session was last used (at the latest mark, or its sign-in), in ms since the epoch. */
export function lastActivity(session: StoredSession): number | undefined {
  const created = time(session.createdAt)
  const active = time(session.lastActiveAt)
  return active === undefined ? created : created === undefined ? active : Math.max(created, active)
}

/**
 * Accepts or refuses `session` of `user` at `now` (ms). A session without a sign-in time is refused
 * as expired: its age cannot be known, so its lifetime cannot be kept.
 */
export function judgeSession(
  user: SessionHolder,
  session: StoredSession | undefined,
  policy: SessionPolicy,
  now: number,
): SessionVerdict {
  if (!session) return { accept: false, reason: 'no_session' }
  if (user.active === false) return { accept: false, reason: 'inactive' }
  const limits = limitsFor(user, policy)
  const created = time(session.createdAt)
  if (created === undefined || now - created >= limits.lifetimeHours * 3600_000) {
    return { accept: false, reason: 'expired' }
  }
  if (now - (lastActivity(session) ?? created) >= limits.idleMinutes * 60_000) return { accept: false, reason: 'idle' }
  return { accept: true }
}
