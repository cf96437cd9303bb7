/**
 * The gate in front of Payload's JWT strategy: a staff session that still owes its second factor
 * (secondFactorPending) signs nobody in, at any door — REST, GraphQL, the admin UI, the portal.
 * Only the second-factor page reads such a session, by its own means (pendingStaffSession).
 */
import type { AuthStrategyFunction, Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { secondFactorPending, type SecondFactorPolicy, type SecondFactorUser } from './secondFactor'

const LOCAL_JWT = 'local-jwt'
/** Each instance's JWT strategy as it was before the gate. */
const inner = new WeakMap<Payload, AuthStrategyFunction>()
/** Each instance's policy. */
const policies = new WeakMap<Payload, SecondFactorPolicy>()

/** Whether `user`, just signed in with a password somewhere other than the admin UI, must take the second step. */
export const owesSecondFactor = (payload: Payload, user: SecondFactorUser): boolean =>
  secondFactorPending(user, policies.get(payload) ?? 'optional')

/** Wraps `payload`'s JWT strategy (after the user cache) so pending sessions authenticate no one. */
export function gateSessions(payload: Payload, policy: SecondFactorPolicy): void {
  if (inner.has(payload)) return
  policies.set(payload, policy)
  payload.authStrategies = payload.authStrategies.map((strategy) => {
    if (strategy.name !== LOCAL_JWT) return strategy
    inner.set(payload, strategy.authenticate)
    const authenticate: AuthStrategyFunction = async (args) => {
      const result = await strategy.authenticate(args)
      const user = result.user as SecondFactorUser | null
      return user && secondFactorPending(user, policy) ? { user: null } : result
    }
    return { ...strategy, authenticate }
  })
}

/**
 * Who the request's session names, whether or not it still owes its second factor (the
 * second-factor page's own reading; nothing else may use it).
 */
export async function sessionOwner(payload: Payload, headers: Headers): Promise<SecondFactorUser | undefined> {
  const authenticate = inner.get(payload)
  if (!authenticate) return undefined
  const { user } = await authenticate({ headers, payload, canSetHeaders: false, strategyName: LOCAL_JWT })
  const found = user as (SecondFactorUser & { collection?: string }) | null
  return found?.collection === Slugs.users ? found : undefined
}
