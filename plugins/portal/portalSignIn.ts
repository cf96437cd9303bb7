/**
 * Signing in to and out of a tenant's portal with Payload's password login. The session is
 * Payload's own: its cookie (name and options from the Users collection's auth config, Secure
 * when Atrium is served over https), its session id in the JWT, its logout operation.
 */
import type { Request, Response } from 'express'
import { createLocalReq, logoutOperation, type Payload, type TypedUser } from 'payload'
import { generateExpiredPayloadCookie, generatePayloadCookie } from 'payload/shared'
import { Slugs } from '../../collections/slugs'
import type { SignInContext } from '../../collections/Users/hooks/guardPasswordSignIn'
import { userRequiresSso } from '../../collections/Users/hooks/refuseSsoOnlySignIn'
import { settleSignInEvent } from '../../src/auth/signInLog'
import { SIGN_OUT_EVERYWHERE, SIGN_OUT_UNRECORDED } from '../../src/http/authCollections'
import { forgetUser } from '../../src/access/userCache'
import { HttpError } from '../../src/http/errors'
import type { Id } from '../../src/access/ids'
import { startSession } from '../../src/auth/startSession'
import { PRE_SESSION_COOKIE } from './csrfToken'
import { mayUsePortal, type PortalUser } from './portalSession'
import type { PortalTenant } from './portalTenants'

/** What a refused sign-in is told, whatever the reason: nobody learns which accounts exist where. */
export const SIGN_IN_REFUSED = 'The email or password is not right, or this account cannot use this portal.'

const authConfig = (payload: Payload) => payload.collections[Slugs.users].config.auth

/** The session id Payload wrote into a JWT it just signed (read, not verified: we signed it). */
function sessionIdOf(token: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sid?: unknown }
    return typeof claims.sid === 'string' ? claims.sid : undefined
  } catch {
    return undefined
  }
}

/** How a portal sign-out goes. */
export interface SignOutOptions {
  /** End every session of the person, on every device, not only this one. */
  everywhere?: boolean
  /** The portal's tenant, for the sign-in log. */
  tenant?: PortalTenant
  /** Whether the sign-in log records it (not a session a refused sign-in closes at once). */
  recorded?: boolean
}

/**
 * Ends `user`'s current session the way Payload's logout does (their other sessions stay), or with
 * `everywhere` every session of theirs.
 */
export async function endSession(
  payload: Payload,
  user: PortalUser,
  { everywhere = false, tenant, recorded = true }: SignOutOptions = {},
): Promise<void> {
  const context: SignInContext = {
    [SIGN_OUT_EVERYWHERE]: everywhere,
    [SIGN_OUT_UNRECORDED]: !recorded,
    ...(tenant ? { signInTenant: tenant.id } : {}),
  }
  const req = await createLocalReq(
    { user: { ...user, collection: Slugs.users } as unknown as TypedUser, context },
    payload,
  )
  await logoutOperation({ allSessions: everywhere, collection: payload.collections[Slugs.users], req })
  // Committed now: a read of the user that began before the commit is not kept by the cache either.
  forgetUser(payload, Slugs.users, user.id)
}

/**
 * Signs `email` in for `tenant`'s portal; on success sets the session cookie on `res` and returns
 * the user. A client user who is not a member of the tenant gets the same refusal as a wrong
 * password, and the session the login just opened is ended at once. Throws the 429 of the sign-in
 * backoff, which the form shows as it is.
 */
export async function signIn(
  payload: Payload,
  res: Response,
  tenant: PortalTenant,
  email: unknown,
  password: unknown,
): Promise<PortalUser | undefined> {
  if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) return undefined
  if (email.length > 320 || password.length > 1000) return undefined
  let result: Awaited<ReturnType<typeof payload.login<'users'>>>
  // Read back after the login: its hooks log the attempt for this tenant and leave the entry's id here.
  const context: SignInContext = { signInTenant: tenant.id }
  try {
    result = await payload.login({ collection: Slugs.users, data: { email, password }, context })
  } catch (error) {
    // Too many failures from this address for this account: the form says when to try again.
    if (error instanceof HttpError && error.status === 429) throw error
    // Wrong password, unknown email, inactive account: one answer for all.
    return undefined
  }
  if (!result.token || !result.user) return undefined
  const user = { ...result.user, collection: Slugs.users, _sid: sessionIdOf(result.token) } as PortalUser
  if (!mayUsePortal(user, tenant)) {
    await endSession(payload, user, { recorded: false })
    await settleSignInEvent(payload, context.signInEventId, {
      outcome: 'failure',
      reason: 'Not a member of this client account',
    })
    return undefined
  }
  setSessionCookie(payload, res, result.token)
  return user
}

/** Sets Payload's session cookie for `token` on `res`, as Payload's own login sets it. */
export function setSessionCookie(payload: Payload, res: Response, token: string): void {
  res.append(
    'Set-Cookie',
    generatePayloadCookie({
      collectionAuthConfig: authConfig(payload),
      cookiePrefix: payload.config.cookiePrefix,
      token,
    }) as string,
  )
}

/**
 * Signs client user `id` in to `tenant`'s portal without a password (a sign-in link was used, an
 * invitation accepted): a new Payload session and its cookie, and the sign-in form's pre-session
 * cookie cleared. False, and nobody signed in, when they may not use this portal (deactivated,
 * or no longer a member, since the email was sent).
 */
export async function signInMember(
  payload: Payload,
  res: Response,
  id: Id | undefined,
  tenant: PortalTenant,
): Promise<boolean> {
  if (id === undefined) return false
  const person = (await payload.db.findOne({
    collection: Slugs.users,
    where: { id: { equals: id } },
  })) as PortalUser | null
  if (!person || person.kind !== 'client' || !mayUsePortal(person, tenant)) return false
  // A link sent before the account came to require single sign-on opens nothing.
  if (await userRequiresSso(payload, person)) return false
  setSessionCookie(payload, res, (await startSession(payload, id)).token)
  res.clearCookie(PRE_SESSION_COOKIE, { path: '/' })
  return true
}

/** Ends the request's session (or with `everywhere` all of the user's) and clears its cookie. */
export async function signOut(
  payload: Payload,
  _req: Request,
  res: Response,
  user: PortalUser,
  options: SignOutOptions = {},
): Promise<void> {
  await endSession(payload, user, options)
  res.append(
    'Set-Cookie',
    generateExpiredPayloadCookie({
      collectionAuthConfig: authConfig(payload),
      cookiePrefix: payload.config.cookiePrefix,
    }) as string,
  )
}
