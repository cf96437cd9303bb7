/**
 * Sign-in links by email, as a person and an attacker meet them through a real SMTP server: the
 * same answer (and time) for every address, a link that signs in once and only by its button's
 * POST, within 15 minutes, in its own tenant's portal; throttles per client and per address; bad
 * addresses refused before anything is queued; tenants that turn passwords off.
 */
import type { Server } from 'node:http'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import { hashToken, issueToken } from '../../src/auth/signInTokens'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { runQueuedJobs } from '../harness/jobs'
import { csrfOf } from '../harness/portal'
import { latestLink, logOf, mailFor, queuedJobs, tokenOf, tokenRows } from '../harness/signInLinks'
import { useSmtpServer } from '../harness/smtpServer'
import { createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const PUBLIC_URL = 'http://portal.example'
const PASSWORD = 'correct-horse-battery'
const ALICE = { email: 'alice@acme.test', password: PASSWORD }
const BOB = { email: 'bob@globex.test', password: PASSWORD }
const CAROL = { email: 'carol@acme.test', password: PASSWORD }
const STAFF = { email: 'staff@vendor.test', password: PASSWORD }
const mail = useSmtpServer()
let nextClient = 1
/** A client address no other request has used. */
const newClient = () => `198.51.100.${nextClient++}`
/** The Set-Cookie headers of a response, as one text. */
const cookiesOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie'] ?? '')
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

describeEachDatabase(
  'sign-in links',
  (ctx) => {
    let server: Server
    let acme: number
    let globex: number

    /** A browser that opened `slug`'s sign-in page (for its form token), from a fresh client address. */
    async function browserAt(slug = 'acme', client = newClient()) {
      const browser = request.agent(server)
      const page = await browser.get(`/t/${slug}/sign-in`).set('X-Forwarded-For', client)
      return { browser, csrf: csrfOf(page.text), client }
    }
    /** Asks for a link for `email` on `slug`'s sign-in page. */
    async function askLink(email: unknown, options: { slug?: string; next?: string; client?: string } = {}) {
      const { browser, csrf, client } = await browserAt(options.slug, options.client)
      return browser
        .post(`/t/${options.slug ?? 'acme'}/sign-in/email`)
        .set({ Origin: PUBLIC_URL, 'X-Forwarded-For': client })
        .type('form')
        .send({ email, csrf, next: options.next ?? '' } as object)
    }
    /** Opens link `path` (GET) and presses its button (POST with the sign-in page's form token, as the link page carries). */
    async function useLink(path: string, browser = request.agent(server)) {
      const csrf = csrfOf((await browser.get('/t/acme/sign-in')).text)
      const page = await browser.get(path)
      const res = await browser
        .post(path.split('?')[0]!)
        .set('Origin', PUBLIC_URL)
        .type('form')
        .send({ csrf, token: tokenOf(path) })
      return { page, res, browser }
    }
    let members = 0
    /** A new member of acme (each address has its own budget of links). */
    const newMember = async () => {
      const email = `member-${++members}@acme.test`
      await createClientUser(ctx.payload, { email, password: PASSWORD }, acme, BuiltInRoles.clientMember)
      return email
    }
    /** Asks for a link for `email`, runs the job and returns the link's path. */
    async function linkFor(email: string, options: { slug?: string; next?: string } = {}) {
      expect((await askLink(email, options)).status).toBe(200)
      await runQueuedJobs(ctx.payload)
      return latestLink(mail.server, email, '/sign-in/link')
    }

    beforeAll(async () => {
      acme = (await createTenant(ctx.payload, 'acme')).id
      globex = (await createTenant(ctx.payload, 'globex')).id
      for (const person of [ALICE, CAROL]) await createClientUser(ctx.payload, person, acme, BuiltInRoles.clientMember)
      await createClientUser(ctx.payload, BOB, globex, BuiltInRoles.clientMember)
      const carol = await ctx.payload.find({ collection: Slugs.users, where: { email: { equals: CAROL.email } } })
      await ctx.payload.update({ collection: Slugs.users, id: carol.docs[0]!.id, data: { active: false } })
      await createVendorAdmin(ctx.payload, STAFF)
      server = (await testApp(ctx)).listen(0)
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
    beforeEach(() => {
      mail.server.received.length = 0
    })

    describe('asking for a link', () => {
      it('refuses a form without the sign-in page’s token with 403 csrf_token_invalid, queuing nothing', async () => {
        const before = await queuedJobs(ctx.payload)
        const res = await request(server)
          .post('/t/acme/sign-in/email')
          .set('Origin', PUBLIC_URL)
          .type('form')
          .send({ email: ALICE.email })
        expect(res.status).toBe(403)
        expect(res.headers['x-atrium-error']).toBe('csrf_token_invalid')
        expect(await queuedJobs(ctx.payload)).toBe(before)
      })

      it.each([
        ['CR/LF (header injection)', `${ALICE.email}\r\nBcc: eve@evil.test`, 'line break'],
        ['a bare LF', `${ALICE.email}\nBcc: eve@evil.test`, 'line break'],
        ['10,000 characters', `${'a'.repeat(10_000)}@acme.test`, 'longer than 320'],
        ['no address at all', 'not an address', 'not an email address'],
        ['a list instead of text', ['a@acme.test', 'b@acme.test'], 'must be a text'],
      ])('refuses an email with %s: 400 invalid_sign_in_input, nothing queued or stored', async (_, email, message) => {
        const [jobs, rows] = [await queuedJobs(ctx.payload), (await tokenRows(ctx.payload)).length]
        const res = await askLink(email)
        expect(res.status).toBe(400)
        expect(res.headers['x-atrium-error']).toBe('invalid_sign_in_input')
        expect(res.text).toContain(message)
        expect(await queuedJobs(ctx.payload)).toBe(jobs)
        await runQueuedJobs(ctx.payload)
        expect((await tokenRows(ctx.payload)).length).toBe(rows)
        expect(mail.server.received).toHaveLength(0)
      })

      it('answers a member, an unknown address, another tenant’s member, staff and a deactivated member alike; only the member gets a link', async () => {
        const addresses = [ALICE.email, 'nobody@acme.test', BOB.email, STAFF.email, CAROL.email]
        const pages = []
        for (const email of addresses) {
          const res = await askLink(email)
          pages.push({ status: res.status, text: res.text.replaceAll(email, '<email>').replace(/value="[^"]*"/g, '') })
        }
        for (const page of pages) expect(page).toEqual(pages[0])
        expect(pages[0]!.status).toBe(200)
        expect(pages[0]!.text).toContain('Check your email')
        await runQueuedJobs(ctx.payload)
        expect(mail.server.received.map((m) => m.envelope.to)).toEqual([[ALICE.email]])
        expect(mail.server.received[0]!.parsed.subject).toBe('Your sign-in link for acme')
      })

      it('takes about the same time for known and unknown addresses: medians of 15 within a factor of 2', async () => {
        const time = async (email: string) => {
          const started = performance.now()
          expect((await askLink(email)).status).toBe(200)
          return performance.now() - started
        }
        const people = [await newMember(), await newMember(), await newMember(), await newMember()]
        const known: number[] = []
        const unknown: number[] = []
        // Interleaved, so that the machine's load falls on both alike; the jobs run afterwards, as a worker would.
        for (let i = 0; i < 15; i++) {
          unknown.push(await time(`nobody-${i}@acme.test`))
          known.push(await time(people[i % people.length]!))
        }
        console.log(
          `sign-in link medians [${ctx.kind}]: unknown ${median(unknown).toFixed(1)} ms, known ${median(known).toFixed(1)} ms`,
        )
        expect(median(unknown) / median(known)).toBeGreaterThan(0.5)
        expect(median(unknown) / median(known)).toBeLessThan(2)
        await runQueuedJobs(ctx.payload)
      }, 60_000)
    })

    describe('using a link', () => {
      it('does nothing on GET or HEAD: the page shows a button and the link still works', async () => {
        const link = await linkFor(await newMember())
        expect((await request(server).head(link)).status).toBe(200)
        const page = await request(server).get(link)
        expect(page.status).toBe(200)
        expect(page.text).toMatch(/Sign in as member-\d+@acme.test\?/)
        expect(cookiesOf(page)).not.toContain('payload-token=ey')
        const row = (await tokenRows(ctx.payload)).find((r) => r.tokenHash === hashToken(tokenOf(link)))!
        expect(row.state).toBe('pending')
        expect((await useLink(link)).res.status).toBe(303)
      })

      it('signs in once with a normal session, then refuses the same link with 410 sign_in_token_used', async () => {
        const email = await newMember()
        const link = await linkFor(email)
        const { res, browser } = await useLink(link)
        expect(res.status).toBe(303)
        expect(res.headers.location).toBe('/t/acme/')
        expect(cookiesOf(res)).toMatch(/payload-token=ey[^;]+; .*HttpOnly/i)
        const home = await browser.get('/t/acme/').set('Sec-Fetch-Site', 'same-origin')
        expect(home.status).toBe(200)
        expect(home.text).toContain('Sign out')
        // Opening the session touched nothing else of the person.
        const person = await ctx.payload.find({ collection: Slugs.users, where: { email: { equals: email } } })
        expect(person.docs[0]!.memberships).toHaveLength(1)
        const again = await useLink(link)
        expect(again.page.status).toBe(410)
        expect(again.res.status).toBe(410)
        expect(again.res.headers['x-atrium-error']).toBe('sign_in_token_used')
        expect(again.res.text).toContain('works only once')
      })

      it('lets exactly one of two simultaneous uses through', async () => {
        const link = await linkFor(await newMember())
        const browser = request.agent(server)
        const csrf = csrfOf((await browser.get(link)).text)
        const post = () =>
          browser
            .post('/t/acme/sign-in/link')
            .set('Origin', PUBLIC_URL)
            .type('form')
            .send({ csrf, token: tokenOf(link) })
        const statuses = (await Promise.all([post(), post()])).map((r) => r.status).sort()
        expect(statuses).toEqual([303, 410])
      })

      it('refuses an expired link with 410 sign_in_token_expired, signing nobody in', async () => {
        const link = await linkFor(await newMember())
        const row = (await tokenRows(ctx.payload)).find((r) => r.tokenHash === hashToken(tokenOf(link)))!
        await ctx.payload.db.updateOne({
          collection: Slugs.signInTokens,
          id: row.id,
          data: { expiresAt: new Date(Date.now() - 1000).toISOString() },
        })
        const { page, res } = await useLink(link)
        expect(page.status).toBe(410)
        expect(res.status).toBe(410)
        expect(res.headers['x-atrium-error']).toBe('sign_in_token_expired')
        expect(res.text).toContain('15 minutes')
        expect(cookiesOf(res)).not.toContain('payload-token=ey')
      })

      it('issues links that expire after 15 minutes and stores only their SHA-256', async () => {
        const link = await linkFor(await newMember())
        const token = tokenOf(link)
        expect(token).toMatch(/^sl_[\w-]{43}$/)
        const row = (await tokenRows(ctx.payload)).find((r) => r.tokenHash === hashToken(token))!
        expect(JSON.stringify(row)).not.toContain(token.slice(3))
        const lifetime = Date.parse(row.expiresAt) - Date.parse(row.createdAt)
        expect(Math.abs(lifetime - 15 * 60_000)).toBeLessThan(5000)
      })

      it('refuses a link of another tenant’s portal with 403 sign_in_token_other_portal', async () => {
        const link = await linkFor(await newMember())
        const { page, res } = await useLink(link.replace('/t/acme/', '/t/globex/'))
        expect(page.status).toBe(403)
        expect(res.status).toBe(403)
        expect(res.headers['x-atrium-error']).toBe('sign_in_token_other_portal')
        // Still good where it belongs.
        expect((await useLink(link)).res.status).toBe(303)
      })

      it.each([
        ['an invitation’s token', 'inv', 'wrong_token_kind', 'an invitation link'],
        ['a password reset token', 'reset', 'wrong_token_kind', 'a password reset link'],
        ['a made-up token', 'sl', 'sign_in_token_invalid', 'not valid'],
      ])('refuses %s with a clear message', async (_, kind, id, message) => {
        const token =
          kind === 'inv'
            ? (await issueToken(ctx.payload, { kind: 'invitation', tenant: acme, email: 'x@acme.test' })).token
            : kind === 'reset'
              ? 'a'.repeat(40)
              : `sl_${'A'.repeat(43)}`
        const { page, res } = await useLink(`/t/acme/sign-in/link?token=${token}`)
        for (const r of [page, res]) {
          expect(r.headers['x-atrium-error']).toBe(id)
          expect(r.text).toContain(message)
        }
      })

      it('is no password reset token: Payload’s reset refuses it', async () => {
        const link = await linkFor(await newMember())
        const res = await request(server)
          .post('/api/users/reset-password')
          .send({ token: tokenOf(link), password: 'a-brand-new-passphrase' })
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(res.status).toBeLessThan(500)
      })

      it('leads to the `next` it was asked with, when it is a path of this portal', async () => {
        const member = await newMember()
        const inside = await linkFor(member, { next: '/t/acme/notifications?x=1' })
        expect((await useLink(inside)).res.headers.location).toBe('/t/acme/notifications?x=1')
        const outside = await linkFor(member, { next: 'https://evil.example/phish' })
        const used = await useLink(outside)
        expect(used.res.status).toBe(303)
        expect(used.res.headers.location).toBe('/t/acme/')
        const sideways = await linkFor(member, { next: '/t/globex/' })
        expect((await useLink(sideways)).res.headers.location).toBe('/t/acme/')
      })
    })

    describe('the sign-in log', () => {
      it('records each link asked for (any address alike), used and refused, with the client address', async () => {
        const email = await newMember()
        const client = newClient()
        expect((await askLink(email, { client })).status).toBe(200)
        expect((await askLink('nobody-logged@acme.test')).status).toBe(200)
        await runQueuedJobs(ctx.payload)
        const link = latestLink(mail.server, email, '/sign-in/link')
        expect((await useLink(link)).res.status).toBe(303)
        expect((await useLink(link)).res.status).toBe(410)
        const log = await logOf(ctx.payload, email)
        expect(log.map((e) => [e.kind, e.outcome])).toEqual([
          ['link-requested', 'success'],
          ['link-used', 'success'],
          ['link-used', 'failure'],
        ])
        expect(log[0]!.ip).toBe(client)
        expect(log[2]!.reason).toContain('sign_in_token_used')
        expect((await logOf(ctx.payload, 'nobody-logged@acme.test')).map((e) => e.kind)).toEqual(['link-requested'])
      })
    })

    describe('throttles', () => {
      it('sends at most 5 links an address in 15 minutes, answering every request alike', async () => {
        const email = 'throttled@acme.test'
        await createClientUser(ctx.payload, { email, password: PASSWORD }, acme, BuiltInRoles.clientMember)
        const answers = []
        for (let i = 0; i < 7; i++) answers.push((await askLink(email)).status)
        expect(answers).toEqual([200, 200, 200, 200, 200, 200, 200])
        await runQueuedJobs(ctx.payload)
        expect(mailFor(mail.server, email)).toHaveLength(5)
      })

      it('answers a client address over its budget with 429 and Retry-After, queuing nothing', async () => {
        const client = newClient()
        for (let i = 0; i < 8; i++) expect((await askLink(`flood-${i}@acme.test`, { client })).status).toBe(200)
        const jobs = await queuedJobs(ctx.payload)
        const refused = await askLink(ALICE.email, { client })
        expect(refused.status).toBe(429)
        expect(refused.headers['x-atrium-error']).toBe('too_many_requests')
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
        expect(await queuedJobs(ctx.payload)).toBe(jobs)
        // Another client is not slowed.
        expect((await askLink(ALICE.email)).status).toBe(200)
        await runQueuedJobs(ctx.payload)
      })
    })

    describe('a tenant that turns passwords off', () => {
      beforeAll(async () => {
        await ctx.payload.update({ collection: Slugs.tenants, id: globex, data: { signIn: { allowPasswords: false } } })
      })

      it('shows no password field and refuses the password form with 403 password_sign_in_disabled', async () => {
        const { browser, csrf } = await browserAt('globex')
        const page = await browser.get('/t/globex/sign-in')
        expect(page.text).toContain('Email me a sign-in link')
        expect(page.text).not.toContain('type="password"')
        const res = await browser
          .post('/t/globex/sign-in')
          .set('Origin', PUBLIC_URL)
          .type('form')
          .send({ ...BOB, csrf })
        expect(res.status).toBe(403)
        expect(res.headers['x-atrium-error']).toBe('password_sign_in_disabled')
        expect(cookiesOf(res)).not.toContain('payload-token=ey')
      })

      it('refuses its members’ right password over REST too (after checking it), and a wrong one as any wrong one', async () => {
        const right = await request(server).post('/api/users/login').set('X-Forwarded-For', newClient()).send(BOB)
        expect(right.status).toBe(403)
        expect(right.body.error.id).toBe('password_sign_in_disabled')
        const [attempt] = (await logOf(ctx.payload, BOB.email)).filter((e) => e.kind === 'sign-in')
        expect(attempt).toMatchObject({
          outcome: 'failure',
          reason: expect.stringContaining('allows sign-in links only'),
        })
        const wrong = await request(server)
          .post('/api/users/login')
          .set('X-Forwarded-For', newClient())
          .send({ ...BOB, password: 'not-the-password' })
        expect(wrong.status).toBe(401)
        // Other tenants' people keep their passwords.
        expect(
          (await request(server).post('/api/users/login').set('X-Forwarded-For', newClient()).send(ALICE)).status,
        ).toBe(200)
      })

      it('signs nobody in through a password reset either (the reset door asks the same question)', async () => {
        const token = await ctx.payload.forgotPassword({
          collection: Slugs.users,
          data: { email: BOB.email },
          disableEmail: true,
        })
        const res = await request(server)
          .post('/api/users/reset-password')
          .send({ token, password: 'a-brand-new-passphrase' })
        expect(res.status).toBe(403)
        expect(res.body.error.id).toBe('password_sign_in_disabled')
        expect(cookiesOf(res)).not.toContain('payload-token=ey')
      })

      it('still signs its members in by link', async () => {
        const link = await linkFor(BOB.email, { slug: 'globex' })
        expect(link.startsWith('/t/globex/sign-in/link?token=sl_')).toBe(true)
        const { res, browser } = await useLink(link)
        expect(res.status).toBe(303)
        expect((await browser.get('/t/globex/').set('Sec-Fetch-Site', 'same-origin')).status).toBe(200)
      })
    })
  },
  () => ({
    env: {
      SMTP_URL: mail.server.url,
      EMAIL_FROM: 'Atrium <atrium@vendor.test>',
      PUBLIC_URL,
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_SIGN_IN_LINK: '8/10m',
    },
  }),
)
