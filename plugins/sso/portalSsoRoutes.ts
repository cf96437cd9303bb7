/**
 * Single sign-on to a tenant's portal: GET <portal>/sso/start sends the browser to the tenant's
 * provider; GET <portal>/sso/callback takes the answer, finds or links (or makes) the person
 * (identities.ts) and opens a Payload session. Mounted by the portal's tenant router before its
 * session guard; every refusal is a portal page with its `sso_*` id.
 */
import { Router, type Request, type Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { CLIENT_SECRET_PURPOSE } from '../../collections/Tenants/ssoFields'
import { unseal } from '../../src/auth/sealedText'
import { Errors } from '../../src/http/errors'
import { clientKey, type Throttle } from '../../src/http/rateLimits'
import { portalLocals } from '../portal/portalPage'
import type { PortalTemplates } from '../portal/portalTemplates'
import type { PortalTenant } from '../portal/portalTenants'
import { safeNext } from '../portal/safeNext'
import type { FlowCookieOptions } from './flowCookie'
import { tenantSsoUser, type SsoTenant } from './identities'
import type { OidcClientSettings } from './oidcClient'
import { finishFlow, startFlow, type SsoClaims } from './oidcFlow'
import { openSession } from './openSession'
import { logSsoFailure, logSsoSuccess } from './ssoLog'
import { requestOrigin, sendSsoRefusal } from './ssoPages'

/**
 * What the sign-in page offers for `tenant`: the start link (with `next`; empty without single
 * sign-on) and whether it is the only way. Always an object: templates render in strict mode.
 */
export function ssoSignInOptions(
  tenant: PortalTenant | undefined,
  base: string,
  next: string,
): { start: string; required: boolean } {
  if (!tenant?.sso?.enabled) return { start: '', required: false }
  return { start: `${base}/sso/start?next=${encodeURIComponent(next)}`, required: tenant.sso.required }
}

/** The tenant as stored (hidden fields shown: the sealed secret), read fresh for each sign-in. */
async function storedTenant(payload: Payload, id: PortalTenant['id']): Promise<SsoTenant | undefined> {
  return (await payload.findByID({
    collection: Slugs.tenants,
    id,
    depth: 0,
    showHiddenFields: true,
    disableErrors: true,
  })) as SsoTenant | undefined
}

/** The tenant's provider settings; a tenant without complete, readable settings offers no single sign-on. */
function clientSettings(payload: Payload, tenant: SsoTenant | undefined): OidcClientSettings {
  if (!tenant) throw Errors.ssoNotConfigured()
  if (tenant.status !== 'active') throw Errors.tenantSuspended()
  const sso = tenant.sso
  const clientSecret = unseal(sso?.clientSecretSealed, payload.secret, CLIENT_SECRET_PURPOSE)
  if (!sso?.enabled || !sso.issuer || !sso.clientId || !clientSecret) throw Errors.ssoNotConfigured()
  return { issuer: sso.issuer, clientId: sso.clientId, clientSecret }
}

/** The routes, below a tenant's portal base. */
export function portalSsoRoutes(payload: Payload, templates: PortalTemplates, signInThrottle: Throttle): Router {
  const router = Router()
  const secure = Boolean(payload.collections[Slugs.users].config.auth.cookies.secure)
  const cookieOf = (base: string): FlowCookieOptions => ({ path: `${base}/sso`, secure })
  const bindingOf = (tenant: PortalTenant) => `tenant:${String(tenant.id)}`

  router.get('/sso/start', async (req: Request, res: Response) => {
    const { tenant, base, user } = portalLocals(res)
    const next = safeNext(req.query.next, base)
    try {
      if (user) {
        res.redirect(303, next)
        return
      }
      const settings = clientSettings(payload, await storedTenant(payload, tenant!.id))
      const url = await startFlow(res, payload.secret, settings, {
        binding: bindingOf(tenant!),
        redirectUri: `${requestOrigin(payload, req)}${base}/sso/callback`,
        next,
        cookie: cookieOf(base),
      })
      res.redirect(303, url.href)
    } catch (error) {
      sendSsoRefusal(payload, templates, req, res, error, `${base}/sign-in`)
    }
  })

  router.get('/sso/callback', async (req: Request, res: Response) => {
    const { tenant, base } = portalLocals(res)
    let claims: SsoClaims | undefined
    try {
      // Each answer costs the provider a token request: as many per address as password sign-ins.
      await signInThrottle.take(clientKey(req))
      const stored = await storedTenant(payload, tenant!.id)
      const settings = clientSettings(payload, stored)
      const answer = await finishFlow(req, res, payload.secret, settings, bindingOf(tenant!), cookieOf(base))
      claims = answer.claims
      const outcome = await tenantSsoUser(payload, stored!, claims)
      await openSession(payload, res, outcome.user.id)
      await logSsoSuccess(payload, tenant!.id, claims, outcome)
      res.redirect(303, safeNext(answer.next, base))
    } catch (error) {
      await logSsoFailure(payload, tenant?.id, claims, error)
      sendSsoRefusal(payload, templates, req, res, error, `${base}/sign-in`)
    }
  })
  return router
}
