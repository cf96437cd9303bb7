/**
 * The session policy staff set (the security-settings global), read at most once per
 * {@link POLICY_TTL_MS} per process: every signed-in request needs it, and a global read is a
 * query. A change in this process applies at once; one in another process within the TTL, as for
 * the user cache (src/access/userCache.ts).
 */
import type { Payload } from 'payload'
import { GlobalSlugs } from '../../collections/slugs'
import { COMMIT_GRACE_MS, USER_CACHE_TTL_MS } from '../access/userCache'
import { SESSION_POLICY_DEFAULTS, type SessionPolicy } from './sessionGate'

/** How long a read policy is reused. */
export const POLICY_TTL_MS = USER_CACHE_TTL_MS

interface Cached {
  policy: SessionPolicy
  expiresAt: number
}

const cached = new WeakMap<Payload, Cached>()
/** When the policy last changed in a process: reads that may predate the commit are not kept. */
const changedAt = new WeakMap<Payload, number>()

const positive = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback

/** The policy in force for `payload`. */
export async function sessionPolicy(payload: Payload): Promise<SessionPolicy> {
  const now = Date.now()
  const known = cached.get(payload)
  if (known && known.expiresAt > now) return known.policy
  const stored = (await payload.findGlobal({ slug: GlobalSlugs.securitySettings, depth: 0 })) as unknown as Record<
    string,
    unknown
  >
  const policy: SessionPolicy = {
    client: {
      idleMinutes: positive(stored.clientIdleMinutes, SESSION_POLICY_DEFAULTS.client.idleMinutes),
      lifetimeHours: positive(stored.clientLifetimeHours, SESSION_POLICY_DEFAULTS.client.lifetimeHours),
    },
    staff: {
      idleMinutes: positive(stored.staffIdleMinutes, SESSION_POLICY_DEFAULTS.staff.idleMinutes),
      lifetimeHours: positive(stored.staffLifetimeHours, SESSION_POLICY_DEFAULTS.staff.lifetimeHours),
    },
  }
  if (now > (changedAt.get(payload) ?? 0) + COMMIT_GRACE_MS)
    cached.set(payload, { policy, expiresAt: now + POLICY_TTL_MS })
  return policy
}

/** Drops the kept policy of `payload` (after staff changed it). */
export function forgetSessionPolicy(payload: Payload): void {
  cached.delete(payload)
  changedAt.set(payload, Date.now())
}
