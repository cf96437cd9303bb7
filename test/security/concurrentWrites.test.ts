/**
 * Every Payload operation that writes, over REST and under concurrency. Payload reads and writes
 * beside its own open transaction (forgot-password reserves the request outside it, a REST PATCH
 * checks document locks outside it, failed sign-ins count outside any). On SQLite these used to fail
 * with "database is locked" (see src/db/sqliteWriteLock.ts); on PostgreSQL, nine such requests at
 * once held every pooled connection in transactions that each waited for one more, and hung (see
 * src/db/postgresPool.ts).
 */
import type { Express } from 'express'
import type { CollectionSlug, Plugin, TaskConfig } from 'payload'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { LogCapture } from '../harness/logCapture'
import { builtInRoles, createTenant, createVendorAdmin } from '../harness/users'
import { BuiltInRoles } from '../../seed/roles'

const PASSWORD = 'correct-horse-battery'
const ADMIN = { email: 'admin@example.com', password: PASSWORD }
const CROWD = Array.from({ length: 10 }, (_, i) => `crowd-${i}@example.com`)
// More accounts than PostgreSQL's pool once had connections, for the bursts.
const THRONG = Array.from({ length: 20 }, (_, i) => `throng-${i}@example.com`)
// Atrium's config enables no e-mail verification, and has no job that writes users: this suite adds both, for itself only.
const VERIFY_PROBES = 'verify-probes' as CollectionSlug
const TOUCH_TASK = 'touchUser'
const LOCKS = 'payload-locked-documents'

/** A document as the database adapter returns it, hidden fields included. */
type RawDoc = { id: number | string } & Record<string, unknown>
type TouchInput = { email: string; name: string }
const touchTask: TaskConfig<{ input: TouchInput; output: object }> = {
  slug: TOUCH_TASK,
  inputSchema: [
    { name: 'email', type: 'text', required: true },
    { name: 'name', type: 'text', required: true },
  ],
  handler: async ({ input, req }) => {
    await req.payload.update({
      collection: Slugs.users,
      where: { email: { equals: input.email } },
      data: { name: input.name },
      req,
    })
    return { output: {} }
  },
}

const writesFixture: Plugin = (config) => ({
  ...config,
  collections: [...(config.collections ?? []), { slug: VERIFY_PROBES, auth: { verify: true }, fields: [] }],
  // Its slug is not among the generated task types: the cast goes through unknown.
  jobs: { ...config.jobs, tasks: [...(config.jobs?.tasks ?? []), touchTask as unknown as TaskConfig] },
})

// The task slug is not in the generated types (it is this suite's own), so queue() is typed by hand.
type QueueTouch = (args: { task: string; input: TouchInput }) => Promise<{ id: number | string }>
let logs: LogCapture

