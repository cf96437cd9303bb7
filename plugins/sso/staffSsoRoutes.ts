/**
 * Staff sign-in through the vendor's own OpenID provider (STAFF_OIDC_* settings): GET
 * /sso/staff/start and GET /sso/staff/callback. Only staff already linked to their (issuer,
 * subject) by an administrator get in (identities.ts); then a Payload session as the admin's own
 * sign-in makes, and on to the admin UI.
 */
import { Router, type NextFunction, type Request, type Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { StaffSsoSettings } from '../../src/config/settings'
import { Errors } from '../../src/http/errors'
import { clientKey, type Throttle } from '../../src/http/rateLimits'
import { portalSecurityHeaders } from '../../src/http/securityHeaders'
import type { PortalLocals } from '../portal/portalPage'
import { loadPortalTemplates } from '../portal/portalTemplates'
import { safeNext } from '../portal/safeNext'
import { staffSsoUser } from './identities'
import { finishFlow, startFlow, type SsoClaims } from './oidcFlow'
import { openSession } from './openSession'
import { logSsoFailure, logSsoSuccess } from './ssoLog'
import { requestOrigin, sendSsoRefusal } from './ssoPages'

/** Where the routes are mounted. */
export const STAFF_SSO_PATH = '/sso/staff'
const BINDING = 'staff'

/** The staff routes; without settings, both answer that staff single sign-on is not set up. */
export function staffSsoRoutes(
  payload: Payload,
  settings: StaffSsoSettings | undefined,
  signInThrottle: Throttle,
): Router {
  const router = Router()
  const templates = loadPortalTemplates()
  const admin = payload.config.routes.admin
  const cookie = { path: STAFF_SSO_PATH, secure: Boolean(payload.collections[Slugs.users].config.auth.cookies.secure) }
  const retry = `${admin}/login`
  router.use(portalSecurityHeaders())
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.portal = { base: '', csrf: '' } satisfies PortalLocals
    next()
  })

  router.get('/start', async (req: Request, res: Response) => {
    try {
      if (!settings) throw Errors.ssoNotConfigured()
      const url = await startFlow(res, payload.secret, settings, {
        binding: BINDING,
        redirectUri: `${requestOrigin(payload, req)}${STAFF_SSO_PATH}/callback`,
        next: safeNext(req.query.next, admin),
        cookie,
      })
      res.redirect(303, url.href)
    } catch (error) {
      sendSsoRefusal(payload, templates, req, res, error, retry)
    }
  })

  router.get('/callback', async (req: Request, res: Response) => {
    let claims: SsoClaims | undefined
    try {
      if (!settings) throw Errors.ssoNotConfigured()
      await signInThrottle.take(clientKey(req))
      const answer = await finishFlow(req, res, payload.secret, settings, BINDING, cookie)
      claims = answer.claims
      const user = await staffSsoUser(payload, claims)
      await openSession(payload, res, user.id)
      await logSsoSuccess(payload, undefined, claims, { user, linked: false, created: false })
      res.redirect(303, safeNext(answer.next, admin))
    } catch (error) {
      await logSsoFailure(payload, undefined, claims, error)
      sendSsoRefusal(payload, templates, req, res, error, retry)
    }
  })
  return router
}
