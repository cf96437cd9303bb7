/**
 * Staff's second factor (src/auth/secondFactor) where it is required: after the password, a staff
 * session is nobody at any door until it proves an authenticator code or a recovery code at the
 * second-factor page; enrolment happens there at the first sign-in; a code is never taken twice.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { codeAt, stepOf } from '../../src/auth/secondFactor/totp'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { portalSignIn } from '../harness/portal'
import { createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const STAFF = { email: 'mfa-staff@example.com', password: 'mfa-staff-password-1' }
const CLIENT = { email: 'mfa-client@example.com', password: 'mfa-client-password-1' }
const PAGE = '/_atrium/second-factor'

const csrfOf = (html: string) => /name="csrf" value="([^"]*)"/.exec(html)?.[1] ?? ''
const secretOf = (html: string) => (/id="secret">([^<]*)</.exec(html)?.[1] ?? '').replace(/\s/g, '')
const recoveryCodesOf = (html: string) => [...html.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!)

describeEachDatabase(
  'staff second factor',
  (ctx) => {
    let server: Server
    let origin: string
    let secret = ''
    let recoveryCodes: string[] = []

    /** A browser that signed in with the password (its session owes the second factor). */
    const passwordSession = async (login = STAFF) => {
      const browser = request.agent(server)
      const res = await browser.post('/api/users/login').send(login)
      expect(res.status).toBe(200)
      return Object.assign(browser, { token: res.body.token as string })
    }
    const prove = async (browser: request.Agent, code: string, csrf?: string) => {
      const page = await browser.get(PAGE)
      return browser
        .post(PAGE)
        .set('Origin', origin)
        .type('form')
        .send({ code, csrf: csrf ?? csrfOf(page.text), next: '/admin/collections/users' })
    }
    /** A code of the secret for a step after every one used so far. */
    let stepsUsed = 0
    const nextCode = () => codeAt(secret, stepOf(Date.now()) + Math.min(1, stepsUsed++))

    beforeAll(async () => {
      await createVendorAdmin(ctx.payload, STAFF)
      const tenant = await createTenant(ctx.payload, 'mfa-t')
      await createClientUser(ctx.payload, CLIENT, tenant.id, 'client-member')
      server = (await testApp(ctx)).listen(0)
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    describe('before the second step', () => {
      it('sends anonymous visitors of the page to the admin sign-in, and has no QR code for them', async () => {
        const res = await request(server).get(PAGE)
        expect(res.status).toBe(303)
        expect(res.headers.location).toMatch(/^\/admin\/login\?redirect=/)
        expect((await request(server).get(`${PAGE}/qr.svg`)).status).toBe(404)
      })

      it('signs nobody in with a password-only staff session: REST, GraphQL and the admin UI', async () => {
        const browser = await passwordSession()
        const me = await request(server).get('/api/users/me').set('Authorization', `JWT ${browser.token}`)
        expect(me.body.user).toBeNull()
        const users = await request(server).get('/api/users').set('Authorization', `JWT ${browser.token}`)
        expect([401, 403]).toContain(users.status)
        const graphql = await request(server)
          .post('/api/graphql')
          .set('Authorization', `JWT ${browser.token}`)
          .send({ query: '{ meUser { user { id } } }' })
        expect(graphql.body.data?.meUser?.user ?? null).toBeNull()
        const admin = await browser.get('/admin/collections/users?limit=5')
        expect(admin.status).toBe(303)
        expect(admin.headers.location).toBe(`${PAGE}?next=${encodeURIComponent('/admin/collections/users?limit=5')}`)
      })

      it('never shows the second factor through the API', async () => {
        const login = await request(server).post('/api/users/login').send(STAFF)
        expect(login.body.user.secondFactor).toBeUndefined()
        expect(JSON.stringify(login.body)).not.toMatch(/pendingSecret|recoveryCodes/)
      })

      it('sends staff who sign in on a portal to the second step, and back to the portal after it', async () => {
        const browser = await portalSignIn(server, origin, 'mfa-t', STAFF, '/t/mfa-t/')
        expect(browser.location).toBe(`${PAGE}?next=${encodeURIComponent('/t/mfa-t/')}`)
        const home = await browser.get('/t/mfa-t/')
        expect(home.status).toBe(303)
        expect(home.headers.location).toMatch(/\/t\/mfa-t\/sign-in/)
      })

      it('leaves client users alone', async () => {
        const login = await request(server).post('/api/users/login').send(CLIENT)
        const me = await request(server).get('/api/users/me').set('Authorization', `JWT ${login.body.token}`)
        expect(me.body.user?.email).toBe(CLIENT.email)
      })
    })

    describe('enrolment at the first sign-in', () => {
      it('offers a key and its QR code, refuses a wrong code, a missing form token and absurd input', async () => {
        const browser = await passwordSession()
        const page = await browser.get(PAGE)
        expect(page.status).toBe(200)
        secret = secretOf(page.text)
        expect(secret).toMatch(/^[A-Z2-7]{32}$/)
        // Reloading offers the same key (a person may scan it on the second try).
        expect(secretOf((await browser.get(PAGE)).text)).toBe(secret)
        const qr = await browser.get(`${PAGE}/qr.svg`)
        expect(qr.status).toBe(200)
        expect(qr.headers['content-type']).toMatch(/image\/svg\+xml/)

        const wrong = await prove(browser, '000000' === codeAt(secret, stepOf(Date.now())) ? '111111' : '000000')
        expect(wrong.status).toBe(401)
        expect(wrong.text).toContain('not right')
        const forged = await prove(browser, codeAt(secret, stepOf(Date.now())), 'forged')
        expect(forged.status).toBe(403)
        for (const code of ['', 'x'.repeat(10_000), '12345\r\n6']) {
          const bad = await prove(browser, code)
          expect(bad.status).toBeGreaterThanOrEqual(400)
        }
        const me = await request(server).get('/api/users/me').set('Authorization', `JWT ${browser.token}`)
        expect(me.body.user).toBeNull()
      })

      it('turns the authenticator on with a right code, shows ten recovery codes once, and lets the session in', async () => {
        const browser = await passwordSession()
        const done = await prove(browser, nextCode())
        expect(done.status).toBe(200)
        recoveryCodes = recoveryCodesOf(done.text)
        expect(recoveryCodes).toHaveLength(10)
        expect(done.text).toContain('/admin/collections/users')
        const me = await request(server).get('/api/users/me').set('Authorization', `JWT ${browser.token}`)
        expect(me.body.user?.email).toBe(STAFF.email)
        // Proved: the page sends the session on instead of asking again.
        const again = await browser.get(`${PAGE}?next=/admin/account`)
        expect(again.status).toBe(303)
        expect(again.headers.location).toBe('/admin/account')
        const logged = await ctx.payload.find({
          collection: Slugs.signInEvents,
          where: { kind: { equals: 'mfa-enrolled' }, email: { equals: STAFF.email } },
        })
        expect(logged.totalDocs).toBe(1)
      })
    })

    describe('later sign-ins', () => {
      it('ask for a code; the code just used is refused, the next one taken', async () => {
        const first = await passwordSession()
        const code = nextCode()
        expect((await prove(first, code)).status).toBe(303)
        const second = await passwordSession()
        const replayed = await prove(second, code)
        expect(replayed.status).toBe(401)
        const me = await request(server).get('/api/users/me').set('Authorization', `JWT ${second.token}`)
        expect(me.body.user).toBeNull()
      })

      it('take a recovery code once', async () => {
        const first = await passwordSession()
        const used = await prove(first, recoveryCodes[0]!.toUpperCase())
        expect(used.status).toBe(303)
        const second = await passwordSession()
        expect((await prove(second, recoveryCodes[0]!)).status).toBe(401)
        expect((await prove(second, recoveryCodes[1]!)).status).toBe(303)
      })

      it('take one of two concurrent uses of one recovery code', async () => {
        // Signed in one after the other: Payload's sign-in appends to the user's session list by
        // read-then-write, so two at once may lose one of the two sessions.
        const a = await passwordSession()
        const b = await passwordSession()
        const pages = await Promise.all([a.get(PAGE), b.get(PAGE)])
        const send = (browser: request.Agent, html: string) =>
          browser
            .post(PAGE)
            .set('Origin', origin)
            .type('form')
            .send({ code: recoveryCodes[2]!, csrf: csrfOf(html) })
        const results = await Promise.all([send(a, pages[0]!.text), send(b, pages[1]!.text)])
        expect(results.map((res) => res.status).sort()).toEqual([303, 401])
        expect(results.find((res) => res.status === 303)!.headers.location).toBe('/admin')
      })

      it('never follow a next that leaves the site', async () => {
        for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
          const browser = await passwordSession()
          const page = await browser.get(PAGE)
          const res = await browser
            .post(PAGE)
            .set('Origin', origin)
            .type('form')
            .send({
              code: recoveryCodes[
                3 + ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)'].indexOf(next)
              ]!,
              csrf: csrfOf(page.text),
              next,
            })
          expect(res.status).toBe(303)
          expect(res.headers.location).toBe('/admin')
        }
      })

      it('end the session from the second step on sign-out', async () => {
        const browser = await passwordSession()
        const page = await browser.get(PAGE)
        const out = await browser
          .post(`${PAGE}/sign-out`)
          .set('Origin', origin)
          .type('form')
          .send({ csrf: csrfOf(page.text) })
        expect(out.status).toBe(303)
        // The same token cannot prove anything any more: its session is gone.
        const res = await request(server).get(PAGE).set('Authorization', `JWT ${browser.token}`)
        expect(res.status).toBe(303)
        expect(res.headers.location).toMatch(/^\/admin\/login/)
      })
    })
  },
  { env: { STAFF_SECOND_FACTOR: 'required', RATE_LIMIT_SIGN_IN: '1000/10m' } },
)
