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
import { Slugs } from '../../collections/slugs'
import type { SignInContext } from '../../collections/Users/hooks/guardPasswordSignIn'
import type { Id } from '../access/ids'
import { recordSessionEnds } from '../auth/sessionEnd'
import { deleteSessions } from '../auth/sessionRows'
import { gateJwtSessions } from '../auth/sessionStrategy'
import { gateSessions } from '../auth/secondFactor/secondFactorGate'
import type { SecondFactorPolicy } from '../auth/secondFactor/secondFactor'
import { Errors } from './errors'

/** The request context flag of a sign-out that ends every session of the user (see signOutEverywhere). */
export const SIGN_OUT_EVERYWHERE = 'atrium.signOutEverywhere'
/** The request context flag of a sign-out the sign-in log does not record (see forgetSignedOut). */
export const SIGN_OUT_UNRECORDED = 'atrium.signOutUnrecorded'

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

/**
 * A sign-out of one session, or of all (`?allSessions=true`, or the portal's "sign out everywhere"),
 * recorded in its transaction with the portal's tenant when it came through one; not the session a
 * refused portal sign-in closes at once (that sign-in's own entry says why). The rows go here, and
 * the user is forgotten last: Payload's logout commits right after this hook, so a request reading
 * the user in between (and kept by the cache) is as unlikely as can be (userCache.ts, COMMIT_GRACE_MS).
 */
const forgetSignedOut: CollectionAfterLogoutHook = async ({ collection, req }) => {
  if (!req.user) return
  if (collection.slug === Slugs.users) {
    const user = req.user as { id: Id; _sid?: string; sessions?: { id: string }[] | null }
    const everywhere = req.searchParams?.get('allSessions') === 'true' || req.context[SIGN_OUT_EVERYWHERE] === true
    if (req.context[SIGN_OUT_UNRECORDED] !== true) {
      const sids = everywhere ? (user.sessions ?? []).map((session) => session.id) : user._sid ? [user._sid] : []
      await recordSessionEnds(
        req.payload,
        sids.map((sid) => ({ userId: user.id, sid })),
        everywhere ? 'signed_out_everywhere' : 'signed_out',
        { req, tenant: (req.context as SignInContext).signInTenant },
      )
    }
    if (everywhere || user._sid)
      await deleteSessions(req.payload, req, [user.id], everywhere ? {} : { only: user._sid })
  }
  forgetUser(req.payload, collection.slug, req.user.id)
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
      gateJwtSessions(payload)
      gateSessions(payload, options.staffSecondFactor)
    },
  })
}
