/**
 * Single sign-on over OpenID Connect against real providers (oidc-provider on loopback ports):
 * who may configure it, each check of the flow refusing with its own page and changing nothing,
 * identities linked by issuer and subject (never by email alone), just-in-time accounts, a tenant
 * that requires it, and staff through the vendor's provider.
 */
import type { Express } from 'express'
import type { Where } from 'payload'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { FLOW_COOKIE, sealFlow, unsealFlow } from '../../plugins/sso/flowCookie'
import { tenantSsoUser, type SsoTenant } from '../../plugins/sso/identities'
import { BuiltInRoles } from '../../seed/roles'
import type { User, UserIdentity } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { csrfOf } from '../harness/portal'
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
      return {
        authorize: res.headers.location as string,
        flow: setCookieValue(res.headers['set-cookie'], FLOW_COOKIE)!,
      }
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
      (await ctx.payload.find({ collection: Slugs.users, where: { email: { equals: email } }, depth: 0 }))
        .docs as User[]
    const identitiesOf = async (user: number) =>
      (await ctx.payload.find({ collection: Slugs.userIdentities, where: { user: { equals: user } }, depth: 0 }))
        .docs as UserIdentity[]
    const eventsFor = async (where: Where) =>
      (
        await ctx.payload.find({
          collection: Slugs.signInEvents,
          where: { and: [{ method: { equals: 'sso' } }, where] },
          sort: 'createdAt',
          depth: 0,
          pagination: false,
        })
      ).docs.map((e) => ({ kind: e.kind, outcome: e.outcome, reason: e.reason, tenant: e.tenant }))
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
      await enableTenantSso(ctx.payload, acme, idp, {
        allowedDomains: ['acme.test', 'acme-group.test'],
        defaultRole: memberRole,
      })
      await enableTenantSso(ctx.payload, other, idp, { allowedDomains: ['other.test'], defaultRole: memberRole })
      await enableTenantSso(ctx.payload, strict, idp, { allowedDomains: ['strict.test'], required: true })
      await createVendorAdmin(ctx.payload, { email: 'vendor@sso.test', password: PASSWORD })
      await createClientUser(
        ctx.payload,
        { email: 'boss@acme.test', password: PASSWORD },
        acme,
        BuiltInRoles.clientAdmin,
      )
      await createClientUser(
        ctx.payload,
        { email: 'boss@other.test', password: PASSWORD },
        other,
        BuiltInRoles.clientAdmin,
      )
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
        const foreign = await patch(await login(app, 'boss@other.test', PASSWORD), acme, {
          issuer: 'https://evil.test',
        })
        expect(foreign.status).toBe(404)
        expect(await issuerOf(acme)).toBe(idp.issuer)
      })

      it('refuses an issuer that is not an https URL, a staff role for newcomers, or a malformed domain, with a clear 400', async () => {
        for (const issuer of [
          'http://idp.evil.test',
          'javascript:alert(1)',
          'https://idp.test/?x=1',
          'x'.repeat(600),
        ]) {
          const res = await patch(adminToken, acme, { issuer })
          expect(res.status).toBe(400)
          expect(JSON.stringify(res.body)).toMatch(/issuer|https|longer/i)
        }
        const staffRole = (await builtInRoles(ctx.payload))[BuiltInRoles.vendorAdmin]
        const role = await patch(adminToken, acme, { defaultRole: staffRole })
        expect(role.status).toBe(400)
        expect(JSON.stringify(role.body)).toContain('defaultRole')
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

    describe('refusals: each with its page and id, nobody signed in, nothing made', () => {
      it('answers a tenant without single sign-on with sso_not_configured', async () => {
        expectRefused(await request(atrium.server).get('/t/plain/sso/start'), 'sso_not_configured', 404)
        expectRefused(
          await request(atrium.server).get('/t/plain/sso/callback?code=x&state=y'),
          'sso_not_configured',
          404,
        )
      })

      it('answers a provider that does not answer with sso_provider_unreachable (502)', async () => {
        const plain = (await ctx.payload.find({ collection: Slugs.tenants, where: { slug: { equals: 'plain' } } }))
          .docs[0]!
        // A closed port on this machine: discovery fails at once.
        await enableTenantSso(ctx.payload, plain.id, { ...idp, issuer: 'http://127.0.0.1:9' })
        try {
          expectRefused(await request(atrium.server).get('/t/plain/sso/start'), 'sso_provider_unreachable', 502)
        } finally {
          await ctx.payload.update({ collection: Slugs.tenants, id: plain.id, data: { sso: { enabled: false } } })
        }
      })

      it('refuses a wrong state, an answer without the flow cookie, and a flow started for another tenant', async () => {
        account('state', 'state@acme.test')
        const before = await counts()
        const { authorize, flow } = await start('acme')
        const back = await signInAtProvider(authorize, at('state'))
        const wrong = new URL(back)
        wrong.searchParams.set('state', 'guessed-state')
        expectRefused(await callback(wrong, flow), 'sso_state_invalid', 400)
        expectRefused(await callback(back), 'sso_state_invalid', 400)
        const otherFlow = await start('other')
        const onAcme = new URL(back)
        onAcme.searchParams.set('state', unsealFlow(otherFlow.flow, ctx.payload.secret)!.state)
        expectRefused(await callback(onAcme, otherFlow.flow), 'sso_state_invalid', 400)
        // A cookie that was altered, or sealed by another installation, is no flow at all.
        expectRefused(await callback(back, `${flow.slice(0, -4)}AAAA`), 'sso_state_invalid', 400)
        expect(await counts()).toEqual(before)
      })

      it('refuses a replayed code: the provider answered it once already', async () => {
        account('replay', 'replay@acme.test')
        const { authorize, flow } = await start('acme')
        const back = await signInAtProvider(authorize, at('replay'))
        expect((await callback(back, flow)).status).toBe(303)
        const before = await counts()
        expectRefused(await callback(back, flow), 'sso_code_rejected', 400)
        expect(await counts()).toEqual(before)
      })

      it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
        account('nonce', 'nonce@acme.test')
        const before = await counts()
        const { authorize, flow } = await start('acme')
        const stored = unsealFlow(flow, ctx.payload.secret)!
        const tampered = sealFlow({ ...stored, nonce: 'another-sign-ins-nonce' }, ctx.payload.secret)
        expectRefused(
          await callback(await signInAtProvider(authorize, at('nonce')), tampered),
          'sso_nonce_mismatch',
          400,
        )
        expect(await counts()).toEqual(before)
      })

      it('refuses an answer from another issuer that knows the same client', async () => {
        account('rogue', 'rogue@acme.test', true, rogue)
        const before = await counts()
        const { authorize, flow } = await start('acme')
        const atRogue = new URL(authorize)
        const rogueUrl = new URL(rogue.issuer)
        atRogue.host = rogueUrl.host
        expectRefused(
          await callback(await signInAtProvider(atRogue.href, at('rogue')), flow),
          'sso_issuer_mismatch',
          400,
        )
        expect(await counts()).toEqual(before)
      })

      it('refuses an unverified email and an email of a domain the tenant does not list', async () => {
        account('unverified', 'unverified@acme.test', false)
        account('unlisted', 'someone@elsewhere.test')
        account('no-email', undefined)
        const before = await counts()
        expectRefused(await signInVia('acme', 'unverified'), 'sso_email_unverified', 403)
        expectRefused(await signInVia('acme', 'no-email'), 'sso_email_unverified', 403)
        expectRefused(await signInVia('acme', 'unlisted'), 'sso_domain_not_allowed', 403)
        expect(await counts()).toEqual(before)
        const [logged] = await eventsFor({ email: { equals: 'someone@elsewhere.test' } })
        expect(logged).toMatchObject({ kind: 'sign-in', outcome: 'failure', tenant: acme })
        expect(logged!.reason).toMatch(/^sso_domain_not_allowed: .*subject/)
        expect(await userByEmail('unverified@acme.test')).toEqual([])
      })

      it('refuses a tenant suspended during the sign-in, and a deactivated user', async () => {
        account('suspended', 'suspended@acme.test')
        const { authorize, flow } = await start('acme')
        const back = await signInAtProvider(authorize, at('suspended'))
        await ctx.payload.update({ collection: Slugs.tenants, id: acme, data: { status: 'suspended' } })
        try {
          const res = await callback(back, flow)
          // Within the portal's tenant cache the page is sso's own refusal, after it the portal's 404.
          expect([403, 404]).toContain(res.status)
          expect(setCookieValue(res.headers['set-cookie'], SESSION)).toBeUndefined()
          expect(await userByEmail('suspended@acme.test')).toEqual([])
        } finally {
          await ctx.payload.update({ collection: Slugs.tenants, id: acme, data: { status: 'active' } })
        }
        account('inactive', 'inactive@acme.test')
        const created = await signInVia('acme', 'inactive')
        expect(created.status).toBe(303)
        const [user] = await userByEmail('inactive@acme.test')
        await ctx.payload.update({ collection: Slugs.users, id: user!.id, data: { active: false } })
        expectRefused(await signInVia('acme', 'inactive'), 'account_inactive', 403)
      })
    })

    describe('bad input', () => {
      it('refuses a state that is a list, absurdly long, or empty, and changes nothing', async () => {
        const { flow } = await start('acme')
        const before = await counts()
        for (const query of ['state[]=a&state[]=b&code=x', `state=${'s'.repeat(10_000)}&code=x`, 'state=&code=x', '']) {
          expectRefused(await callback(`${atrium.origin}/t/acme/sso/callback?${query}`, flow), 'sso_state_invalid', 400)
        }
        expectRefused(
          await callback(`${atrium.origin}/t/acme/sso/callback?state=x`, 'v1.' + 'A'.repeat(12_000)),
          'sso_state_invalid',
          400,
        )
        expect(await counts()).toEqual(before)
      })

      it('keeps only same-portal paths as where to go after sign-in (no open redirect)', async () => {
        for (const next of ['https://evil.test/', '//evil.test', '/t/other/', '/\\evil.test', 'javascript:alert(1)']) {
          const { flow } = await start('acme', next)
          expect(unsealFlow(flow, ctx.payload.secret)!.next).toBe('/t/acme/')
        }
        const staff = await request(atrium.server).get(
          `/sso/staff/start?next=${encodeURIComponent('https://evil.test')}`,
        )
        expect(unsealFlow(setCookieValue(staff.headers['set-cookie'], FLOW_COOKIE), ctx.payload.secret)!.next).toBe(
          '/admin/',
        )
      })
    })

    describe('linking by issuer and subject, and accounts made just in time', () => {
      it('makes a client user at first sign-in: the default role, this tenant only, linked, and on to next', async () => {
        account('newcomer', 'Newcomer@ACME-group.test')
        const res = await signInVia('acme', 'newcomer', '/t/acme/notifications?x=1')
        expect(res.status).toBe(303)
        expect(res.headers.location).toBe('/t/acme/notifications?x=1')
        expect((await portalHome(res)).status).toBe(200)
        const [user] = await userByEmail('newcomer@acme-group.test')
        expect(user).toMatchObject({ kind: 'client', active: true, name: 'newcomer' })
        expect(user!.memberships!.map((m) => [m.tenant, m.roles])).toEqual([[acme, [memberRole]]])
        const [identity] = await identitiesOf(user!.id)
        expect(identity).toMatchObject({ issuer: idp.issuer, subject: at('newcomer'), tenant: acme })
        expect(await eventsFor({ user: { equals: user!.id } })).toEqual([
          expect.objectContaining({ kind: 'sso-user-created', outcome: 'success', tenant: acme }),
          expect.objectContaining({ kind: 'sso-linked', outcome: 'success', tenant: acme }),
          expect.objectContaining({ kind: 'sign-in', outcome: 'success', tenant: acme }),
        ])
        // It opens no other tenant's portal (issue 13: another client's portal answers 404).
        expect((await portalHome(res, 'other')).status).toBe(404)
      })

      it('makes exactly one user and one link when five first sign-ins race', async () => {
        const tenant = (await ctx.payload.findByID({
          collection: Slugs.tenants,
          id: acme,
          depth: 0,
          showHiddenFields: true,
        })) as SsoTenant
        const claims = {
          issuer: idp.issuer,
          subject: at('racer'),
          email: 'racer@acme.test',
          emailVerified: true,
          name: undefined,
        }
        const outcomes = await Promise.all(Array.from({ length: 5 }, () => tenantSsoUser(ctx.payload, tenant, claims)))
        expect(new Set(outcomes.map((o) => o.user.id)).size).toBe(1)
        expect(outcomes.filter((o) => o.created)).toHaveLength(1)
        expect(await userByEmail('racer@acme.test')).toHaveLength(1)
        expect(await identitiesOf(outcomes[0]!.user.id)).toHaveLength(1)
      })

      it('signs in the same user after their email changes at the provider', async () => {
        const person = account('mover', 'mover@acme.test')
        expect((await signInVia('acme', 'mover')).status).toBe(303)
        const [user] = await userByEmail('mover@acme.test')
        person.email = 'moved@elsewhere.test'
        person.emailVerified = false
        const again = await signInVia('acme', 'mover')
        expect(again.status).toBe(303)
        expect((await portalHome(again)).text).toContain('mover')
        expect(await userByEmail('moved@elsewhere.test')).toEqual([])
        expect(await identitiesOf(user!.id)).toHaveLength(1)
      })

      it('deletes a user’s links with them, and makes the account afresh at the next sign-in', async () => {
        account('returner', 'returner@acme.test')
        expect((await signInVia('acme', 'returner')).status).toBe(303)
        const [gone] = await userByEmail('returner@acme.test')
        await ctx.payload.delete({ collection: Slugs.users, id: gone!.id })
        const bySubject = { subject: { equals: at('returner') } }
        expect((await ctx.payload.count({ collection: Slugs.userIdentities, where: bySubject })).totalDocs).toBe(0)
        expect((await signInVia('acme', 'returner')).status).toBe(303)
        expect(await userByEmail('returner@acme.test')).toHaveLength(1)
        expect((await ctx.payload.count({ collection: Slugs.userIdentities, where: bySubject })).totalDocs).toBe(1)
      })

      it('does not let another subject with the same verified email take over the account', async () => {
        account('owner', 'owner@acme.test')
        expect((await signInVia('acme', 'owner')).status).toBe(303)
        account('impostor', 'owner@acme.test')
        const before = await counts()
        expectRefused(await signInVia('acme', 'impostor'), 'sso_account_conflict', 403)
        expect(await counts()).toEqual(before)
      })

      it('links an existing member with a verified address of a listed domain, and never staff or another tenant’s', async () => {
        const member = await createClientUser(
          ctx.payload,
          { email: 'member@acme.test', password: PASSWORD },
          acme,
          BuiltInRoles.clientViewer,
        )
        account('member', 'member@acme.test')
        const res = await signInVia('acme', 'member')
        expect(res.status).toBe(303)
        expect((await identitiesOf(member.id)).map((i) => i.subject)).toEqual([at('member')])
        await createVendorAdmin(ctx.payload, { email: 'staff@acme.test', password: PASSWORD })
        account('staff-by-email', 'staff@acme.test')
        account('boss-of-other', 'boss@other.test')
        await enableTenantSso(ctx.payload, acme, idp, {
          allowedDomains: ['acme.test', 'acme-group.test', 'other.test'],
          defaultRole: memberRole,
        })
        const before = await counts()
        expectRefused(await signInVia('acme', 'staff-by-email'), 'sso_account_conflict', 403)
        expectRefused(await signInVia('acme', 'boss-of-other'), 'sso_account_conflict', 403)
        expect(await counts()).toEqual(before)
      })
    })

    describe('a tenant that requires single sign-on', () => {
      it('refuses its people’s passwords at the portal and the API, and its page offers only the provider', async () => {
        const strict = (await ctx.payload.find({ collection: Slugs.tenants, where: { slug: { equals: 'strict' } } }))
          .docs[0]!
        await createClientUser(
          ctx.payload,
          { email: 'person@strict.test', password: PASSWORD },
          strict.id,
          BuiltInRoles.clientMember,
        )
        const api = await request(atrium.server)
          .post('/api/users/login')
          .send({ email: 'person@strict.test', password: PASSWORD })
        expect(api.status).toBe(403)
        expect(api.body.error.id).toBe('sso_required')
        const [refusal] = (
          await ctx.payload.find({
            collection: Slugs.signInEvents,
            where: { and: [{ email: { equals: 'person@strict.test' } }, { method: { equals: 'password' } }] },
            depth: 0,
          })
        ).docs
        expect(refusal).toMatchObject({
          outcome: 'failure',
          reason: expect.stringContaining('requires single sign-on'),
        })
        // A password reset signs in too: it is refused the same way.
        const resetToken = await ctx.payload.forgotPassword({
          collection: Slugs.users,
          data: { email: 'person@strict.test' },
          disableEmail: true,
        })
        const reset = await request(atrium.server)
          .post('/api/users/reset-password')
          .send({ token: resetToken, password: 'a-brand-new-password-2026' })
        expect({ status: reset.status, id: reset.body.error?.id }).toEqual({ status: 403, id: 'sso_required' })
        const browser = request.agent(atrium.server)
        const page = await browser.get('/t/strict/sign-in')
        // The page has no password form to take a token from; the pre-session token of any portal page does.
        const token = csrfOf((await browser.get('/t/plain/sign-in')).text)
        expect(page.text).toContain('/t/strict/sso/start')
        expect(page.text).not.toContain('name="password"')
        const posted = await browser.post('/t/strict/sign-in').set('Origin', atrium.origin).type('form').send({
          email: 'person@strict.test',
          password: PASSWORD,
          csrf: token,
        })
        expect(posted.status).toBe(401)
        expect(setCookieValue(posted.headers['set-cookie'], SESSION)).toBeUndefined()
        // Their provider still signs them in (linked at first sign-in: verified, listed domain, a member).
        account('person', 'person@strict.test')
        const sso = await signInVia('strict', 'person')
        expect(sso.status).toBe(303)
        expect((await portalHome(sso, 'strict')).status).toBe(200)
      })
    })

    describe('staff through the vendor’s provider', () => {
      it('signs in only staff an administrator linked, and makes nobody', async () => {
        const staff = await createVendorAdmin(ctx.payload, { email: 'linked@vendor.test', password: PASSWORD })
        staffIdp.addAccount({ subject: at('staff'), email: 'linked@vendor.test', emailVerified: true })
        staffIdp.addAccount({ subject: at('unlinked'), email: 'vendor@sso.test', emailVerified: true })
        const linked = await request(atrium.server)
          .post('/api/user-identities')
          .set('Authorization', `JWT ${adminToken}`)
          .send({ user: staff.id, issuer: staffIdp.issuer, subject: at('staff') })
        expect(linked.status).toBe(201)
        const staffSignIn = async (subject: string) => {
          const started = await request(atrium.server).get('/sso/staff/start?next=/admin/collections/tenants')
          expect(started.status).toBe(303)
          const back = await signInAtProvider(started.headers.location as string, subject)
          return request(atrium.server)
            .get(pathOf(back))
            .set(
              'Cookie',
              `${FLOW_COOKIE}=${encodeURIComponent(setCookieValue(started.headers['set-cookie'], FLOW_COOKIE)!)}`,
            )
        }
        const before = await counts()
        expectRefused(await staffSignIn(at('unlinked')), 'sso_no_account', 403)
        expect(await counts()).toEqual(before)
        const res = await staffSignIn(at('staff'))
        expect(res.status).toBe(303)
        expect(res.headers.location).toBe('/admin/collections/tenants')
        const me = await request(atrium.server)
          .get('/api/users/me')
          .set('Cookie', `${SESSION}=${setCookieValue(res.headers['set-cookie'], SESSION)}`)
        expect(me.body.user.email).toBe('linked@vendor.test')
      })

      it('does not let a client administrator read or write identity links', async () => {
        const boss = await login(app, 'boss@acme.test', PASSWORD)
        const list = await request(atrium.server).get('/api/user-identities').set('Authorization', `JWT ${boss}`)
        expect(list.status === 403 || list.body.totalDocs === 0).toBe(true)
        const write = await request(atrium.server)
          .post('/api/user-identities')
          .set('Authorization', `JWT ${boss}`)
          .send({ user: 1, issuer: staffIdp.issuer, subject: 'mine' })
        expect(write.status).toBe(403)
      })
    })
  },
  () => ({
    env: {
      // Every request here comes from 127.0.0.1; each answer from a provider counts as a sign-in attempt.
      RATE_LIMIT_SIGN_IN: '1000/10m',
      STAFF_OIDC_ISSUER: staffIdp.issuer,
      STAFF_OIDC_CLIENT_ID: staffIdp.clientId,
      STAFF_OIDC_CLIENT_SECRET: staffIdp.clientSecret,
    },
  }),
)
