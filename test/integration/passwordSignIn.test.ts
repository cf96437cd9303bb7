/**
 * Password sign-in as an outside caller meets it: bad input, the same answer and time for unknown
 * and known addresses, and a backoff that slows a guessing address without ever locking the account.
 */
import type { Express } from 'express'
import { pbkdf2Sync } from 'node:crypto'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { PAYLOAD_HASH } from '../../src/auth/passwordHash'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { createVendorAdmin } from '../harness/users'

const ADMIN = { email: 'sign-in-admin@example.com', password: 'correct-horse-battery' }
let nextClient = 1
/** A client address no other test has used. */
const newClient = () => `203.0.113.${nextClient++}`

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

describeEachDatabase(
  'password sign-in',
  (ctx) => {
    let app: Express
    const signIn = (body: unknown, client = newClient()) =>
      request(app)
        .post('/api/users/login')
        .set('X-Forwarded-For', client)
        .send(body as object)
    const graphqlSignIn = (email: string, password: string, client = newClient()) =>
      request(app)
        .post('/api/graphql')
        .set('X-Forwarded-For', client)
        .send({
          query: 'mutation ($e: String!, $p: String!) { loginUser(email: $e, password: $p) { token } }',
          variables: { e: email, p: password },
        })

    beforeAll(async () => {
      await createVendorAdmin(ctx.payload, ADMIN)
      app = await testApp(ctx)
    })

    describe('bad input', () => {
      it.each([
        ['an oversize email', { email: `${'a'.repeat(10_000)}@example.com`, password: 'whatever' }, 'longer than'],
        [
          'an email with CR/LF',
          { email: 'sign-in-admin@example.com\r\nBcc: x@example.com', password: 'x' },
          'line break',
        ],
        ['a non-string password', { email: ADMIN.email, password: { $ne: '' } }, 'password must be a text'],
        ['a non-string email', { email: ['a@example.com'], password: 'x' }, 'email must be a text'],
      ])('refuses %s with a clear 400', async (_, body, message) => {
        const res = await signIn(body)
        expect(res.status).toBe(400)
        expect(res.body.error.id).toBe('invalid_sign_in_input')
        expect(res.body.error.message).toContain(message)
      })
    })

    describe('unknown and known addresses', () => {
      it('answer a wrong password with the same status, id and message, over REST and GraphQL', async () => {
        const unknown = await signIn({ email: 'nobody-here@example.com', password: 'wrong-password' })
        const known = await signIn({ email: ADMIN.email, password: 'wrong-password' })
        expect(unknown.status).toBe(401)
        expect(known.status).toBe(401)
        expect(unknown.body.error).toMatchObject({ id: known.body.error.id, message: known.body.error.message })
        const unknownGraphql = await graphqlSignIn('nobody-here@example.com', 'wrong-password')
        const knownGraphql = await graphqlSignIn(ADMIN.email, 'wrong-password')
        expect(unknownGraphql.body.errors[0].message).toBe(knownGraphql.body.errors[0].message)
        expect(unknownGraphql.status).toBe(knownGraphql.status)
      })

      it('take about the same time: medians of 20 within a factor of 2', async () => {
        const time = async (email: string) => {
          const started = performance.now()
          const res = await signIn({ email, password: 'wrong-password' })
          expect(res.status).toBe(401)
          return performance.now() - started
        }
        const unknown: number[] = []
        const known: number[] = []
        // Interleaved, so that the machine's load falls on both alike.
        for (let i = 0; i < 20; i++) {
          unknown.push(await time(`nobody-${i}@example.com`))
          known.push(await time(ADMIN.email))
        }
        const ratio = median(unknown) / median(known)
        console.log(
          `sign-in medians [${ctx.kind}]: unknown ${median(unknown).toFixed(0)} ms, known ${median(known).toFixed(0)} ms`,
        )
        expect(ratio).toBeGreaterThan(0.5)
        expect(ratio).toBeLessThan(2)
      }, 60_000)

      it('hashes unknown addresses with the parameters Payload stores passwords with', async () => {
        const stored = (await ctx.payload.db.findOne({
          collection: Slugs.users,
          where: { email: { equals: ADMIN.email } },
        })) as unknown as { hash: string; salt: string }
        expect(stored.hash.startsWith(PAYLOAD_HASH.prefix)).toBe(true)
        const hash = pbkdf2Sync(ADMIN.password, stored.salt, PAYLOAD_HASH.iterations, PAYLOAD_HASH.keyLength, 'sha256')
        expect(`${PAYLOAD_HASH.prefix}${hash.toString('hex')}`).toBe(stored.hash)
      })
    })

    describe('throttling', () => {
      it('slows an address after 50 wrong passwords, while the real user signs in from elsewhere', async () => {
        const attacker = newClient()
        const results = []
        for (let i = 0; i < 50; i++)
          results.push(await signIn({ email: ADMIN.email, password: `guess-${i}` }, attacker))
        const statuses = results.map((r) => r.status)
        expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([])
        expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(8)
        const refused = results.find((r) => r.status === 429)!
        expect(refused.body.error.id).toBe('too_many_requests')
        expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
        // The attacker's address waits even with the right password; the real user's does not.
        // Asked right after a failure answered (so a wait of 2 s or more has just begun), not after
        // the loop: on a loaded machine the wait the loop last began may be over by then.
        let answered = await signIn({ email: ADMIN.email, password: 'guess-again' }, attacker)
        while (answered.status === 429) {
          await new Promise((resolve) => setTimeout(resolve, 100))
          answered = await signIn({ email: ADMIN.email, password: 'guess-again' }, attacker)
        }
        expect(answered.status).toBe(401)
        expect((await signIn(ADMIN, attacker)).status).toBe(429)
        expect((await signIn(ADMIN)).status).toBe(200)
        expect(results.some((r) => r.body.error?.id === 'account_locked')).toBe(false)
      }, 120_000)

      it('counts failures through REST and GraphQL alike', async () => {
        const client = newClient()
        for (let i = 0; i < 3; i++) expect((await graphqlSignIn(ADMIN.email, `g-${i}`, client)).status).toBe(200)
        for (let i = 0; i < 3; i++)
          expect((await signIn({ email: ADMIN.email, password: `r-${i}` }, client)).status).toBe(401)
        const refused = await graphqlSignIn(ADMIN.email, 'one-more', client)
        expect(JSON.stringify(refused.body)).toContain('Too many failed sign-ins')
        expect((await signIn({ email: ADMIN.email, password: 'and-more' }, client)).status).toBe(429)
      }, 60_000)

      it('leaves no state in which anonymous callers lock the account: the right password from a fresh address works', async () => {
        const attackers = Array.from({ length: 10 }, newClient)
        await Promise.all(
          attackers.map(async (client) => {
            for (let i = 0; i < 7; i++) await signIn({ email: ADMIN.email, password: `wrong-${i}` }, client)
          }),
        )
        // Unknown addresses and odd spellings of the account's own address spend nothing of the account's.
        await Promise.all([
          signIn({ email: ` ${ADMIN.email.toUpperCase()} `, password: 'x' }),
          signIn({ email: ADMIN.email, password: 'x'.repeat(1001) }),
        ])
        const res = await signIn(ADMIN)
        expect(res.status).toBe(200)
        expect(res.body.token).toEqual(expect.any(String))
      }, 120_000)

      it('forgets an address’s failures once it signs in', async () => {
        const client = newClient()
        for (let i = 0; i < 4; i++)
          expect((await signIn({ email: ADMIN.email, password: `w-${i}` }, client)).status).toBe(401)
        expect((await signIn(ADMIN, client)).status).toBe(200)
        for (let i = 0; i < 5; i++)
          expect((await signIn({ email: ADMIN.email, password: `v-${i}` }, client)).status).toBe(401)
      }, 60_000)
    })

    describe('password rules', () => {
      const STRONG = 'a-long-and-rare-passphrase'
      const auth = async () => ({ Authorization: `JWT ${(await signIn(ADMIN)).body.token as string}` })
      const person = (email: string, password: string) => ({ email, password, name: 'Rules', kind: 'staff' })

      it.each([
        ['a short password', 'short-pw-1', 'password_too_short', 'at least 12 characters'],
        ['a common password', 'passwordpassword', 'password_too_common', 'most common passwords'],
        ['a common password in capitals', 'QWERTY123456', 'password_too_common', 'most common passwords'],
      ])('refuses %s on creation with 400, creating nobody', async (_, password, id, message) => {
        const before = (await ctx.payload.count({ collection: Slugs.users })).totalDocs
        const res = await request(app)
          .post('/api/users')
          .set(await auth())
          .send(person('weak@example.com', password))
        expect(res.status).toBe(400)
        expect(res.body.error).toMatchObject({ id })
        expect(res.body.error.message).toContain(message)
        expect((await ctx.payload.count({ collection: Slugs.users })).totalDocs).toBe(before)
      })

      it('refuses a weak password when staff change someone else’s, and accepts a strong one without the current one', async () => {
        const created = await request(app)
          .post('/api/users')
          .set(await auth())
          .send(person('other@example.com', STRONG))
        expect(created.status).toBe(201)
        const id = created.body.doc.id as number
        const weak = await request(app)
          .patch(`/api/users/${id}`)
          .set(await auth())
          .send({ password: '12345678' })
        expect(weak.status).toBe(400)
        expect(weak.body.error.id).toBe('password_too_short')
        expect((await signIn({ email: 'other@example.com', password: STRONG })).status).toBe(200)
        const strong = await request(app)
          .patch(`/api/users/${id}`)
          .set(await auth())
          .send({ password: `${STRONG}-2` })
        expect(strong.status).toBe(200)
        expect((await signIn({ email: 'other@example.com', password: `${STRONG}-2` })).status).toBe(200)
      })

      it('refuses a weak password through reset-password, leaving the old one and the link as they were', async () => {
        await ctx.payload.create({ collection: Slugs.users, data: person('resets@example.com', STRONG) as never })
        const token = await ctx.payload.forgotPassword({
          collection: Slugs.users,
          data: { email: 'resets@example.com' },
          disableEmail: true,
        })
        const weak = await request(app).post('/api/users/reset-password').send({ token, password: 'iloveyou1234' })
        expect(weak.status).toBe(400)
        expect(weak.body.error.id).toBe('password_too_common')
        expect((await signIn({ email: 'resets@example.com', password: STRONG })).status).toBe(200)
        const strong = await request(app)
          .post('/api/users/reset-password')
          .send({ token, password: `${STRONG}-reset` })
        expect(strong.status).toBe(200)
      })
    })

    describe('changing one’s own password', () => {
      const OWN = { email: 'changer@example.com', password: 'the-first-long-password' }
      let id: number
      const own = async () => ({ Authorization: `JWT ${(await signIn(OWN)).body.token as string}` })
      beforeAll(async () => {
        id = (await createVendorAdmin(ctx.payload, OWN, 'Changer')).id
      })

      it.each([
        ['without the current password', {}, 400, 'current_password_required'],
        ['with a wrong current password', { currentPassword: 'not-my-password-at-all' }, 403, 'current_password_wrong'],
      ])('is refused %s, and nothing changes', async (_, extra, status, errorId) => {
        const res = await request(app)
          .patch(`/api/users/${id}`)
          .set(await own())
          .send({ password: 'a-second-long-password', name: 'Renamed', ...extra })
        expect(res.status).toBe(status)
        expect(res.body.error.id).toBe(errorId)
        expect((await signIn({ ...OWN, password: 'a-second-long-password' })).status).toBe(401)
        expect((await ctx.payload.findByID({ collection: Slugs.users, id })).name).toBe('Changer')
      })

      it('works with the current password, which is neither stored nor read back', async () => {
        const res = await request(app)
          .patch(`/api/users/${id}`)
          .set(await own())
          .send({ password: 'a-second-long-password', currentPassword: OWN.password })
        expect(res.status).toBe(200)
        expect(res.body.doc.currentPassword).toBeUndefined()
        expect((await signIn({ ...OWN, password: 'a-second-long-password' })).status).toBe(200)
        expect((await signIn(OWN)).status).toBe(401)
      })

      it('asks nothing when the rest of one’s own account changes', async () => {
        const res = await request(app)
          .patch(`/api/users/${id}`)
          .set({
            Authorization: `JWT ${(await signIn({ ...OWN, password: 'a-second-long-password' })).body.token as string}`,
          })
          .send({ name: 'Still Me' })
        expect(res.status).toBe(200)
      })
    })
  },
  { env: { TRUST_PROXY: 'loopback', RATE_LIMIT_SIGN_IN: '1000/10m' } },
)
