/**
 * The one express app: security headers, request ids, health checks, the admin's code editor
 * (Monaco), Payload's API, plugin routes, the admin UI (through Next, when given) and the one error
 * handler, in that order.
 */
import express, { type Express, type RequestHandler } from 'express'
import type { Payload } from 'payload'
import type { Settings } from '../config/settings'
import { pluginRoutes } from '../plugin/routes'
import { MONACO_VS_URL } from '../admin/monacoAssets'
import { adminRedirectGuard } from './adminRedirects'
import {
  SECOND_FACTOR_PATH,
  secondFactorRouter,
  sendOwingSessionsToSecondFactor,
} from '../auth/secondFactor/secondFactorRoutes'
import { Errors, errorHandler } from './errors'
import { refuseEndedSessions } from './endedSessions'
import { healthRouter, type HealthState } from './health'
import { monacoAssets } from './monacoAssets'
import { originPolicy } from './originPolicy'
import { payloadApiRouter, type PayloadApiOptions } from './payloadApi'
import { createRateLimiters, type RateLimiters } from './rateLimits'
import { requestContext } from './requestContext'
import { ADMIN_CSP, API_CSP, contentSecurityPolicy, formPageSecurityHeaders, securityHeaders } from './securityHeaders'

/** What the app is built from. */
export interface CreateAppOptions {
  payload: Payload
  settings: PayloadApiOptions['settings'] &
    Pick<Settings, 'trustProxy' | 'rateLimits' | 'database' | 'staffSecondFactor'>
  /**
   * The throttles, whose store the caller closes; by default, in-memory ones built from the settings'
   * budgets (a test, or a caller that keeps no shared store).
   */
  rateLimiters?: RateLimiters
  /** Next's request handler for the admin UI; tests run without it. */
  nextHandler?: RequestHandler
  /** Shutdown state for /readyz; defaults to never draining. */
  health?: HealthState
}

/** Builds the express app serving everything Atrium serves. */
export async function createApp({
  payload,
  settings,
  rateLimiters,
  nextHandler,
  health,
}: CreateAppOptions): Promise<Express> {
  const app = express()
  app.disable('x-powered-by')
  // Decides whether X-Forwarded-For and X-Forwarded-Proto are believed (client IP, https).
  app.set('trust proxy', settings.trustProxy)
  const state = health ?? { draining: () => false }
  const limiters =
    rateLimiters ?? (await createRateLimiters({ ...settings.rateLimits, store: { kind: 'memory' } }, settings.database))
  app.use(requestContext(payload, limiters.signInBackoff), securityHeaders())
  app.use(originPolicy({ publicUrl: settings.publicUrl, cookieName: `${payload.config.cookiePrefix}-token` }))
  app.use((_req, res, next) => {
    // While draining, keep-alive clients are told to reconnect (to another instance).
    if (state.draining()) res.setHeader('connection', 'close')
    next()
  })

  app.use(healthRouter(payload, state))
  app.use(MONACO_VS_URL, monacoAssets())
  app.use(
    payload.config.routes.api,
    contentSecurityPolicy(API_CSP),
    refuseEndedSessions(payload),
    payloadApiRouter(payload.config, { settings, rateLimiters: limiters }),
  )

  // The second step of a staff sign-in, and the admin UI's way there (src/auth/secondFactor).
  const policy = settings.staffSecondFactor
  app.use(
    SECOND_FACTOR_PATH,
    formPageSecurityHeaders(),
    secondFactorRouter(payload, { policy, signInThrottle: limiters.signIn }),
  )
  app.use(payload.config.routes.admin, sendOwingSessionsToSecondFactor(payload, policy))

  for (const route of pluginRoutes(payload.config)) {
    app.use(route.path, await route.router(payload, { rateLimiters: limiters }))
  }

  if (nextHandler) {
    // Until a plugin serves the site root, it leads to the admin UI.
    app.get('/', (_req, res) => res.redirect(payload.config.routes.admin))
    app.use(payload.config.routes.admin, contentSecurityPolicy(ADMIN_CSP), adminRedirectGuard())
    app.all('/{*path}', nextHandler)
  } else {
    app.use((req, _res, next) => next(Errors.routeNotFound(req.method, req.path)))
  }
  app.use(errorHandler(payload))
  return app
}
