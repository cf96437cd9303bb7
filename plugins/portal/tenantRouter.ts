/**
 * The pages of one tenant's portal, mounted below the tenant's path (/t/<slug>) or at the root
 * of its custom domain; the tenant is already in `res.locals.portal`. Every page but sign-in (by
 * password or email link), an invitation's, the brand stylesheet and an email's unsubscribe link
 * needs a session of someone who may use this portal; every form POST needs the form token (csrfToken.ts) or gets 403 `csrf_token_invalid`
 * and changes nothing.
 */
import { Router, type NextFunction, type Request, type Response } from 'express'
import { createLocalReq, type Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { parseBodies } from '../../src/http/bodies'
import { Errors, HttpError, logRequestError } from '../../src/http/errors'
import { currentRequestContext } from '../../src/logging/requestContext'
import { clientKey, type RateLimiters } from '../../src/http/rateLimits'
import { brandStylesheet } from './brandStylesheet'
import { sendLogo } from './brandLogo'
import { managesPeople, peopleRoutes } from './account/peoplePage'
import { profileRoutes } from './account/profilePage'
import { notificationsRoutes } from './notifications/notificationsPage'
import { preferencesRoutes } from './notifications/preferencesPage'
import { unreadCount } from './notifications/unreadCount'
import { unsubscribeRoutes } from './notifications/unsubscribePage'
import {
  CSRF_FIELD,
  PRE_SESSION_COOKIE,
  preSessionCsrfToken,
  sessionCsrfToken,
  validPreSessionToken,
  validSessionToken,
} from './csrfToken'
import { portalLocals, sendPage } from './portalPage'
import { mayUsePortal, sessionUser, type PortalUser } from './portalSession'
import { sendNotMember } from './notMemberPage'
import { owesSecondFactor } from '../../src/auth/secondFactor/secondFactorGate'
import { secondFactorPage } from '../../src/auth/secondFactor/secondFactorRoutes'
import { SIGN_IN_REFUSED, signIn, signOut } from './portalSignIn'
import { signInLinkRoutes, signInView } from './signInLinkRoutes'
import { invitationRoutes } from './invitationRoutes'
import type { PortalTemplates } from './portalTemplates'
import { safeNext } from './safeNext'
import { sendPortalPage, type PageContext } from './pageRoutes'
import { ACT_FLASHES, actRoute } from './actRoute'
import { sendRecordPage } from './recordDetail'
import { sendRequestPage } from './requestPage'
import { SUBMIT_FLASHES, submitRoute } from './submitRoute'
import type { LoadedBlock } from './renderBlocks'
import { portalMenu } from './portalPages'
import { HOME_PAGE } from '../../collections/Pages'
import { portalSsoRoutes } from '../sso/portalSsoRoutes'

/** The largest portal form body. */
export const PORTAL_BODY_LIMIT = 64 * 1024

/** Sends the friendly 403 page of a form whose token is missing or wrong. */
export function sendCsrfRefusal(res: Response, templates: PortalTemplates, retry: string): void {
  const error = Errors.csrfTokenInvalid()
  res.set('X-Atrium-Error', error.id)
  sendPage(res, templates, {
    template: 'error',
    title: 'Please try again',
    status: error.status,
    data: { heading: 'Please try again', message: error.message, retry, errorId: error.id },
  })
}

/** The router of a tenant's portal pages. */
export function tenantRouter(
  payload: Payload,
  templates: PortalTemplates,
  blocks: ReadonlyMap<string, LoadedBlock>,
  throttles: Pick<RateLimiters, 'signIn' | 'signInLink' | 'signInLinkAddress'>,
): Router {
  const router = Router()
  const bodies = parseBodies(PORTAL_BODY_LIMIT)
  const secureCookies = Boolean(payload.collections[Slugs.users].config.auth.cookies.secure)

  // Who is signed in; someone who may not use this portal counts as nobody here.
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const locals = portalLocals(res)
    const user = await sessionUser(payload, req)
    if (user && locals.tenant && mayUsePortal(user, locals.tenant)) {
      locals.user = user
      locals.csrf = sessionCsrfToken(payload, req, user)
      // One Payload request for the person's reads of this request (the bell's count and the page's blocks).
      locals.payloadReq = await createLocalReq({ user }, payload)
      ;[locals.managesPeople, locals.menu, locals.unread] = await Promise.all([
        managesPeople(payload, user),
        portalMenu(payload, locals.tenant, user, locals.base, req.path),
        unreadCount(locals.payloadReq, user, locals.tenant),
      ])
    } else if (user) res.locals.foreignUser = user
    next()
  })

  router.get('/brand.css', (_req, res) => {
    const { tenant } = portalLocals(res)
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(brandStylesheet(tenant!))
  })
  router.get('/logo', (_req, res) => sendLogo(payload, portalLocals(res).tenant!, res))

  router.get('/sign-in', (req, res) => {
    const locals = portalLocals(res)
    const next = safeNext(req.query.next, locals.base)
    if (locals.user) {
      res.redirect(303, next)
      return
    }
    locals.csrf = preSessionCsrfToken(payload, req, res, secureCookies)
    sendPage(res, templates, signInView(res, next))
  })

  router.post('/sign-in', ...bodies, async (req, res) => {
    const locals = portalLocals(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    const next = safeNext(body.next, locals.base)
    if (!validPreSessionToken(payload, req, body[CSRF_FIELD])) {
      locals.csrf = preSessionCsrfToken(payload, req, res, secureCookies)
      sendCsrfRefusal(res, templates, `${locals.base}/sign-in?next=${encodeURIComponent(next)}`)
      return
    }
    // The same budget as the API's login, per client address, and the same backoff per account.
    // A tenant that turned passwords off refuses them before any account is looked at.
    let throttled: HttpError | undefined
    let user: Awaited<ReturnType<typeof signIn>>
    try {
      if (!locals.tenant!.allowPasswords) throw Errors.passwordSignInDisabled()
      await throttles.signIn.take(clientKey(req))
      user = await signIn(payload, res, locals.tenant!, body.email, body.password)
    } catch (error) {
      if (!(error instanceof HttpError && (error.status === 429 || error.id === 'password_sign_in_disabled')))
        throw error
      throttled = error
    }
    if (!user) {
      locals.csrf = preSessionCsrfToken(payload, req, res, secureCookies)
      if (throttled) res.set({ ...throttled.headers, 'X-Atrium-Error': throttled.id })
      const email = typeof body.email === 'string' ? body.email.slice(0, 320) : ''
      sendPage(res, templates, {
        ...signInView(res, next, email, throttled ? throttled.message : SIGN_IN_REFUSED),
        status: throttled ? throttled.status : 401,
      })
      return
    }
    res.clearCookie(PRE_SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies })
    // Staff who owe their second factor take that step first, then come back.
    res.redirect(303, owesSecondFactor(payload, user) ? secondFactorPage(next) : next)
  })

  // Before the guards below: an email's unsubscribe link works without signing in (its token is the credential).
  router.use(unsubscribeRoutes(payload, templates, bodies))
  router.use(portalSsoRoutes(payload, templates, throttles.signIn))
  // So do sign-in links and invitations: nobody is signed in yet.
  router.use(signInLinkRoutes(payload, templates, bodies, throttles, secureCookies))
  router.use(invitationRoutes(payload, templates, bodies, secureCookies))

  // Every other form needs a session and its token; a page, a session (or the sign-in page first).
  router.post('/{*path}', ...bodies, (req, res, next) => {
    const locals = portalLocals(res)
    const token = ((req.body ?? {}) as Record<string, unknown>)[CSRF_FIELD]
    if (!locals.user || !validSessionToken(payload, req, locals.user, token)) {
      sendCsrfRefusal(res, templates, `${locals.base}/`)
      return
    }
    next()
  })
  router.get('/{*path}', async (req, res, next) => {
    const locals = portalLocals(res)
    if (locals.user) {
      next()
      return
    }
    const foreign = res.locals.foreignUser as PortalUser | undefined
    // Signed in, but as someone of another client (a link forwarded, two accounts): say so plainly.
    if (foreign) {
      await sendNotMember(
        payload,
        templates,
        res,
        foreign,
        `${locals.base}/sign-in?next=${encodeURIComponent(req.originalUrl)}`,
      )
      return
    }
    res.redirect(303, `${locals.base}/sign-in?next=${encodeURIComponent(req.originalUrl)}`)
  })

  router.post('/sign-out', async (req, res) => {
    const locals = portalLocals(res)
    await signOut(payload, req, res, locals.user!, { tenant: locals.tenant })
    res.redirect(303, `${locals.base}/sign-in`)
  })
  // From the profile page: every session of the person ends, on every device, this one included.
  router.post('/sign-out-everywhere', async (req, res) => {
    const locals = portalLocals(res)
    await signOut(payload, req, res, locals.user!, { everywhere: true, tenant: locals.tenant })
    res.redirect(303, `${locals.base}/sign-in`)
  })

  const pageContext: PageContext = { templates, blocks, flashes: { ...ACT_FLASHES, ...SUBMIT_FLASHES } }
  router.get('/', (req, res) => sendPortalPage(payload, pageContext, req, res, HOME_PAGE))
  router.get('/p/:page', (req, res) => sendPortalPage(payload, pageContext, req, res, req.params.page ?? ''))
  router.post('/requests', (req, res) => submitRoute(payload, pageContext, req, res))
  router.get('/requests/:id', (req, res) => sendRequestPage(payload, pageContext, req, res, req.params.id ?? ''))
  router.post('/requests/:id/act', (req, res) => actRoute(payload, pageContext, req, res))
  router.get('/records/:type/:id', (req, res) => sendRecordPage(payload, templates, req, res))
  router.use(profileRoutes(payload, templates), peopleRoutes(payload, templates))
  router.use(preferencesRoutes(payload, templates), notificationsRoutes(payload, templates))

  router.use((_req, res) => {
    sendPage(res, templates, { template: 'not-found', title: 'Page not found', status: 404 })
  })
  // A failure on a portal page is a page too (the API's handler answers JSON), revealing nothing.
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err)
      return
    }
    const error = logRequestError(payload, err, req)
    res.set({ ...error.headers, 'X-Atrium-Error': error.id })
    sendPage(res, templates, {
      template: 'error',
      title: 'Something went wrong',
      status: error.status,
      data: {
        heading: error.status >= 500 ? 'Something went wrong on our side' : 'That did not work',
        message: error.message,
        retry: `${portalLocals(res).base}/`,
        errorId: error.id,
        requestId: currentRequestContext()?.requestId ?? '',
      },
    })
  })
  return router
}
