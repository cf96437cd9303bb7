/**
 * The second step of a staff sign-in, at /_atrium/second-factor: after the password, a session
 * that owes its second factor (secondFactorGate.ts) is sent here from the admin UI; the page enrols
 * an authenticator (QR code, key, first code, then recovery codes shown once) or asks for a code,
 * and then lets the session through to where it was going. The session itself proves who is asking
 * (read past the gate by sessionOwner); forms carry an HMAC of that session against cross-site posts.
 */
import path from 'node:path'
import express, { type Request, type RequestHandler, type Response, type Router } from 'express'
import { createLocalReq, logoutOperation, type Payload, type TypedUser } from 'payload'
import { generateExpiredPayloadCookie } from 'payload/shared'
import QRCode from 'qrcode'
import { Slugs } from '../../../collections/slugs'
import { PROJECT_ROOT } from '../../config/paths'
import { parseBodies } from '../../http/bodies'
import { Errors } from '../../http/errors'
import { headersOf } from '../../http/fetchHeaders'
import { formToken, sameToken } from '../../http/formTokens'
import type { Throttle } from '../../http/rateLimits'
import { clientKey } from '../../http/rateLimits'
import { sameOriginPath } from '../../http/sameOriginPath'
import { currentRequestContext } from '../../logging/requestContext'
import { renderTemplate } from '../../templates/renderTemplate'
import { loadTemplateFile } from '../../templates/templateFile'
import { recordSignInEvent } from '../signInLog'
import {
  enrolmentSecret,
  hasSecondFactor,
  proveSecondFactor,
  secondFactorPending,
  type SecondFactorPolicy,
  type SecondFactorUser,
} from './secondFactor'
import { sessionOwner } from './secondFactorGate'
import { otpauthUri } from './totp'

/** Where the page lives. */
export const SECOND_FACTOR_PATH = '/_atrium/second-factor'

/** The second step's page, to go on to `next` (a same-origin path) once proved. */
export const secondFactorPage = (next: string): string => `${SECOND_FACTOR_PATH}?next=${encodeURIComponent(next)}`
/** The longest code or recovery code looked at. */
const MAX_CODE_LENGTH = 32
/** Where a session goes once proved, unless it named a same-origin path. */
const DEFAULT_NEXT = '/admin'

const page = loadTemplateFile(
  path.join(PROJECT_ROOT, 'templates', 'staff', 'second-factor.hbs'),
  'file:staff/second-factor',
)

const nextOf = (value: unknown): string => {
  const target = sameOriginPath(value)
  return target && !target.path.startsWith(SECOND_FACTOR_PATH) ? `${target.path}${target.search}` : DEFAULT_NEXT
}

const sessionFormToken = (payload: Payload, user: SecondFactorUser) =>
  formToken(payload, 'second-factor', `${String(user.id)}:${user._sid ?? ''}`)

/** Options of {@link secondFactorRouter}. */
export interface SecondFactorRouteOptions {
  policy: SecondFactorPolicy
  /** the installation's per-address sign-in budget: each code tried spends from it */
  signInThrottle: Throttle
}

