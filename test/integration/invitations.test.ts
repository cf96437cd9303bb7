/**
 * Invitations as their senders, their recipients and an attacker meet them, through a real SMTP
 * server: only those who may create that person with those roles in that tenant invite; the link
 * (single use, 7 days, stored as a hash) lets the person set up their sign-in and signs them in;
 * resending replaces the link, revoking works before acceptance; bad addresses and tokens of the
 * wrong kind are refused with a clear message and change nothing.
 */
import type { Server } from 'node:http'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import { hashToken, issueToken } from '../../src/auth/signInTokens'
import type { User } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { csrfOf, portalSignIn } from '../harness/portal'
import { latestLink, logOf, mailFor, tokenOf, tokenRows } from '../harness/signInLinks'
import { useSmtpServer } from '../harness/smtpServer'
import { builtInRoles, createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const PUBLIC_URL = 'http://portal.example'
const PASSWORD = 'correct-horse-battery'
const ANN = { email: 'ann@acme.test', password: PASSWORD }
const MEMBER = { email: 'member@acme.test', password: PASSWORD }
const GLOBEX_ADMIN = { email: 'admin@globex.test', password: PASSWORD }
const GLOBEX_USER = { email: 'user@globex.test', password: PASSWORD }
const STAFF = { email: 'staff@vendor.test', password: PASSWORD }
const mail = useSmtpServer()

describeEachDatabase(
  'invitations',
  (ctx) => {
    let server: Server
    let acme: number
    let globex: number
    let roles: Awaited<ReturnType<typeof builtInRoles>>
    let ann: User
    const auth: Record<string, string> = {}
    let invitees = 0
    const newAddress = () => `invitee-${++invitees}@example.test`

    const invite = (who: string, body: object) =>
      request(server).post('/api/sign-in-tokens/invitations').set('Authorization', auth[who]!).send(body)
    /** Ann invites `email` to acme as a member; returns the invitation and the emailed link's path. */
    async function annInvites(email = newAddress()) {
      const res = await invite('ann', { email, tenant: acme, roles: [roles[BuiltInRoles.clientMember]] })
      expect(res.status).toBe(201)
      return { email, id: res.body.invitation.id as number, link: latestLink(mail.server, email, '/invitation') }
    }
    /** Opens invitation `link` and posts `form` with the page's form token, as a browser does. */
    async function accept(link: string, form: Record<string, string>, browser = request.agent(server)) {
      const csrf = csrfOf((await browser.get('/t/acme/sign-in')).text)
      const page = await browser.get(link)
      const res = await browser
        .post(link.split('?')[0]!)
        .set('Origin', PUBLIC_URL)
        .type('form')
        .send({ csrf, token: tokenOf(link), ...form })
      return { page, res, browser }
    }
    const userOf = async (email: string) =>
      (await ctx.payload.find({ collection: Slugs.users, where: { email: { equals: email } }, depth: 0 })).docs[0]
    const rowOf = async (link: string) =>
      (await tokenRows(ctx.payload)).find((row) => row.tokenHash === hashToken(tokenOf(link)))

    beforeAll(async () => {
      roles = await builtInRoles(ctx.payload)
      acme = (await createTenant(ctx.payload, 'acme')).id
      globex = (await createTenant(ctx.payload, 'globex')).id
      ann = await ctx.payload.create({
        collection: Slugs.users,
        data: {
          ...ANN,
          name: 'Ann Admin',
          kind: 'client',
          memberships: [{ tenant: acme, roles: [roles[BuiltInRoles.clientAdmin], roles[BuiltInRoles.clientMember]] }],
        },
      })
      await createClientUser(ctx.payload, MEMBER, acme, BuiltInRoles.clientMember)
      await createClientUser(ctx.payload, GLOBEX_ADMIN, globex, BuiltInRoles.clientAdmin)
      await createClientUser(ctx.payload, GLOBEX_USER, globex, BuiltInRoles.clientMember)
      await createVendorAdmin(ctx.payload, STAFF)
      const app = await testApp(ctx)
      server = app.listen(0)
      for (const [who, login_] of Object.entries({ ann: ANN, member: MEMBER, globexAdmin: GLOBEX_ADMIN, staff: STAFF }))
        auth[who] = `JWT ${await login(app, login_.email, login_.password)}`
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
    beforeEach(() => {
      mail.server.received.length = 0
    })

    describe('who may invite', () => {
      it('answers an anonymous caller with 401', async () => {
        const res = await request(server)
          .post('/api/sign-in-tokens/invitations')
          .send({ email: newAddress(), tenant: acme, roles: [roles[BuiltInRoles.clientMember]] })
        expect(res.status).toBe(401)
      })

      it.each([
        ['a member without the right to add people', 'member', () => acme, BuiltInRoles.clientMember, 403],
        ['a tenant administrator, to another tenant', 'ann', () => globex, BuiltInRoles.clientMember, 400],
        ['a tenant administrator, with a role they do not hold', 'ann', () => acme, BuiltInRoles.clientCfo, 403],
        ['a tenant administrator, with a staff role', 'ann', () => acme, BuiltInRoles.vendorAdmin, 400],
      ] as const)('refuses %s, storing and sending nothing', async (_, who, tenant, role, status) => {
        const before = (await tokenRows(ctx.payload)).length
        const res = await invite(who, { email: newAddress(), tenant: tenant(), roles: [roles[role]] })
        expect(res.status).toBe(status)
        expect(res.body.error.message).toEqual(expect.any(String))
        expect((await tokenRows(ctx.payload)).length).toBe(before)
        expect(mail.server.received).toHaveLength(0)
      })

      it('lets staff invite to any tenant, and a tenant administrator to their own', async () => {
        const staff = await invite('staff', {
          email: newAddress(),
          tenant: globex,
          roles: [roles[BuiltInRoles.clientCfo]],
        })
        expect(staff.status).toBe(201)
        const own = await annInvites()
        expect(mailFor(mail.server, own.email)[0]!.parsed.subject).toBe('Ann Admin invites you to the acme portal')
      })
    })

    describe('bad input', () => {
      it.each([
        ['an address with CR/LF (header injection)', { email: 'x@acme.test\r\nBcc: eve@evil.test' }, 'line break'],
        ['an address of 10,000 characters', { email: `${'a'.repeat(10_000)}@acme.test` }, 'longer than 320'],
        ['no address', { email: 'not an address' }, 'not an email address'],
        ['no role', { roles: [] }, 'at least one role'],
        ['roles that are not ids', { roles: ['x; drop table'] }, 'role ids'],
        ['a tenant that is not an id', { tenant: { equals: 1 } }, 'id of a tenant'],
      ])('refuses %s with 400 invalid_invitation, storing and sending nothing', async (_, change, message) => {
        const before = (await tokenRows(ctx.payload)).length
        const body = { email: newAddress(), tenant: acme, roles: [roles[BuiltInRoles.clientMember]], ...change }
        const res = await invite('ann', body)
        expect(res.status).toBe(400)
        expect(res.body.error.id).toBe('invalid_invitation')
        expect(res.body.error.message).toContain(message)
        expect((await tokenRows(ctx.payload)).length).toBe(before)
        expect(mail.server.received).toHaveLength(0)
      })
    })

    describe('accepting', () => {
      it('refuses a form without the page’s token with 403, creating nobody', async () => {
        const { email, link } = await annInvites()
        const res = await request(server)
          .post('/t/acme/invitation')
          .set('Origin', PUBLIC_URL)
          .type('form')
          .send({ token: tokenOf(link), name: 'Eve' })
        expect(res.status).toBe(403)
        expect(res.headers['x-atrium-error']).toBe('csrf_token_invalid')
        expect(await userOf(email)).toBeUndefined()
      })

      it('creates nobody before acceptance; GET shows the form; a bad password keeps the link; accepting signs in once', async () => {
        const { email, link } = await annInvites()
        expect(tokenOf(link)).toMatch(/^inv_[\w-]{43}$/)
        const row = (await rowOf(link))!
        expect(Math.abs(Date.parse(row.expiresAt) - Date.parse(row.createdAt) - 7 * 24 * 3600_000)).toBeLessThan(5000)
        expect(await userOf(email)).toBeUndefined()
        const weak = await accept(link, { name: 'New Person', method: 'password', password: 'short' })
        expect(weak.page.status).toBe(200)
        expect(weak.page.text).toContain('Join acme')
        expect(weak.res.status).toBe(400)
        expect(weak.res.headers['x-atrium-error']).toBe('password_too_short')
        expect((await rowOf(link))!.state).toBe('pending')
        const { res, browser } = await accept(link, { name: 'New Person', method: 'link' })
        expect(res.status).toBe(303)
        expect(res.headers.location).toBe('/t/acme/')
        expect((await browser.get('/t/acme/').set('Sec-Fetch-Site', 'same-origin')).text).toContain('Sign out')
        const person = (await userOf(email))!
        expect(person).toMatchObject({ name: 'New Person', kind: 'client', active: true })
        expect(person.memberships).toEqual([
          expect.objectContaining({ tenant: acme, roles: [roles[BuiltInRoles.clientMember]] }),
        ])
        const again = await accept(link, { name: 'Someone Else', method: 'link' })
        expect(again.res.status).toBe(410)
        expect(again.res.headers['x-atrium-error']).toBe('sign_in_token_used')
      })

      it('sets up a password that keeps the rules, which then signs in', async () => {
        const { email, link } = await annInvites()
        const password = 'a-long-and-rare-passphrase'
        expect((await accept(link, { name: 'Pat', method: 'password', password })).res.status).toBe(303)
        expect((await request(server).post('/api/users/login').send({ email, password })).status).toBe(200)
      })

      it('adds the membership to someone who has an account already, keeping their sign-in', async () => {
        const res = await invite('ann', {
          email: GLOBEX_USER.email,
          tenant: acme,
          roles: [roles[BuiltInRoles.clientMember]],
        })
        expect(res.status).toBe(201)
        const link = latestLink(mail.server, GLOBEX_USER.email, '/invitation')
        expect((await accept(link, {})).res.status).toBe(303)
        const person = (await userOf(GLOBEX_USER.email))!
        expect(person.memberships!.map((m) => m.tenant).sort()).toEqual([acme, globex].sort())
        expect((await request(server).post('/api/users/login').send(GLOBEX_USER)).status).toBe(200)
      })

      it('refuses an expired invitation with 410 sign_in_token_expired, creating nobody', async () => {
        const { email, link } = await annInvites()
        await ctx.payload.db.updateOne({
          collection: Slugs.signInTokens,
          id: (await rowOf(link))!.id,
          data: { expiresAt: new Date(Date.now() - 1000).toISOString() },
        })
        const { page, res } = await accept(link, { name: 'Late', method: 'link' })
        expect(page.status).toBe(410)
        expect(res.status).toBe(410)
        expect(res.headers['x-atrium-error']).toBe('sign_in_token_expired')
        expect(res.text).toContain('7 days')
        expect(await userOf(email)).toBeUndefined()
      })

      it('refuses it in another tenant’s portal with 403 sign_in_token_other_portal', async () => {
        const { email, link } = await annInvites()
        const { res } = await accept(link.replace('/t/acme/', '/t/globex/'), { name: 'Lost', method: 'link' })
        expect(res.status).toBe(403)
        expect(res.headers['x-atrium-error']).toBe('sign_in_token_other_portal')
        expect(await userOf(email)).toBeUndefined()
      })

      it.each([
        ['a sign-in link’s token', 'sl', 'a sign-in link'],
        ['a password reset token', 'reset', 'a password reset link'],
      ])('refuses %s on the invitation page with 400 wrong_token_kind', async (_, kind, message) => {
        const token =
          kind === 'sl'
            ? (await issueToken(ctx.payload, { kind: 'magic-link', tenant: acme, email: MEMBER.email })).token
            : 'b'.repeat(40)
        const { page, res } = await accept(`/t/acme/invitation?token=${token}`, { name: 'X', method: 'link' })
        for (const r of [page, res]) {
          expect(r.status).toBe(400)
          expect(r.headers['x-atrium-error']).toBe('wrong_token_kind')
          expect(r.text).toContain(message)
        }
      })

      it('is refused once the inviter may no longer grant the roles, leaving the link unused', async () => {
        const { email, link } = await annInvites()
        await ctx.payload.update({
          collection: Slugs.users,
          id: ann.id,
          data: { memberships: [{ tenant: acme, roles: [roles[BuiltInRoles.clientAdmin]] }] },
        })
        try {
          const { res } = await accept(link, { name: 'Too Late', method: 'link' })
          expect(res.status).toBe(403)
          expect(res.text).toContain('can no longer grant')
          expect(await userOf(email)).toBeUndefined()
          expect((await rowOf(link))!.state).toBe('pending')
        } finally {
          await ctx.payload.update({
            collection: Slugs.users,
            id: ann.id,
            data: {
              memberships: [
                { tenant: acme, roles: [roles[BuiltInRoles.clientAdmin], roles[BuiltInRoles.clientMember]] },
              ],
            },
          })
        }
      })
    })

    describe('on the portal’s People page', () => {
      const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin' }
      /** Fetches `path` as `browser`, then posts `form` to `action` with its form token, from the public origin. */
      async function postForm(
        browser: request.Agent,
        path: string,
        action: string,
        form: Record<string, string[] | string>,
      ) {
        const body = new URLSearchParams({ csrf: csrfOf((await browser.get(path).set(SAME_ORIGIN)).text) })
        for (const [name, value] of Object.entries(form))
          for (const item of Array.isArray(value) ? value : [value]) body.append(name, item)
        return browser.post(action).set({ Origin: PUBLIC_URL }).type('form').send(body.toString())
      }

      it('is not there for a member who does not administer people (404), and sends nothing', async () => {
        const member = await portalSignIn(server, PUBLIC_URL, 'acme', MEMBER)
        const res = await postForm(member, '/t/acme/', '/t/acme/people/invite', { email: newAddress() })
        expect(res.status).toBe(404)
        expect(mail.server.received).toHaveLength(0)
      })

      it('lets a tenant administrator invite, see, resend and revoke the invitation', async () => {
        const admin = await portalSignIn(server, PUBLIC_URL, 'acme', ANN)
        const email = newAddress()
        const member = String(roles[BuiltInRoles.clientMember])
        const sent = await postForm(admin, '/t/acme/people', '/t/acme/people/invite', { email, roles: [member] })
        expect(sent.status).toBe(303)
        expect(sent.headers.location).toBe('/t/acme/people?done=invited')
        const first = latestLink(mail.server, email, '/invitation')
        const page = await admin.get('/t/acme/people').set(SAME_ORIGIN)
        expect(page.text).toContain(`Resend to ${email}`)
        const id = new RegExp(`${email.replace('.', '\\.')}[^]*?/people/invitations/(\\w+)/resend`).exec(page.text)![1]!
        const resent = await postForm(admin, '/t/acme/people', `/t/acme/people/invitations/${id}/resend`, {})
        expect(resent.headers.location).toBe('/t/acme/people?done=resent')
        expect(latestLink(mail.server, email, '/invitation')).not.toBe(first)
        const revoked = await postForm(admin, '/t/acme/people', `/t/acme/people/invitations/${id}/revoke`, {})
        expect(revoked.headers.location).toBe('/t/acme/people?done=revoked')
        expect((await admin.get('/t/acme/people').set(SAME_ORIGIN)).text).not.toContain(email)
      })

      it('shows a refused invitation on the form (a role they may not grant is never offered nor accepted)', async () => {
        const admin = await portalSignIn(server, PUBLIC_URL, 'acme', ANN)
        const cfo = String(roles[BuiltInRoles.clientCfo])
        const res = await postForm(admin, '/t/acme/people', '/t/acme/people/invite', {
          email: newAddress(),
          roles: [cfo],
        })
        expect(res.status).toBe(400)
        expect(res.text).toContain('Choose at least one role')
        expect(mail.server.received).toHaveLength(0)
      })
    })

    describe('resending and revoking', () => {
      it('resends with a new link and refuses the old one', async () => {
        const { email, id, link } = await annInvites()
        const res = await request(server)
          .post(`/api/sign-in-tokens/invitations/${id}/resend`)
          .set('Authorization', auth.ann!)
        expect(res.status).toBe(200)
        const fresh = latestLink(mail.server, email, '/invitation')
        expect(fresh).not.toBe(link)
        const old = await accept(link, { name: 'Old', method: 'link' })
        expect(old.res.status).toBe(400)
        expect(old.res.headers['x-atrium-error']).toBe('sign_in_token_invalid')
        expect((await accept(fresh, { name: 'Fresh', method: 'link' })).res.status).toBe(303)
      })

      it('revokes before acceptance; the link is refused, and nobody else can resend or revoke it', async () => {
        const { email, id, link } = await annInvites()
        for (const who of ['member', 'globexAdmin']) {
          const revoke = await request(server)
            .delete(`/api/sign-in-tokens/invitations/${id}`)
            .set('Authorization', auth[who]!)
          expect(revoke.status).toBe(404)
          expect(revoke.body.error.id).toBe('invitation_not_found')
          const resend = await request(server)
            .post(`/api/sign-in-tokens/invitations/${id}/resend`)
            .set('Authorization', auth[who]!)
          expect(resend.status).toBe(404)
        }
        expect(mailFor(mail.server, email)).toHaveLength(1)
        const revoked = await request(server)
          .delete(`/api/sign-in-tokens/invitations/${id}`)
          .set('Authorization', auth.ann!)
        expect(revoked.status).toBe(200)
        const { res } = await accept(link, { name: 'Revoked', method: 'link' })
        expect(res.status).toBe(400)
        expect(res.headers['x-atrium-error']).toBe('sign_in_token_invalid')
        expect(await userOf(email)).toBeUndefined()
        const twice = await request(server)
          .delete(`/api/sign-in-tokens/invitations/${id}`)
          .set('Authorization', auth.ann!)
        expect(twice.status).toBe(404)
      })

      it('records invitations sent, resent, accepted and revoked in the sign-in log', async () => {
        const first = await annInvites()
        await request(server).post(`/api/sign-in-tokens/invitations/${first.id}/resend`).set('Authorization', auth.ann!)
        expect((await accept(latestLink(mail.server, first.email, '/invitation'), { name: 'Logged' })).res.status).toBe(
          303,
        )
        const accepted = (
          await ctx.payload.find({
            depth: 0,
            collection: Slugs.signInEvents,
            where: { kind: { equals: 'invitation-accepted' } },
            sort: '-createdAt',
            limit: 1,
            overrideAccess: true,
          })
        ).docs[0]!
        expect(accepted).toMatchObject({ outcome: 'success', user: (await userOf(first.email))!.id, tenant: acme })
        expect((await logOf(ctx.payload, first.email)).map((e) => [e.kind, e.reason?.split(' by ')[0]])).toEqual([
          ['invitation-sent', 'Sent'],
          ['invitation-sent', 'Sent again (the old link no longer works)'],
          ['invitation-accepted', undefined],
        ])
        const second = await annInvites()
        await request(server).delete(`/api/sign-in-tokens/invitations/${second.id}`).set('Authorization', auth.ann!)
        const log = await logOf(ctx.payload, second.email)
        expect(log.map((e) => e.kind)).toEqual(['invitation-sent', 'invitation-revoked'])
        expect(log[1]!.reason).toContain('by ann@acme.test')
      })

      it('cannot revoke an accepted invitation (there is nothing left to revoke)', async () => {
        const { id, link } = await annInvites()
        expect((await accept(link, { name: 'Quick', method: 'link' })).res.status).toBe(303)
        const res = await request(server)
          .delete(`/api/sign-in-tokens/invitations/${id}`)
          .set('Authorization', auth.ann!)
        expect(res.status).toBe(404)
      })

      it('keeps the collection closed to the API: nobody reads hashes or writes rows over REST', async () => {
        expect((await request(server).get('/api/sign-in-tokens').set('Authorization', auth.ann!)).status).toBe(403)
        const create = await request(server)
          .post('/api/sign-in-tokens')
          .set('Authorization', auth.staff!)
          .send({ kind: 'invitation', tokenHash: 'x', tenant: acme, email: 'x@acme.test', expiresAt: new Date() })
        expect(create.status).toBe(403)
      })
    })
  },
  () => ({ env: { SMTP_URL: mail.server.url, EMAIL_FROM: 'Atrium <atrium@vendor.test>', PUBLIC_URL } }),
)
