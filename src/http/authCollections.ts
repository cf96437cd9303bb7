/**
 * What every auth collection (Users, and later integration accounts) gets on top of Payload's
 * defaults: session cookies marked Secure when Atrium is reached over https, a plain 404 for
 * the email-verification route of a collection that does not verify emails (Payload would run it
 * anyway and fail with a 500 looking for a field that does not exist), and the short-lived cache
 * of users signed in with a JWT (src/access/userCache.ts), which forgets a user when they change,
 * are deleted, sign out or reset their password.
 */
import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionAfterLogoutHook,
  CollectionAfterOperationHook,
  CollectionConfig,
  Config,
  Plugin,
} from 'payload'
import { cacheJwtUsers, forgetUser } from '../access/userCache'
import { gateSessions } from '../auth/secondFactor/secondFactorGate'
import type { SecondFactorPolicy } from '../auth/secondFactor/secondFactor'
import { Errors } from './errors'

/** Options of {@link authCollectionsPlugin}. */
export interface AuthCollectionsOptions {
  /** PUBLIC_URL is https: cookies must never travel over plain http. */
  httpsOnly: boolean
  /** Whether staff must prove a second factor (src/auth/secondFactor). */
  staffSecondFactor: SecondFactorPolicy
}

const forgetChanged: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({ collection, doc, req }) => {
  forgetUser(req.payload, collection.slug, (doc as { id: unknown }).id)
  return doc
}

const forgetSignedOut: CollectionAfterLogoutHook = ({ collection, req }) => {
  if (req.user) forgetUser(req.payload, collection.slug, req.user.id)
}

// Operations that end a user's sessions below Payload's update (no afterChange): a password reset.
const SESSION_OPERATIONS: readonly string[] = ['resetPassword']

const forgetEndedSessions: CollectionAfterOperationHook = ({ collection, operation, req, result }) => {
  if (!SESSION_OPERATIONS.includes(operation)) return result
  const changed = (result as { user?: { id?: unknown } } | undefined)?.user?.id ?? req.user?.id
  if (changed !== undefined) forgetUser(req.payload, collection.slug, changed)
  return result
}

function harden(collection: CollectionConfig, { httpsOnly }: AuthCollectionsOptions): CollectionConfig {
  if (!collection.auth) return collection
  const auth = collection.auth === true ? {} : collection.auth
  const verifies = Boolean(auth.verify)
  const hooks = collection.hooks ?? {}
  return {
    ...collection,
    auth: { ...auth, cookies: { ...auth.cookies, secure: httpsOnly || auth.cookies?.secure } },
    hooks: {
      ...hooks,
      afterChange: [...(hooks.afterChange ?? []), forgetChanged],
      afterDelete: [...(hooks.afterDelete ?? []), forgetChanged],
      afterLogout: [...(hooks.afterLogout ?? []), forgetSignedOut],
      afterOperation: [...(hooks.afterOperation ?? []), forgetEndedSessions],
    },
    endpoints:
      collection.endpoints === false || verifies
        ? collection.endpoints
        : [
            ...(collection.endpoints ?? []),
            {
              path: '/verify/:token',
              method: 'post',
              handler: (req) => {
                throw Errors.routeNotFound('POST', new URL(req.url ?? '', 'http://atrium').pathname)
              },
            },
          ],
  }
}

/** A plugin, applied after all others, that hardens every auth collection. */
export function authCollectionsPlugin(options: AuthCollectionsOptions): Plugin {
  return (config: Config): Config => ({
    ...config,
    collections: (config.collections ?? []).map((collection) => harden(collection, options)),
    onInit: async (payload) => {
      await config.onInit?.(payload)
      cacheJwtUsers(payload)
      gateSessions(payload, options.staffSecondFactor)
    },
  })
}
