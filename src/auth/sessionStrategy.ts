/**
 * Payload's JWT strategy with Atrium's session gate in front (sessionGate.ts): every request signed
 * in with a JWT, from the cache or not, over REST, GraphQL, the portal or the admin, has its session
 * judged against the staff's policy. A refused session is ended in the database, so every process
 * refuses it; an accepted one is marked as used at most once per {@link ACTIVITY_MARK_MS}.
 */
import type { AuthStrategyFunction, Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { Id } from '../access/ids'
import { judgeSession, lastActivity, type StoredSession } from './sessionGate'
import { endSessions } from './sessionEnd'
import { sessionPolicy } from './sessionPolicy'
import { markSessionActive } from './sessionRows'

/** How often a session's last activity is written at most (per process): idle timeouts are minutes. */
export const ACTIVITY_MARK_MS = 60_000
/** Most sessions whose last mark this process remembers. */
const MARKS_KEPT = 10_000
const LOCAL_JWT = 'local-jwt'

interface GatedUser {
  id: Id
  collection?: string
  kind?: string | null
  active?: boolean | null
  _sid?: string
  sessions?: StoredSession[] | null
}

/** sid → when this process last marked it: the cached user's copy of the mark lags behind. */
const marksOf = new WeakMap<Payload, Map<string, number>>()

async function markActive(payload: Payload, user: GatedUser, session: StoredSession, now: number): Promise<void> {
  let marks = marksOf.get(payload)
  if (!marks) marksOf.set(payload, (marks = new Map()))
  const last = Math.max(lastActivity(session) ?? 0, marks.get(session.id) ?? 0)
  if (now - last < ACTIVITY_MARK_MS) return
  if (marks.size >= MARKS_KEPT) {
    for (const [sid, at] of marks) if (now - at >= ACTIVITY_MARK_MS) marks.delete(sid)
    if (marks.size >= MARKS_KEPT) marks.clear()
  }
  marks.set(session.id, now)
  // A lost mark costs at most a minute of idle time; it must never fail the request.
  await markSessionActive(payload, user.id, session.id, new Date(now)).catch((err: unknown) =>
    payload.logger.warn({ err, sid: session.id }, 'could not mark a session as active'),
  )
}

/**
 * The header carrying a request's pinned authentication: an HTTP request checked before Payload
 * sees it (src/http/endedSessions.ts) is answered, when Payload asks, with the user found then.
 * Otherwise a sign-out finishing in between would let Payload see nobody, and the request, already
 * judged as signed in, would run as anonymous (a 403 instead of a 200 or a 401).
 */
export const PINNED_AUTH_HEADER = 'x-atrium-auth-ticket'

type AuthResult = Awaited<ReturnType<AuthStrategyFunction>>
const pinnedOf = new WeakMap<Payload, Map<string, AuthResult>>()

/** Keeps `result` for the request carrying `ticket` (random, set by Atrium) until {@link unpin}. */
export function pin(payload: Payload, ticket: string, result: AuthResult): void {
  let pinned = pinnedOf.get(payload)
  if (!pinned) pinnedOf.set(payload, (pinned = new Map()))
  pinned.set(ticket, result)
}

/** Forgets the pinned authentication of `ticket` (the request has been answered). */
export function unpin(payload: Payload, ticket: string): void {
  pinnedOf.get(payload)?.delete(ticket)
}

/** The gate around one authentication. */
function gated(payload: Payload, authenticate: AuthStrategyFunction): AuthStrategyFunction {
  return async (args) => {
    const ticket = args.headers.get(PINNED_AUTH_HEADER)
    const pinned = ticket ? pinnedOf.get(payload)?.get(ticket) : undefined
    if (pinned) return pinned
    const result = await authenticate(args)
    const user = result.user as GatedUser | null
    // Only Users have sessions Atrium judges; integration accounts sign in with API keys.
    if (!user || user.collection !== Slugs.users || !user._sid) return result
    const session = (user.sessions ?? []).find((candidate) => candidate.id === user._sid)
    const now = Date.now()
    const verdict = judgeSession(user, session, await sessionPolicy(payload), now)
    if (verdict.accept) {
      await markActive(payload, user, session!, now)
      return result
    }
    // Gone already (a cached user signed out elsewhere): nothing left to end.
    if (verdict.reason !== 'no_session') {
      const reason = verdict.reason === 'inactive' ? 'deactivated' : verdict.reason
      const selection = verdict.reason === 'inactive' ? {} : { only: user._sid }
      await endSessions(payload, [user.id], reason, selection)
    }
    return { user: null }
  }
}

const wrapped = new WeakSet<Payload>()

/** Puts the session gate in front of Payload's JWT strategy (from onInit, after the user cache; once). */
export function gateJwtSessions(payload: Payload): void {
  if (wrapped.has(payload)) return
  wrapped.add(payload)
  payload.authStrategies = payload.authStrategies.map((strategy) =>
    strategy.name === LOCAL_JWT ? { ...strategy, authenticate: gated(payload, strategy.authenticate) } : strategy,
  )
}

/** Payload's JWT strategy as it stands (gated and cached), for a check before Payload's own. */
export function jwtStrategyOf(payload: Payload): AuthStrategyFunction | undefined {
  return payload.authStrategies.find((strategy) => strategy.name === LOCAL_JWT)?.authenticate
}
