/**
 * A REST or GraphQL request that presents a JWT Payload would read (the Authorization header, or
 * the session cookie where Payload's cookie check takes it) gets 401 `session_ended` when that
 * token no longer signs anyone in: signed out, expired, idle, revoked, or never valid. Payload
 * itself would carry on as if no one were signed in, and answer a 403 or an empty list that
 * reads like a permission problem. Routes for people who are not signed in stay open, so that a
 * browser with a stale cookie can still sign in.
 */
import { randomBytes } from 'node:crypto'
import type { RequestHandler } from 'express'
import type { Payload } from 'payload'
import { jwtStrategyOf, pin, PINNED_AUTH_HEADER, unpin } from '../auth/sessionStrategy'
import { forgetUser } from '../access/userCache'
import { Errors } from './errors'
import { headersOf } from './fetchHeaders'

/** The auth routes (/api/<auth collection>/<route>) that a signed-out person uses. */
const SIGNED_OUT_ROUTES = new Set(['login', 'forgot-password', 'reset-password', 'first-register', 'init', 'me'])

function cookieOf(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name && value.length > 0) return value.join('=')
  }
  return undefined
}

/**
 * Whether Payload would take a token from these headers. Mirrors Payload 3.90's extractJWT
 * (payload/dist/auth/extractJWT.js, not exported): the header schemes, and the cookie only from an
 * allowed Origin, or without one from a same-site fetch or when no CSRF list is set.
 */
export function presentsToken(payload: Payload, headers: Headers): boolean {
  const authorization = headers.get('authorization') ?? ''
  if (authorization.startsWith('JWT ') || authorization.startsWith('Bearer ')) return true
  // Another scheme (an integration's API key) is another strategy's: a stale cookie beside it is not the credential.
  if (authorization) return false
  if (!cookieOf(headers, `${payload.config.cookiePrefix}-token`)) return false
  const { csrf } = payload.config
  const origin = headers.get('origin')
  if (origin) return csrf.length === 0 || csrf.includes(origin)
  if (csrf.length === 0) return true
  return ['same-origin', 'same-site', 'none'].includes(headers.get('sec-fetch-site') ?? '')
}

/** The middleware, mounted at the API route (/api) before Payload's router. */
export function refuseEndedSessions(payload: Payload): RequestHandler {
  const authCollections = new Set<string>(payload.config.collections.filter((c) => c.auth).map((c) => c.slug))
  return async (req, res, next) => {
    // Only Atrium sets the ticket; one sent by the client means nothing.
    delete req.headers[PINNED_AUTH_HEADER]
    const [collection, route] = req.path.split('/').filter(Boolean)
    if (collection && route && authCollections.has(collection) && SIGNED_OUT_ROUTES.has(route)) return next()
    const headers = headersOf(req)
    const authenticate = jwtStrategyOf(payload)
    if (!authenticate || !presentsToken(payload, headers)) return next()
    try {
      const isGraphQL = req.path === '/graphql'
      const result = await authenticate({ headers, payload, isGraphQL, canSetHeaders: false })
      if (!result.user) return next(Errors.sessionEnded())
      // Payload asks the strategy again for the request itself: it gets this answer (see pin).
      const ticket = randomBytes(16).toString('base64url')
      pin(payload, ticket, result)
      res.on('close', () => {
        unpin(payload, ticket)
        // A sign-out has committed by now: forget the user again, in case a request read them
        // between the logout's hook and its commit (its cache entry would outlive the session).
        if (route === 'logout' && collection) forgetUser(payload, collection, result.user!.id)
      })
      req.headers[PINNED_AUTH_HEADER] = ticket
      next()
    } catch (error) {
      next(error)
    }
  }
}