/** The page's routes (mount at {@link SECOND_FACTOR_PATH}). */
export function secondFactorRouter(payload: Payload, { policy, signInThrottle }: SecondFactorRouteOptions): Router {
  const router = express.Router()
  const adminLogin = `${payload.config.routes.admin}/login`

  /** The session's owner, when it is a staff session that owes its second factor; otherwise the answer is sent. */
  async function owing(req: Request, res: Response): Promise<SecondFactorUser | undefined> {
    const owner = await sessionOwner(payload, headersOf(req))
    if (!owner) {
      res.redirect(303, `${adminLogin}?redirect=${encodeURIComponent(nextOf(req.query.next))}`)
      return undefined
    }
    if (!secondFactorPending(owner, policy)) {
      res.redirect(303, nextOf(req.query.next ?? (req.body as { next?: unknown } | undefined)?.next))
      return undefined
    }
    return owner
  }

  function render(res: Response, owner: SecondFactorUser, view: Record<string, unknown>, status = 200) {
    res.status(status).set('Cache-Control', 'no-store').type('html')
    res.send(
      renderTemplate(page, {
        title: 'Second step',
        email: owner.email,
        action: SECOND_FACTOR_PATH,
        signOut: `${SECOND_FACTOR_PATH}/sign-out`,
        csrf: sessionFormToken(payload, owner),
        ...view,
      }),
    )
  }

  async function show(res: Response, owner: SecondFactorUser, next: string, error?: string, status = 200) {
    if (hasSecondFactor(owner)) return render(res, owner, { next, error }, status)
    const secret = await enrolmentSecret(payload, owner)
    render(
      res,
      owner,
      {
        enrol: true,
        title: 'Set up your authenticator',
        secret: secret.replace(/(.{4})/g, '$1 ').trim(),
        qr: `${SECOND_FACTOR_PATH}/qr.svg`,
        next,
        error,
      },
      status,
    )
  }

  router.get('/', async (req, res) => {
    const owner = await owing(req, res)
    if (owner) await show(res, owner, nextOf(req.query.next))
  })

  router.get('/qr.svg', async (req, res) => {
    const owner = await sessionOwner(payload, headersOf(req))
    if (!owner || !secondFactorPending(owner, policy) || hasSecondFactor(owner)) {
      throw Errors.routeNotFound('GET', req.originalUrl)
    }
    const uri = otpauthUri(await enrolmentSecret(payload, owner), 'Atrium', owner.email ?? String(owner.id))
    res
      .set('Cache-Control', 'no-store')
      .type('image/svg+xml')
      .send(await QRCode.toString(uri, { type: 'svg', margin: 1 }))
  })

  router.post('/', ...parseBodies(16 * 1024), async (req, res) => {
    const owner = await owing(req, res)
    if (!owner) return
    const body = (req.body ?? {}) as Record<string, unknown>
    const next = nextOf(body.next)
    if (!sameToken(body.csrf, sessionFormToken(payload, owner))) {
      return show(res, owner, next, 'This form has expired: please try again.', 403)
    }
    const code = body.code
    if (typeof code !== 'string' || code.trim() === '' || code.length > MAX_CODE_LENGTH) {
      return show(
        res,
        owner,
        next,
        `Type the code: six digits, or a recovery code (at most ${MAX_CODE_LENGTH} characters).`,
        400,
      )
    }
    await signInThrottle.take(clientKey(req))
    // Per account, whatever the address: a stolen password does not buy a million guesses.
    const backoff = currentRequestContext()?.signInBackoff
    const backoffKey = `second-factor:${String(owner.id)}`
    await backoff?.attempt(backoffKey, 'any-address')
    const result = await proveSecondFactor(payload, owner, code)
    if (!result.ok) return show(res, owner, next, result.reason, 401)
    await backoff?.succeeded(backoffKey, 'any-address')
    if (result.recoveryCodes)
      return render(res, owner, { title: 'Save your recovery codes', recoveryCodes: result.recoveryCodes, next })
    res.redirect(303, next)
  })

  router.post('/sign-out', ...parseBodies(16 * 1024), async (req, res) => {
    const owner = await sessionOwner(payload, headersOf(req))
    const body = (req.body ?? {}) as Record<string, unknown>
    if (owner && sameToken(body.csrf, sessionFormToken(payload, owner))) {
      const local = await createLocalReq(
        { user: { ...owner, collection: Slugs.users } as unknown as TypedUser },
        payload,
      )
      await logoutOperation({ collection: payload.collections[Slugs.users], req: local })
      await recordSignInEvent(payload, {
        kind: 'sign-out',
        outcome: 'success',
        user: owner.id,
        email: owner.email,
        reason: 'Signed out at the second step',
      })
    }
    const users = payload.collections[Slugs.users].config
    res.append(
      'Set-Cookie',
      generateExpiredPayloadCookie({
        collectionAuthConfig: users.auth,
        cookiePrefix: payload.config.cookiePrefix,
      }) as string,
    )
    res.redirect(303, adminLogin)
  })

  return router
}

/**
 * In front of the admin UI: a page request of a staff session that owes its second factor goes to
 * the second-factor page (the admin would otherwise show its sign-in form again and again).
 */
export function sendOwingSessionsToSecondFactor(payload: Payload, policy: SecondFactorPolicy): RequestHandler {
  const open = ['/login', '/logout', '/forgot', '/reset', '/create-first-user']
  return async (req, res, next) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      open.some((p) => req.path === p || req.path.startsWith(`${p}/`))
    )
      return next()
    const owner = await sessionOwner(payload, headersOf(req))
    if (!owner || !secondFactorPending(owner, policy)) return next()
    res.redirect(303, secondFactorPage(req.originalUrl))
  }
}
