/**
 * Single sign-on over OpenID Connect against real providers (oidc-provider on loopback ports):
 * who may configure it, each check of the flow refusing with its own page and changing nothing,
 * identities linked by issuer and subject (never by email alone), just-in-time accounts, a tenant
 * that requires it, and staff through the vendor's provider.
 */
import type { Express } from 'express'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { FLOW_COOKIE, sealFlow, unsealFlow } from '../../plugins/sso/flowCookie'
import { tenantSsoUser, type SsoTenant } from '../../plugins/sso/identities'
import { BuiltInRoles } from '../../seed/roles'
import type { User, UserIdentity } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { signInAtProvider, startOidcProvider, type TestProvider } from '../harness/oidcProvider'
import { enableTenantSso, lateServer, pathOf, setCookieValue, type LateServer } from '../harness/sso'
import { builtInRoles, createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
const SESSION = 'payload-token'
let atrium: LateServer
let idp: TestProvider
let rogue: TestProvider
let staffIdp: TestProvider

beforeAll(async () => {
  atrium = await lateServer()
  const redirectUris = [
    ...['acme', 'strict', 'other', 'plain'].map((slug) => `${atrium.origin}/t/${slug}/sso/callback`),
    `${atrium.origin}/sso/staff/callback`,
  ]
  idp = await startOidcProvider({ redirectUris })
  // Another issuer that knows the same client: its answers must not pass for the tenant's provider's.
  rogue = await startOidcProvider({ redirectUris, clientId: idp.clientId, clientSecret: idp.clientSecret })
  staffIdp = await startOidcProvider({ redirectUris, clientId: 'atrium-staff' })
})
afterAll(async () => {
  await Promise.all([atrium?.close(), idp?.close(), rogue?.close(), staffIdp?.close()])
})

describeEachDatabase(
  'single sign-on',
  (ctx) => {
    let acme: number
    let other: number
    let memberRole: number
    let adminToken: string
    let app: Express
    const at = (login: string) => `${ctx.kind}-${login}`
    const account = (login: string, email: string | undefined, emailVerified = true, provider = idp) =>
      provider.addAccount({ subject: at(login), email, emailVerified, name: login })

    const start = async (slug: string, next = '') => {
      const res = await request(atrium.server).get(`/t/${slug}/sso/start?next=${encodeURIComponent(next)}`)
      expect(res.status).toBe(303)
      return { authorize: res.headers.location as string, flow: setCookieValue(res.headers['set-cookie'], FLOW_COOKIE)! }
    }
    const callback = (url: URL | string, flow?: string) =>
      request(atrium.server)
        .get(pathOf(url))
        .set('Cookie', flow ? `${FLOW_COOKIE}=${encodeURIComponent(flow)}` : '')
    const signInVia = async (slug: string, login: string, next = '') => {
      const { authorize, flow } = await start(slug, next)
      return callback(await signInAtProvider(authorize, at(login)), flow)
    }
    const expectRefused = (res: request.Response, id: string, status: number) => {
      expect({ status: res.status, id: res.headers['x-atrium-error'] }).toEqual({ status, id })
      expect(res.text).toContain(`Error id: ${id}`)
      expect(setCookieValue(res.headers['set-cookie'], SESSION)).toBeUndefined()
    }
    const counts = async () => ({
      users: (await ctx.payload.count({ collection: Slugs.users })).totalDocs,
      identities: (await ctx.payload.count({ collection: Slugs.userIdentities })).totalDocs,
    })
    const userByEmail = async (email: string) =>
      (await ctx.payload.find({ collection: Slugs.users, where: { email: { equals: email } }, depth: 0 })).docs as User[]
    const identitiesOf = async (user: number) =>
      (await ctx.payload.find({ collection: Slugs.userIdentities, where: { user: { equals: user } }, depth: 0 }))
        .docs as UserIdentity[]
    const portalHome = (res: request.Response, slug = 'acme') =>
      request(atrium.server)
        .get(`/t/${slug}/`)
        .set('Cookie', `${SESSION}=${setCookieValue(res.headers['set-cookie'], SESSION)}`)

    beforeAll(async () => {
      const roles = await builtInRoles(ctx.payload)
      memberRole = roles[BuiltInRoles.clientMember]
      acme = (await createTenant(ctx.payload, 'acme')).id
      other = (await createTenant(ctx.payload, 'other')).id
      const strict = (await createTenant(ctx.payload, 'strict')).id
      await createTenant(ctx.payload, 'plain')
      await enableTenantSso(ctx.payload, acme, idp, { allowedDomains: ['acme.test', 'acme-group.test'], defaultRole: memberRole })
      await enableTenantSso(ctx.payload, other, idp, { allowedDomains: ['other.test'], defaultRole: memberRole })
      await enableTenantSso(ctx.payload, strict, idp, { allowedDomains: ['strict.test'], required: true })
      await createVendorAdmin(ctx.payload, { email: 'vendor@sso.test', password: PASSWORD })
      await createClientUser(ctx.payload, { email: 'boss@acme.test', password: PASSWORD }, acme, BuiltInRoles.clientAdmin)
      await createClientUser(ctx.payload, { email: 'boss@other.test', password: PASSWORD }, other, BuiltInRoles.clientAdmin)
      app = await testApp(ctx)
      atrium.serve(app)
      adminToken = await login(app, 'vendor@sso.test', PASSWORD)
    })

    describe('who may change the settings', () => {
      const patch = (token: string | undefined, tenant: number, sso: Record<string, unknown>) => {
        const req = request(atrium.server).patch(`/api/tenants/${tenant}`)
        return (token ? req.set('Authorization', `JWT ${token}`) : req).send({ sso })
      }
      const issuerOf = async (tenant: number) =>
        ((await ctx.payload.findByID({ collection: Slugs.tenants, id: tenant, depth: 0 })) as SsoTenant).sso?.issuer

      it('refuses anonymous changes and a client administrator’s, even of their own tenant; nothing changes', async () => {
        // As to anyone who cannot see the tenant: 404 (src/access/collectionAccess.ts, hideInvisible).
        expect((await patch(undefined, acme, { issuer: 'https://evil.test' })).status).toBe(404)
        const own = await patch(await login(app, 'boss@acme.test', PASSWORD), acme, { issuer: 'https://evil.test' })
        expect(own.status).toBe(403)
        expect(own.body.error.id).toBe('field_not_writable')
        const foreign = await patch(await login(app, 'boss@other.test', PASSWORD), acme, { issuer: 'https://evil.test' })
        expect(foreign.status).toBe(404)
        expect(await issuerOf(acme)).toBe(idp.issuer)
      })

      it('refuses an issuer that is not an https URL, or a malformed domain, with a clear 400', async () => {
        for (const issuer of ['http://idp.evil.test', 'javascript:alert(1)', 'https://idp.test/?x=1', 'x'.repeat(600)]) {
          const res = await patch(adminToken, acme, { issuer })
          expect(res.status).toBe(400)
          expect(JSON.stringify(res.body)).toMatch(/issuer|https|longer/i)
        }
        const domain = await patch(adminToken, acme, { allowedDomains: [{ domain: 'not a domain' }] })
        expect(domain.status).toBe(400)
        expect(domain.body.error.id).toBe('invalid_sso_settings')
        expect(await issuerOf(acme)).toBe(idp.issuer)
      })

      it('never returns the client secret, over REST or GraphQL, even to the vendor admin who set it', async () => {
        const set = await patch(adminToken, other, { clientSecret: idp.clientSecret })
        expect(set.status).toBe(200)
        const read = await request(atrium.server).get(`/api/tenants/${other}`).set('Authorization', `JWT ${adminToken}`)
        for (const body of [JSON.stringify(set.body), JSON.stringify(read.body)]) {
          expect(body).not.toContain(idp.clientSecret)
          expect(body).not.toMatch(/clientSecretSealed|v1\./)
        }
        expect(read.body.sso.issuer).toBe(idp.issuer)
        const graphql = (query: string) =>
          request(atrium.server).post('/api/graphql').set('Authorization', `JWT ${adminToken}`).send({ query })
        const virtual = await graphql(`{ Tenant(id: ${other}) { sso { issuer clientSecret } } }`)
        expect(virtual.body.data.Tenant.sso).toEqual({ issuer: idp.issuer, clientSecret: null })
        const hidden = await graphql(`{ Tenant(id: ${other}) { sso { clientSecretSealed } } }`)
        // Payload lists hidden fields in the schema, and answers them with null.
        expect(hidden.body).toEqual({ data: { Tenant: { sso: { clientSecretSealed: null } } } })
        // Still usable: the sealed secret signs people in.
        account('secret-check', 'secret-check@other.test')
        expect((await signInVia('other', 'secret-check')).status).toBe(303)
      })
    })
  },
  () => ({
    env: {
      STAFF_OIDC_ISSUER: staffIdp.issuer,
      STAFF_OIDC_CLIENT_ID: staffIdp.clientId,
      STAFF_OIDC_CLIENT_SECRET: staffIdp.clientSecret,
    },
  }),
)
