/**
 * The admin UI takes where to go after sign-in (or sign-out) from its `redirect` parameter.
 * Payload checks it itself (getSafeRedirect in its login view and form); this makes Atrium's rule
 * (src/http/sameOriginPath.ts) hold whatever Payload's version does: an admin URL whose `redirect`
 * is not a same-origin path is answered with the same URL without it, before the admin sees it.
 */
import type { RequestHandler } from 'express'
import { sameOriginPath } from './sameOriginPath'

/** The admin's query parameters that name a place to send the browser. */
const REDIRECT_PARAMETERS = ['redirect'] as const

/** Middleware for the admin route (GET and HEAD; the admin's forms post to the API). */
export function adminRedirectGuard(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    const url = new URL(req.originalUrl, 'http://admin.invalid')
    let unsafe = false
    for (const name of REDIRECT_PARAMETERS) {
      if (url.searchParams.getAll(name).some((value) => sameOriginPath(value) === undefined)) {
        url.searchParams.delete(name)
        unsafe = true
      }
    }
    if (!unsafe) return next()
    res.redirect(303, `${url.pathname}${url.search}`)
  }
}
