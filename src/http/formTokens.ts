/**
 * Tokens that forms carry against cross-site request forgery, on top of the origin policy
 * (originPolicy.ts): an HMAC, with the Payload secret, of what binds the form (a session, or a
 * random value in a cookie before there is one), so nothing is stored; and the cookie reader the
 * routes outside Payload use (no cookie parser runs before them). The portal's forms
 * (plugins/portal/csrfToken.ts) and the staff second-factor page use these.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Request } from 'express'
import type { Payload } from 'payload'

/** The token of a form for `purpose` (which form family), bound to `value`. */
export const formToken = (payload: Payload, purpose: string, value: string): string =>
  createHmac('sha256', payload.secret).update(`form:${purpose}:${value}`).digest('base64url')

/** Whether `posted` is `expected`, compared in constant time; anything but a string is not. */
export function sameToken(posted: unknown, expected: string): boolean {
  if (typeof posted !== 'string' || posted.length !== expected.length) return false
  return timingSafeEqual(Buffer.from(posted), Buffer.from(expected))
}

/** The value of the request's cookie `name`; a malformed one counts as none. */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key !== name) continue
    try {
      return decodeURIComponent(rest.join('='))
    } catch {
      return undefined
    }
  }
  return undefined
}