describeEachDatabase(
  'Payload writes under concurrency',
  (ctx) => {
    let app: Express
    let adminToken: string
    const auth = () => ({ Authorization: `JWT ${adminToken}` })
    const rawUser = (email: string) =>
      ctx.payload.db.findOne<RawDoc>({ collection: Slugs.users, where: { email: { equals: email } } })
    const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
      request(app).post('/api/users/login').set(headers).send({ email, password })
    // Client users sign in only through a membership of an active tenant.
    let memberships: { tenant: number; roles: number[] }[]
    const createUser = (email: string) =>
      ctx.payload.create({
        collection: Slugs.users,
        data: { email, password: PASSWORD, name: email, kind: 'client', memberships },
      })

    beforeAll(async () => {
      const roles = await builtInRoles(ctx.payload)
      const tenant = await createTenant(ctx.payload, 'concurrency')
      memberships = [{ tenant: tenant.id, roles: [roles[BuiltInRoles.clientMember]] }]
      await createVendorAdmin(ctx.payload, ADMIN)
      for (const email of ['reset@example.com', 'counted@example.com', 'victim@example.com', ...CROWD, ...THRONG]) {
        await createUser(email)
      }
      app = await testApp(ctx)
      adminToken = await login(app, ADMIN.email, ADMIN.password)
    })

    it('answers forgot-password with 200 for a known and an unknown address', async () => {
      const known = await request(app).post('/api/users/forgot-password').send({ email: 'reset@example.com' })
      expect(known.status).toBe(200)
      const unknown = await request(app).post('/api/users/forgot-password').send({ email: 'nobody@example.com' })
      expect(unknown.status).toBe(200)
      expect((await rawUser('reset@example.com'))?.resetPasswordToken).toEqual(expect.any(String))
      // No mail server is configured: the e-mail adapter (Atrium's, or Payload's console fallback)
      // logs one message for the known address instead of sending it, and none for the unknown one.
      const unsent = /^Email (not sent|attempted without being configured)/
      expect(logs.lines.filter((line) => unsent.test(String(line.msg)))).toHaveLength(1)
    })

    it('resets the password with the token forgot-password made, which the database keeps only as a hash', async () => {
      const token = await ctx.payload.forgotPassword({
        collection: Slugs.users,
        data: { email: 'reset@example.com' },
        disableEmail: true,
      })
      const kept = (await rawUser('reset@example.com'))?.resetPasswordToken
      expect(kept).not.toBe(token)
      // What a copy of the database holds resets nobody's password.
      const leaked = await request(app)
        .post('/api/users/reset-password')
        .send({ token: kept, password: 'x-long-password' })
      expect(leaked.status).toBe(400)
      const res = await request(app).post('/api/users/reset-password').send({ token, password: 'a-new-long-password' })
      expect(res.status).toBe(200)
      expect((await signIn('reset@example.com', 'a-new-long-password')).status).toBe(200)
      expect((await signIn('reset@example.com', PASSWORD)).status).toBe(401)
    })

    it('answers 20 concurrent forgot-passwords with 200 within a few seconds', async () => {
      const started = Date.now()
      const results = await Promise.all(
        THRONG.map((email) => request(app).post('/api/users/forgot-password').send({ email }).timeout(20_000)),
      )
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
      expect(Date.now() - started).toBeLessThan(5_000)
      for (const email of THRONG) expect((await rawUser(email))?.resetPasswordToken).toEqual(expect.any(String))
    })

    it("answers 9 concurrent failed sign-ins from one address with 401 or the backoff's 429, and never locks the account", async () => {
      const attacker = { 'X-Forwarded-For': '198.51.100.9' }
      const results = await Promise.all(
        Array.from({ length: 9 }, () => signIn('counted@example.com', 'wrong', attacker)),
      )
      const ids = results.map((r) => r.body.error?.id)
      expect(ids.filter((id) => id !== 'invalid_credentials' && id !== 'too_many_requests')).toEqual([])
      // The first five failures of an (email, address) pair are free, however the requests interleave.
      expect(ids.filter((id) => id === 'invalid_credentials').length).toBeGreaterThanOrEqual(5)
      expect((await signIn('counted@example.com', PASSWORD, { 'X-Forwarded-For': '198.51.100.10' })).status).toBe(200)
    })

    it('answers 20 concurrent failed sign-ins with 401 or 429, amid other writes, and the account still signs in from elsewhere', async () => {
      // Meanwhile others sign in and staff create accounts: transactions that hold SQLite's write lock
      // (a creation hashes the password inside its transaction) while the failures are counted.
      const attacker = { 'X-Forwarded-For': '198.51.100.20' }
      const [results, signIns, creations] = await Promise.all([
        Promise.all(Array.from({ length: 20 }, () => signIn('victim@example.com', 'wrong', attacker))),
        Promise.all(CROWD.slice(0, 5).map((email) => signIn(email, PASSWORD))),
        Promise.all(
          CROWD.slice(0, 5).map((_, i) =>
            request(app)
              .post('/api/users')
              .set(auth())
              .send({
                email: `amid-${i}@example.com`,
                password: PASSWORD,
                name: `Amid ${i}`,
                kind: 'client',
                memberships,
              }),
          ),
        ),
      ])
      expect([...signIns, ...creations].map((r) => r.status)).toEqual([...Array(5).fill(200), ...Array(5).fill(201)])
      const statuses = results.map((r) => r.status)
      expect(statuses.filter((s) => s >= 500)).toEqual([])
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([])
      // Five free failures and one more pass at once; the rest wait (429), however the requests interleave.
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(5)
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10)
      expect(results.map((r) => r.body.error?.id)).not.toContain('account_locked')
      expect((await signIn('victim@example.com', PASSWORD)).status).toBe(200)
    })

    it('refreshes a token and signs out', async () => {
      const token = await login(app, 'victim@example.com', PASSWORD)
      const refreshed = await request(app).post('/api/users/refresh-token').set('Authorization', `JWT ${token}`)
      expect(refreshed.status).toBe(200)
      expect(refreshed.body.refreshedToken).toEqual(expect.any(String))
      const out = await request(app)
        .post('/api/users/logout')
        .set('Authorization', `JWT ${refreshed.body.refreshedToken}`)
      expect(out.status).toBe(200)
    })

    it('verifies an e-mail address with the stored token', async () => {
      const created = await request(app)
        .post(`/api/${VERIFY_PROBES}`)
        .set(auth())
        .send({ email: 'probe@example.com', password: PASSWORD })
      expect(created.status).toBe(201)
      const where = { email: { equals: 'probe@example.com' } }
      const probe = await ctx.payload.db.findOne<RawDoc>({ collection: VERIFY_PROBES, where })
      const res = await request(app).post(`/api/${VERIFY_PROBES}/verify/${String(probe?._verificationToken)}`)
      expect(res.status).toBe(200)
      const verified = await ctx.payload.db.findOne<RawDoc>({ collection: VERIFY_PROBES, where })
      expect(verified?._verified).toBe(true)
    })

    it('stores 15 concurrent preference writes, 5 of them to one key', async () => {
      const keys = [...Array.from({ length: 10 }, (_, i) => `pref-${i}`), ...Array(5).fill('shared')]
      const results = await Promise.all(
        keys.map((key, i) =>
          request(app)
            .post(`/api/payload-preferences/${key}`)
            .set(auth())
            .send({ value: { n: i } }),
        ),
      )
      expect(results.map((r) => r.status)).toEqual(Array(15).fill(200))
      const pref = await request(app).get('/api/payload-preferences/pref-3').set(auth())
      expect(pref.body.value).toEqual({ n: 3 })
      // Payload's upsert finds, then inserts: five racing writers to one new key may each insert
      // (PostgreSQL does the same); what matters here is that none of them fails.
      const shared = await request(app).get('/api/payload-preferences/shared').set(auth())
      expect(shared.body.value).toEqual({ n: expect.any(Number) })
    })

    it('locks 10 documents the way the admin does while others are edited over REST', async () => {
      const admin = await rawUser(ADMIN.email)
      const crowd = await Promise.all(CROWD.map(rawUser))
      const locksOfUsers = { 'document.relationTo': { equals: Slugs.users } }
      // @payloadcms/ui's handleFormStateLocking: drop expired locks, then take one; both through payload.db, without req.
      const lock = async (id: number | string | undefined) => {
        const expired = { updatedAt: { less_than: new Date(Date.now() - 300_000).toISOString() } }
        await ctx.payload.db.deleteMany({ collection: LOCKS, where: { and: [locksOfUsers, expired] } })
        await ctx.payload.db.create({
          collection: LOCKS,
          data: {
            document: { relationTo: Slugs.users, value: id },
            user: { relationTo: Slugs.users, value: admin?.id },
          },
          returning: false,
        })
      }
      // Other documents are edited meanwhile (an edit removes the locks of the document it saves).
      const edits = ['reset@example.com', 'counted@example.com', 'victim@example.com'].map(async (email, i) =>
        request(app)
          .patch(`/api/users/${(await rawUser(email))?.id}`)
          .set(auth())
          .send({ name: `edited ${i}` }),
      )
      const [locked, edited] = await Promise.all([
        Promise.allSettled(crowd.map((doc) => lock(doc?.id))),
        Promise.all(edits),
      ])
      expect(locked.filter((result) => result.status === 'rejected')).toEqual([])
      expect(edited.map((r) => r.status)).toEqual([200, 200, 200])
      expect((await ctx.payload.count({ collection: LOCKS, where: locksOfUsers })).totalDocs).toBe(10)
      const owner = await request(app).patch(`/api/users/${crowd[0]?.id}`).set(auth()).send({ name: 'saved' })
      expect(owner.status).toBe(200)
      expect((await ctx.payload.count({ collection: LOCKS, where: locksOfUsers })).totalDocs).toBe(9)
      await ctx.payload.delete({ collection: LOCKS, where: locksOfUsers })
      expect((await ctx.payload.count({ collection: LOCKS })).totalDocs).toBe(0)
    })

    it('saves 15 concurrent REST edits of different users by an administrator', async () => {
      const users = await Promise.all(THRONG.slice(0, 15).map(rawUser))
      const results = await Promise.all(
        users.map((user, i) =>
          request(app)
            .patch(`/api/users/${user?.id}`)
            .set(auth())
            .send({ name: `throng edited ${i}` })
            .timeout(20_000),
        ),
      )
      expect(results.map((r) => r.status)).toEqual(Array(15).fill(200))
      const names = await Promise.all(THRONG.slice(0, 15).map(async (email) => (await rawUser(email))?.name))
      expect(names).toEqual(THRONG.slice(0, 15).map((_, i) => `throng edited ${i}`))
    })

    it('queues and runs jobs while requests write', async () => {
      const queue = ctx.payload.jobs.queue as unknown as QueueTouch
      const queued = await Promise.all(
        CROWD.slice(0, 5).map((email) => queue({ task: TOUCH_TASK, input: { email, name: `job ${email}` } })),
      )
      const [run] = await Promise.all([
        // Only this test's jobs: creating people queues the notifications' own (user.invited).
        ctx.payload.jobs.run({ where: { taskSlug: { equals: TOUCH_TASK } } }),
        ...CROWD.slice(5).map((email) => request(app).post('/api/users/forgot-password').send({ email })),
      ])
      expect(run.jobStatus).toEqual(Object.fromEntries(queued.map((job) => [job.id, { status: 'success' }])))
      for (const email of CROWD.slice(0, 5)) expect((await rawUser(email))?.name).toBe(`job ${email}`)
    })

    // On PostgreSQL this mix used to hang: each forgot-password held a pooled connection for its
    // transaction and waited for a second one for its reservation, and pg's pool (10, one of them kept
    // by the adapter) ran dry at 9 such requests.
    it('serves 10 forgot-passwords, 10 sign-ins and 10 user creations at once', async () => {
      const results = await Promise.all([
        ...CROWD.map((email) => request(app).post('/api/users/forgot-password').send({ email })),
        ...CROWD.map((email) => signIn(email, PASSWORD)),
        ...CROWD.map((_, i) =>
          request(app)
            .post('/api/users')
            .set(auth())
            .send({ email: `new-${i}@example.com`, password: PASSWORD, name: `New ${i}`, kind: 'client', memberships }),
        ),
      ])
      expect(results.map((r) => r.status)).toEqual([...Array(20).fill(200), ...Array(10).fill(201)])
      expect((await ctx.payload.count({ collection: Slugs.users, where: { email: { like: 'new-' } } })).totalDocs).toBe(
        10,
      )
    })
  },
  // Throttling sign-ins per client is another suite's subject: here every request must reach the database.
  () => {
    logs = new LogCapture()
    return {
      plugins: [writesFixture],
      logDestination: logs,
      env: { RATE_LIMIT_SIGN_IN: '1000/1m', RATE_LIMIT_PASSWORD_RESET: '1000/1m', TRUST_PROXY: 'loopback' },
    }
  },
)
