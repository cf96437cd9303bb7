/**
 * Security headers every response inherits, and the Content-Security-Policies of Atrium's areas.
 */
import type { RequestHandler } from 'express'
import helmet from 'helmet'

type Directives = Record<string, string[]>

/** Pages rendered by Atrium and its plugins: no inline script, no framing, no foreign origins. */
export const PAGE_CSP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
}

/**
 * The client portal (plugins/portal): the page policy, and no <base> at all, since every link is
 * built on the server from the tenant's path.
 */
export const PORTAL_CSP: Directives = { ...PAGE_CSP, 'base-uri': ["'none'"] }

/** JSON APIs: nothing to load at all. */
export const API_CSP: Directives = { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] }

/** Payload's admin UI: Next's production build bootstraps with inline scripts and styles. */
export const ADMIN_CSP: Directives = {
  ...PAGE_CSP,
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  // Monaco (json and code fields) starts its web workers from blob: URLs, which then load its
  // worker scripts from 'self' (script-src); refused, its JSON checking stops. 'self' keeps what
  // the fallback to script-src allowed workers before.
  'worker-src': ["'self'", 'blob:'],
}

/** Helmet's headers, with `directives` as the Content-Security-Policy. */
export function securityHeaders(directives: Directives = PAGE_CSP): RequestHandler {
  return helmet({ contentSecurityPolicy: { useDefaults: false, directives } })
}

/** Replaces the Content-Security-Policy for the routes below it (a plugin's pages, the admin UI). */
export function contentSecurityPolicy(directives: Directives): RequestHandler {
  return helmet.contentSecurityPolicy({ useDefaults: false, directives })
}

/**
 * The headers of pages with forms, on top of the common ones: their CSP, and a referrer policy
 * under which a browser names the page's origin on the page's own form POSTs. Under helmet's
 * default `no-referrer` it sends `Origin: null`, which the origin policy (originPolicy.ts) refuses.
 */
export function formPageSecurityHeaders(directives: Directives = PAGE_CSP): RequestHandler[] {
  return [contentSecurityPolicy(directives), helmet.referrerPolicy({ policy: 'same-origin' })]
}

/** The client portal's headers: a page with forms, under the portal's CSP. */
export const portalSecurityHeaders = (): RequestHandler[] => formPageSecurityHeaders(PORTAL_CSP)
