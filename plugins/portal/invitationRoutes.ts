/**
 * Accepting an invitation in the tenant's portal, before any session (src/auth/acceptInvitation.ts):
 * GET (and HEAD) <base>/invitation?token=… shows the form and changes nothing; POST with the
 * sign-in page's form token accepts, signs the person in and opens the portal. A problem with
 * the form shows the form again (the link still works); a problem with the link is an error page.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { acceptInvitation, type AcceptanceForm } from '../../src/auth/acceptInvitation'
import { recordSignInEvent } from '../../src/auth/signInLog'
import { readToken, recordRefusedToken, tokenHolder } from '../../src/auth/signInTokens'
import { Errors, HttpError } from '../../src/http/errors'
import { CSRF_FIELD, preSessionCsrfToken, validPreSessionToken } from './csrfToken'
import { portalLocals, sendPage } from './portalPage'
import { signInMember } from './portalSignIn'
import type { PortalTemplates } from './portalTemplates'
import { sendCsrfRefusal } from './tenantRouter'

/** Refusals of the form itself, shown on the form (others are the link's, shown as an error page). */
const FORM_ERRORS = new Set([
  'invalid_invitation_acceptance',
  'password_too_short',
  'password_too_common',
  'password_sign_in_disabled',
])

/** GET and POST <base>/invitation. */
export function invitationRoutes(
  payload: Payload,
  templates: PortalTemplates,
  bodies: RequestHandler[],
  secureCookies: boolean,
): Router {
  const router = Router()

  async function sendForm(req: Request, res: Response, token: unknown, form: AcceptanceForm, error?: HttpError) {
    const { tenant, base } = portalLocals(res)
    const invitation = await readToken(payload, token, 'invitation', tenant!.id)
    const existing = await payload.db.findOne({
      collection: Slugs.users,
      where: { email: { equals: invitation.email } },
    })
    portalLocals(res).csrf = preSessionCsrfToken(payload, req, res, secureCookies)
    if (error) res.set('X-Atrium-Error', error.id)
    sendPage(res, templates, {
      template: 'invitation',
      title: 'Accept the invitation',
      status: error?.status,
      flash: error ? { kind: 'error', message: error.message } : undefined,
      data: {
        action: `${base}/invitation`,
        token,
        tenantName: tenant!.name,
        email: invitation.email,
        existing: Boolean(existing),
        allowPasswords: tenant!.allowPasswords,
        name: typeof form.name === 'string' ? form.name.slice(0, 200) : '',
        password: form.method === 'password',
        errors: error?.fieldErrors ?? {},
      },
    })
  }

  router.get('/invitation', (req, res) => sendForm(req, res, req.query.token, {}))

  router.post('/invitation', ...bodies, async (req, res) => {
    const { tenant, base } = portalLocals(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    if (!validPreSessionToken(payload, req, body[CSRF_FIELD])) {
      portalLocals(res).csrf = preSessionCsrfToken(payload, req, res, secureCookies)
      sendCsrfRefusal(res, templates, `${base}/invitation?token=${encodeURIComponent(String(body.token ?? ''))}`)
      return
    }
    const entry = { kind: 'invitation-accepted', method: 'invitation', tenant: tenant!.id } as const
    let person
    try {
      person = await acceptInvitation(payload, tenant!, body.token, body)
      if (!(await signInMember(payload, res, person, tenant!))) throw Errors.signInTokenInvalid('invitation link')
    } catch (error) {
      await recordRefusedToken(payload, entry, body.token, error)
      if (!(error instanceof HttpError && FORM_ERRORS.has(error.id))) throw error
      await sendForm(req, res, body.token, body, error)
      return
    }
    const email = (await tokenHolder(payload, body.token))?.email
    await recordSignInEvent(payload, { ...entry, outcome: 'success', user: person, email })
    res.redirect(303, `${base}/`)
  })
  return router
}
