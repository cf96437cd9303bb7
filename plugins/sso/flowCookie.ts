/**
 * What a sign-in through an OpenID provider must remember between leaving for the provider and
 * coming back: the state, the nonce, the PKCE verifier, where to go afterwards, and whom it is for
 * (a tenant, or staff). Kept in the browser, sealed (src/auth/sealedText.ts: nobody can read or
 * forge it), HttpOnly, SameSite=Lax (the provider's redirect back is a top-level GET, which Lax
 * lets through), on the callback's path only, for 10 minutes, and removed when the answer arrives.
 */
import type { Request, Response } from 'express'
import { seal, unseal } from '../../src/auth/sealedText'
import { cookieValue } from '../../src/http/formTokens'

/** The cookie's name. */
export const FLOW_COOKIE = 'atrium-sso-flow'
/** How long a started sign-in may take at the provider. */
export const FLOW_TTL_SECONDS = 600
const PURPOSE = 'sso flow'

/** One started sign-in. */
export interface FlowState {
  /** Whom the sign-in is for: `tenant:<id>` or `staff`. */
  binding: string
  state: string
  nonce: string
  codeVerifier: string
  redirectUri: string
  next: string
  /** Seconds since the epoch after which the answer is refused. */
  expiresAt: number
}

/** Where the cookie lives and whether it needs https. */
export interface FlowCookieOptions {
  path: string
  secure: boolean
}

/** The cookie's value for `flow` (exported for tests that tamper with a stored flow). */
export const sealFlow = (flow: FlowState, secret: string): string => seal(JSON.stringify(flow), secret, PURPOSE)

/** The flow a cookie value holds, if it is one this installation sealed. */
export function unsealFlow(value: unknown, secret: string): FlowState | undefined {
  const text = unseal(value, secret, PURPOSE)
  if (!text) return undefined
  try {
    const flow = JSON.parse(text) as Partial<FlowState>
    const strings = [flow.binding, flow.state, flow.nonce, flow.codeVerifier, flow.redirectUri, flow.next]
    return strings.every((s) => typeof s === 'string') && typeof flow.expiresAt === 'number'
      ? (flow as FlowState)
      : undefined
  } catch {
    return undefined
  }
}

/** Keeps `flow` in the browser. */
export function setFlowCookie(res: Response, flow: FlowState, secret: string, options: FlowCookieOptions): void {
  res.cookie(FLOW_COOKIE, sealFlow(flow, secret), {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: options.path,
    maxAge: FLOW_TTL_SECONDS * 1000,
  })
}

/** The request's flow (sealed by `secret`, not expired), and removes it from the browser either way. */
export function takeFlowCookie(
  req: Request,
  res: Response,
  secret: string,
  options: FlowCookieOptions,
): FlowState | undefined {
  res.clearCookie(FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure: options.secure, path: options.path })
  const flow = unsealFlow(cookieValue(req, FLOW_COOKIE), secret)
  return flow && flow.expiresAt > Date.now() / 1000 ? flow : undefined
}
