/**
 * Signing in to a portal with a link by email (src/auth/magicLinks.ts), before any session:
 * - POST <base>/sign-in/email asks for a link: the same page, status and time for every address
 *   (a job looks the address up later); throttled per client address (429) and per email address
 *   (beyond its budget the page is the same, and no link is sent);
 * - GET (and HEAD) <base>/sign-in/link?token=… shows a button and changes nothing (mail scanners
 *   follow links);
 * - POST <base>/sign-in/link uses the link up and signs in with a Payload session, then follows
 *   the `next` the link was asked with (safeNext once more).
 * Both POSTs need the sign-in page's form token (csrfToken.ts).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express'
import type { Payload } from 'payload'
import { emailAddressInput } from '../../src/auth/emailInput'
import { requestSignInLink } from '../../src/auth/magicLinks'
import { recordSignInEvent } from '../../src/auth/signInLog'
import { consumeToken, readToken, recordRefusedToken, type StoredSignInToken } from '../../src/auth/signInTokens'
import { Errors, HttpError } from '../../src/http/errors'
import { clientKey, type RateLimiters } from '../../src/http/rateLimits'
import { CSRF_FIELD, preSessionCsrfToken, validPreSessionToken } from './csrfToken'
import { portalLocals, sendPage } from './portalPage'
import { signInMember } from './portalSignIn'
import type { PortalTemplates } from './portalTemplates'
import { safeNext } from './safeNext'
import { ssoSignInOptions } from '../sso/portalSsoRoutes'
import { sendCsrfRefusal } from './tenantRouter'

/** What the sign-in page shows; the password form only where the tenant allows passwords. */
export function signInView(res: Response, next: string, email = '', error: string | null = null) {
  const { base, tenant } = portalLocals(res)
  return {
    template: 'sign-in',
    title: 'Sign in',
    data: {
      linkAction: `${base}/sign-in/email`,
      action: `${base}/sign-in`,
      allowPasswords: tenant?.allowPasswords !== false,
      next,
      email,
      error,
      sso: ssoSignInOptions(tenant!, base, next),
    },
  }
}

type Throttles = Pick<RateLimiters, 'signInLink' | 'signInLinkAddress'>

const THROTTLED = 'Too many links asked for from this client address'
const ADDRESS_OVER_BUDGET = 'Too many links asked for this email: none sent'

/** Whether `error` is a throttle's 429. */
const isThrottled = (error: unknown): error is HttpError => error instanceof HttpError && error.status === 429

/** The routes above; `secureCookies` as the session cookie's. */
export function signInLinkRoutes(
  payload: Payload,
  templates: PortalTemplates,
  bodies: RequestHandler[],
  throttles: Throttles,
  secureCookies: boolean,
): Router {
  const router = Router()
  const refresh = (req: Request, res: Response) =>
    (portalLocals(res).csrf = preSessionCsrfToken(payload, req, res, secureCookies))

  router.post('/sign-in/email', ...bodies, async (req, res) => {
    const locals = portalLocals(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    const next = safeNext(body.next, locals.base)
    refresh(req, res)
    if (!validPreSessionToken(payload, req, body[CSRF_FIELD])) {
      sendCsrfRefusal(res, templates, `${locals.base}/sign-in?next=${encodeURIComponent(next)}`)
      return
    }
    const typed = typeof body.email === 'string' ? body.email.slice(0, 320) : ''
    const tenant = locals.tenant!.id
    const entry = { kind: 'link-requested', method: 'email-link', tenant } as const
    let email: string
    try {
      email = emailAddressInput(body.email, Errors.invalidSignInInput)
      await throttles.signInLink.take(clientKey(req)).catch(async (error: unknown) => {
        if (isThrottled(error))
          await recordSignInEvent(payload, { ...entry, email, outcome: 'failure', reason: THROTTLED })
        throw error
      })
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error
      res.set({ ...error.headers, 'X-Atrium-Error': error.id })
      sendPage(res, templates, { ...signInView(res, next, typed, error.message), status: error.status })
      return
    }
    // An address over its budget gets the same page, without another email: the page must not
    // tell whether the address exists, and a flood of links would bury the real one.
    const withinBudget = await throttles.signInLinkAddress.take(email).then(
      () => true,
      (error: unknown) => {
        if (isThrottled(error)) return false
        throw error
      },
    )
    // Logged alike for every address (whether it is a member's is the job's to find out, unlogged).
    await recordSignInEvent(payload, {
      ...entry,
      email,
      outcome: withinBudget ? 'success' : 'failure',
      reason: withinBudget ? null : ADDRESS_OVER_BUDGET,
    })
    if (withinBudget) await requestSignInLink(payload, { email, tenant: String(tenant), next })
    sendPage(res, templates, {
      template: 'sign-in-link-sent',
      title: 'Check your email',
      data: {
        email,
        tenantName: locals.tenant!.name,
        again: `${locals.base}/sign-in?next=${encodeURIComponent(next)}`,
      },
    })
  })

  router.get('/sign-in/link', async (req, res) => {
    const { tenant, base } = portalLocals(res)
    const link = await readToken(payload, req.query.token, 'magic-link', tenant!.id)
    refresh(req, res)
    sendPage(res, templates, {
      template: 'sign-in-link',
      title: 'Sign in',
      data: { action: `${base}/sign-in/link`, token: req.query.token, tenantName: tenant!.name, email: link.email },
    })
  })

  router.post('/sign-in/link', ...bodies, async (req, res) => {
    const { tenant, base } = portalLocals(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    if (!validPreSessionToken(payload, req, body[CSRF_FIELD])) {
      refresh(req, res)
      sendCsrfRefusal(res, templates, `${base}/sign-in`)
      return
    }
    const entry = { kind: 'link-used', method: 'email-link', tenant: tenant!.id } as const
    let link: StoredSignInToken | undefined
    try {
      link = await readToken(payload, body.token, 'magic-link', tenant!.id)
      await consumeToken(payload, link)
      // Deactivated, or removed from this tenant, since the link was sent: it signs nobody in.
      if (!(await signInMember(payload, res, link.user, tenant!))) throw Errors.signInTokenInvalid('sign-in link')
    } catch (error) {
      await recordRefusedToken(payload, entry, body.token, error, link)
      throw error
    }
    await recordSignInEvent(payload, { ...entry, outcome: 'success', user: link.user, email: link.email })
    res.redirect(303, safeNext(link.next, base))
  })
  return router
}
