/**
 * The one cross-site request forgery defence, for every route (the API, plugin routes, the admin
 * UI): a request that changes something and is authenticated by the session cookie must come from
 * Atrium's own origin. A browser attaches the cookie to any site's form or fetch; it never lets a
 * foreign page set Origin, Sec-Fetch-Site or an Authorization header, so those decide.
 *
 * The own origin is PUBLIC_URL's, or, when it is unset, the origin the request was addressed to
 * (its Host header, and the protocol the trusted-proxy setting lets express believe). Requests
 * carrying an Authorization header (JWT, API keys) are not cookie-authenticated and pass.
 */
import type { Request, RequestHandler } from 'express'
import { Errors } from './errors'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** How the policy recognises Atrium's own requests. */
export interface OriginPolicyOptions {
  /** PUBLIC_URL, when set. */
  publicUrl: string | undefined
  /** Name of the session cookie (Payload's `<cookiePrefix>-token`). */
  cookieName: string
}

const hasCookie = (req: Request, name: string) =>
  (req.headers.cookie ?? '').split(';').some((pair) => pair.trim().startsWith(`${name}=`))

function originOf(req: Request): string | undefined {
  const origin = req.get('origin')
  if (origin) return origin
  const referer = req.get('referer')
  if (!referer || !URL.canParse(referer)) return undefined
  return new URL(referer).origin
}

/** Express middleware refusing cross-site, cookie-authenticated requests that change data (403). */
export function originPolicy({ publicUrl, cookieName }: OriginPolicyOptions): RequestHandler {
  const fixedOrigin = publicUrl ? new URL(publicUrl).origin : undefined
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || req.headers.authorization || !hasCookie(req, cookieName)) {
      next()
      return
    }
    const expected = fixedOrigin ?? `${req.protocol}://${req.get('host') ?? ''}`
    const site = req.get('sec-fetch-site')
    const origin = originOf(req)
    if (site && site !== 'same-origin' && site !== 'none') {
      next(Errors.crossSiteRequest(origin ?? `a ${site} page`, expected))
    } else if (!origin) {
      next(Errors.originRequired(expected))
    } else if (origin !== expected) {
      next(Errors.crossSiteRequest(origin, expected))
    } else {
      next()
    }
  }
}
