/**
 * The portal's form tokens against cross-site request forgery, on top of the origin policy
 * (src/http/originPolicy.ts), which a same-site page or a missing Origin header could get past.
 *
 * Signed in, the token is an HMAC of the session (Payload's session id in the JWT, or the token
 * itself when sessions are off) with the Payload secret: it changes with every sign-in and dies
 * with the session, and nothing is stored. Before sign-in there is no session yet, so the sign-in
 * form is bound to a random value kept in a short-lived HttpOnly cookie (double submit): a foreign
 * page can neither read that cookie nor set it for Atrium's host.
 */
import { randomBytes } from 'node:crypto'
import type { Request, Response } from 'express'
import type { Payload } from 'payload'
import { cookieValue, formToken, sameToken } from '../../src/http/formTokens'
import type { PortalUser } from './portalSession'

/** The form field every portal form carries its token in. */
export const CSRF_FIELD = 'csrf'
/** The cookie binding the sign-in form before there is a session. */
export const PRE_SESSION_COOKIE = 'atrium-portal-pre'

const hmac = (payload: Payload, purpose: string, value: string) => formToken(payload, `portal-${purpose}`, value)

const sessionKey = (payload: Payload, req: Request, user: PortalUser): string =>
  user._sid ? `${String(user.id)}:${user._sid}` : (cookieValue(req, `${payload.config.cookiePrefix}-token`) ?? '')

/** The token the signed-in `user`'s forms carry. */
export const sessionCsrfToken = (payload: Payload, req: Request, user: PortalUser): string =>
  hmac(payload, 'session', sessionKey(payload, req, user))

/**
 * The token of the sign-in form; sets the pre-session cookie when the browser has none yet.
 * `secure` follows Payload's session cookie (https only when Atrium is served over https).
 */
export function preSessionCsrfToken(payload: Payload, req: Request, res: Response, secure: boolean): string {
  let value = cookieValue(req, PRE_SESSION_COOKIE)
  if (!value || !/^[\w-]{16,64}$/.test(value)) {
    value = randomBytes(18).toString('base64url')
    res.cookie(PRE_SESSION_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 3600_000 })
  }
  return hmac(payload, 'pre', value)
}

/** Whether the posted token is the pre-session one of this browser. */
export function validPreSessionToken(payload: Payload, req: Request, posted: unknown): boolean {
  const value = cookieValue(req, PRE_SESSION_COOKIE)
  return value !== undefined && sameToken(posted, hmac(payload, 'pre', value))
}

/** Whether the posted token is `user`'s session token. */
export const validSessionToken = (payload: Payload, req: Request, user: PortalUser, posted: unknown): boolean =>
  sameToken(posted, sessionCsrfToken(payload, req, user))
