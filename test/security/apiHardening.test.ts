/**
 * The API surface as an outside attacker meets it: GraphQL cost, cross-site requests, body types,
 * paging caps, honest errors, cookies, throttles, and what the logs keep. Each case was reproduced
 * against the platform before it was hardened.
 */
import type { Express } from 'express'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { LogCapture } from '../harness/logCapture'
import { createVendorAdmin } from '../harness/users'
import { fixturePlugin } from '../fixtures/fixturePlugin'

const ADMIN = { email: 'hardening-admin@example.com', password: 'correct-horse-battery' }
// supertest listens on a new port for every request; a fixed Host makes "Atrium's own origin" stable.
const HOST = 'atrium.test'
const OWN_ORIGIN = `http://${HOST}`
let logs: LogCapture
let nextClient = 1

/** A distinct client address per test, so that one test's throttle does not spend another's budget. */
const newClient = () => `198.51.100.${nextClient++}`

/** `query { ...F<levels> }` where each fragment spreads the one below it twice: 2^levels fields once expanded. */
function fragmentBomb(levels: number): string {
  const fragments = ['fragment F0 on Query { __typename }']
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`)
  return `query { ...F${levels} } ${fragments.join(' ')}`
}

/** Sends the session cookie the way a browser would, from `origin`. */
async function sessionCookie(app: Express): Promise<string> {
  const res = await request(app).post('/api/users/login').set('X-Forwarded-For', newClient()).send(ADMIN)
  return res.headers['set-cookie']![0]!.split(';')[0]!
}

describeEachDatabase(
  'API hardening',
  (ctx) => {
    let app: Express
    let token: string
    const countUsers = async () => (await ctx.payload.count({ collection: Slugs.users })).totalDocs

    beforeAll(async () => {
      await createVendorAdmin(ctx.payload, ADMIN)
      app = await testApp(ctx)
      token = await login(app, ADMIN.email, ADMIN.password)
    })

    describe('GraphQL cost', () => {
      // The first GraphQL request builds the schema (once per process); that is start-up work, not
      // what a hostile document costs, so it happens before the event loop is watched.
      beforeAll(async () => {
        await request(app).post('/api/graphql').set('X-Forwarded-For', newClient()).send({ query: '{ __typename }' })
      })

      it.each([30, 60])('refuses a %i-level fragment bomb with 400 while the event loop stays free', async (levels) => {
        const delay = monitorEventLoopDelay({ resolution: 10 })
        delay.enable()
        const healthStarted = performance.now()
        const [bomb, health] = await Promise.all([
          request(app)
            .post('/api/graphql')
            .set('X-Forwarded-For', newClient())
            .send({ query: fragmentBomb(levels) }),
          request(app)
            .get('/healthz')
            .then((res) => ({ res, ms: performance.now() - healthStarted })),
        ])
        delay.disable()
        expect(bomb.status).toBe(400)
        expect(bomb.body.error.id).toBe('graphql_too_complex')
        expect(health.res.status).toBe(200)
        expect(health.ms).toBeLessThan(1000)
        expect(delay.max / 1e6).toBeLessThan(100)
      })

      it('refuses a fragment that spreads itself with 400, not a 500 stack overflow', async () => {
        const res = await request(app)
          .post('/api/graphql')
          .set('X-Forwarded-For', newClient())
          .send({ query: 'query { ...A } fragment A on Query { ...A }' })
        expect(res.status).toBe(400)
        expect(res.body.error.id).toBe('graphql_fragment_cycle')
        expect(res.body.error.message).toContain('A')
      })

      it('counts every aliased sign-in mutation against the sign-in throttle: 200 aliases are refused', async () => {
        const aliases = Array.from(
          { length: 200 },
          (_, i) => `a${i}: loginUser(email: "${ADMIN.email}", password: "guess-${i}") { token }`,
        )
        const res = await request(app)
          .post('/api/graphql')
          .set('X-Forwarded-For', newClient())
          .send({ query: `mutation { ${aliases.join(' ')} }` })
        expect([400, 429]).toContain(res.status)
        // Accounts keep no failure count to compare any more (no lock); the account still signs in elsewhere.
        expect(
          (await request(app).post('/api/users/login').set('X-Forwarded-For', newClient()).send(ADMIN)).status,
        ).toBe(200)
      })

      it('spends one sign-in attempt per alias: a client with 30 attempts gets 429 on the 31st', async () => {
        const client = newClient()
        const guesses = (n: number, offset: number) =>
          Array.from(
            { length: n },
            (_, i) => `g${i}: loginUser(email: "nobody-${offset + i}@example.com", password: "x") { token }`,
          ).join(' ')
        const first = await request(app)
          .post('/api/graphql')
          .set('X-Forwarded-For', client)
          .send({ query: `mutation { ${guesses(10, 0)} }` })
        expect(first.status).toBe(200)
        for (let i = 0; i < 2; i++) {
          const more = await request(app)
            .post('/api/graphql')
            .set('X-Forwarded-For', client)
            .send({ query: `mutation { ${guesses(10, 10 * (i + 1))} }` })
          expect(more.status).toBe(200)
        }
        const refused = await request(app)
          .post('/api/graphql')
          .set('X-Forwarded-For', client)
          .send({ query: `mutation { ${guesses(1, 99)} }` })
        expect(refused.status).toBe(429)
        expect(refused.body.error.id).toBe('too_many_requests')
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      })

      it('refuses wrongly typed variables at the first one, before validation pays for each', async () => {
        const ids = Array.from({ length: 900 }, (_, i) => `not-a-number-${i}`)
        const started = performance.now()
        const res = await request(app)
          .post('/api/graphql')
          .set('X-Forwarded-For', newClient())
          .send({
            query: 'query Q($limit: Int, $ids: [Int]) { Users(limit: $limit) { totalDocs } }',
            variables: { limit: 'ten', ids },
          })
        expect(res.status).toBe(400)
        expect(res.body.error.id).toBe('invalid_graphql')
        expect(res.body.error.message).toContain('$limit')
        expect(performance.now() - started).toBeLessThan(1000)
      })

      it('still answers an ordinary query', async () => {
        const res = await request(app)
          .post('/api/graphql')
          .set('Authorization', `JWT ${token}`)
          .set('X-Forwarded-For', newClient())
          .send({ query: '{ Users(limit: 5) { docs { email } } }' })
        expect(res.status).toBe(200)
        expect(res.body.data.Users.docs).toContainEqual({ email: ADMIN.email })
      })
    })

    describe('cross-site requests with the session cookie', () => {
      let cookie: string
      const own = OWN_ORIGIN
      beforeAll(async () => {
        cookie = await sessionCookie(app)
      })

      it('refuses a cross-site multipart form that creates a staff user (403), and stores nothing', async () => {
        const before = await countUsers()
        const res = await request(app)
          .post('/api/users')
          .set('Host', HOST)
          .set('Cookie', cookie)
          .set('Origin', 'https://evil.example')
          .field(
            '_payload',
            JSON.stringify({ email: 'planted@example.com', password: 'planted-password', name: 'P', kind: 'staff' }),
          )
        expect(res.status).toBe(403)
        expect(res.body.error.id).toBe('cross_site_request')
        expect(await countUsers()).toBe(before)
      })

      it('refuses a JSON PATCH from another site (403) and accepts it from Atrium itself', async () => {
        const id = await adminId()
        const evil = await request(app)
          .patch(`/api/users/${id}`)
          .set('Host', HOST)
          .set('Cookie', cookie)
          .set('Origin', 'https://evil.example')
          .set('Sec-Fetch-Site', 'cross-site')
          .send({ name: 'Owned' })
        expect(evil.status).toBe(403)
        expect(evil.body.error.id).toBe('cross_site_request')
        const good = await request(app)
          .patch(`/api/users/${id}`)
          .set('Host', HOST)
          .set('Cookie', cookie)
          .set('Origin', own)
          .set('Sec-Fetch-Site', 'same-origin')
          .send({ name: 'Admin' })
        expect(good.status).toBe(200)
        expect((await ctx.payload.findByID({ collection: Slugs.users, id })).name).toBe('Admin')
      })

      it('refuses another port of the same host, which browsers count as same-site', async () => {
        const res = await request(app)
          .patch(`/api/users/${await adminId()}`)
          .set('Host', HOST)
          .set('Cookie', cookie)
          .set('Origin', 'http://127.0.0.1:1')
          .set('Sec-Fetch-Site', 'same-site')
          .send({ name: 'Owned' })
        expect(res.status).toBe(403)
      })

      it('refuses a cookie-authenticated change that names no origin at all', async () => {
        const res = await request(app)
          .patch(`/api/users/${await adminId()}`)
          .set('Host', HOST)
          .set('Cookie', cookie)
          .send({ name: 'Owned' })
        expect(res.status).toBe(403)
        expect(res.body.error.id).toBe('origin_required')
      })

      it('accepts a Referer of its own origin when Origin is missing', async () => {
        const res = await request(app)
          .patch(`/api/users/${await adminId()}`)
          .set('Host', HOST)
          .set('Cookie', cookie)
          .set('Referer', `${own}/admin/collections/users`)
          .send({ name: 'Admin' })
        expect(res.status).toBe(200)
      })

      it('lets requests authenticated by an Authorization header through: no browser sends those cross-site', async () => {
        const res = await request(app)
          .patch(`/api/users/${await adminId()}`)
          .set('Authorization', `JWT ${token}`)
          .set('Origin', 'https://tool.example')
          .send({ name: 'Admin' })
        expect(res.status).toBe(200)
      })

      it('guards plugin routes the same way', async () => {
        const res = await request(app)
          .post('/fixture/echo')
          .set('Host', HOST)
          .set('Cookie', cookie)
          .set('Origin', 'https://evil.example')
          .send({ a: 1 })
        expect(res.status).toBe(403)
        const mine = await request(app)
          .post('/fixture/echo')
          .set('Host', HOST)
          .set('Cookie', cookie)
          .set('Origin', own)
          .send({ a: 1 })
        expect(mine.status).toBe(200)
      })

      it('guards GraphQL mutations the same way', async () => {
        const res = await request(app)
          .post('/api/graphql')
          .set('Host', HOST)
          .set('Cookie', cookie)
          .set('Origin', 'https://evil.example')
          .set('X-Forwarded-For', newClient())
          .send({
            query: `mutation { updateUser(id: ${JSON.stringify(await adminId())}, data: { name: "Owned" }) { name } }`,
          })
        expect(res.status).toBe(403)
      })
    })

    describe('body types', () => {
      it.each([
        ['text/plain', 'hello'],
        ['application/x-www-form-urlencoded', 'email=x%40example.com&name=X'],
        ['application/xml', '<user/>'],
      ])('answers a %s body with 415 and stores nothing', async (type, body) => {
        const before = await countUsers()
        const res = await request(app)
          .post('/api/users')
          .set('Authorization', `JWT ${token}`)
          .set('Content-Type', type)
          .send(body)
        expect(res.status).toBe(415)
        expect(res.body.error.id).toBe('unsupported_media_type')
        expect(await countUsers()).toBe(before)
      })

      it("accepts the admin UI's form-encoded query sent as a POST standing for a GET", async () => {
        const res = await request(app)
          .post('/api/users')
          .set('Authorization', `JWT ${token}`)
          .set('X-Payload-HTTP-Method-Override', 'GET')
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .send('limit=5&depth=0')
        expect(res.status).toBe(200)
        expect(res.body.limit).toBe(5)
      })
    })

    describe('paging and depth caps', () => {
      it.each([
        ['limit=1000000', 'limit'],
        ['limit=-1', 'limit'],
        ['limit=abc', 'limit'],
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['limit[0]=5', 'limit'],
        ['limit=5&limit=6', 'limit'],
        ['depth=4', 'depth'],
        ['depth=abc', 'depth'],
        ['page=0', 'page'],
        ['pagination=false', 'pagination'],
        ['pagination=maybe', 'pagination'],
      ])('answers ?%s with 400 naming %s', async (query, name) => {
        const res = await request(app).get(`/api/users?${query}`).set('Authorization', `JWT ${token}`)
        expect(res.status).toBe(400)
        expect(res.body.error.id).toBe('invalid_query_parameter')
        expect(res.body.error.message).toContain(`"${name}"`)
      })

      it.each([
        'where[id][equals]=abc',
        'where[memberships.tenant][equals]=zz',
        'where[staffRoles][in]=x,y',
        'where[createdAt][greater_than]=not-a-date',
      ])('answers ?%s, a value the database cannot compare, with 400 naming it, not 500', async (query) => {
        const res = await request(app).get(`/api/users?${query}`).set('Authorization', `JWT ${token}`)
        expect(res.status).toBe(400)
        expect(res.body.error.id).toBe('invalid_query_parameter')
        expect(res.body.error.message).toContain(query.split('=')[0]!)
      })

      it('answers a document id that cannot exist with 404, not 500', async () => {
        const missing = ctx.kind === 'mongodb' ? 'zz' : 'abc'
        const res = await request(app).get(`/api/users/${missing}`).set('Authorization', `JWT ${token}`)
        expect(res.status).toBe(404)
      })

      it('accepts the largest page and depth allowed', async () => {
        const res = await request(app).get('/api/users?limit=100&depth=3').set('Authorization', `JWT ${token}`)
        expect(res.status).toBe(200)
        expect(res.body.limit).toBe(100)
      })

      it("accepts a larger limit on a read of at most a page of listed ids, as Payload's admin lists ask", async () => {
        const id = await adminId()
        const res = await request(app)
          .get(`/api/users?depth=0&limit=250&where[id][in]=${id}`)
          .set('Authorization', `JWT ${token}`)
        expect(res.status).toBe(200)
        expect(res.body.docs.map((doc: { id: unknown }) => doc.id)).toEqual([id])
      })

      it.each([
        ['more ids than a page holds', (id: string) => Array.from({ length: 101 }, () => id).join(',')],
        ['ids in the bracketed list form', (id: string) => `${id}&where[id][in][1]=${id}`],
      ])('still caps the limit of a read of listed ids when it names %s', async (_case, ids) => {
        const res = await request(app)
          .get(`/api/users?limit=250&where[id][in]=${ids(String(await adminId()))}`)
          .set('Authorization', `JWT ${token}`)
        expect(res.status).toBe(400)
        expect(res.body.error.message).toContain('"limit"')
      })

      it('caps the form-encoded query-as-POST the same way', async () => {
        const res = await request(app)
          .post('/api/users')
          .set('Authorization', `JWT ${token}`)
          .set('X-Payload-HTTP-Method-Override', 'GET')
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .send('limit=100000')
        expect(res.status).toBe(400)
      })

      it('caps GraphQL list arguments', async () => {
        const res = await request(app)
          .post('/api/graphql')
          .set('Authorization', `JWT ${token}`)
          .set('X-Forwarded-For', newClient())
          .send({ query: '{ Users(limit: 1000000) { docs { email } } }' })
        expect(res.body.data?.Users ?? null).toBeNull()
        expect(res.body.errors[0].extensions.statusCode).toBe(400)
        expect(res.body.errors[0].message).toContain('"limit"')
      })

      it('caps the Local API on behalf of a user, and leaves system calls alone', async () => {
        const user = await ctx.payload.findByID({ collection: Slugs.users, id: await adminId() })
        await expect(
          ctx.payload.find({ collection: Slugs.users, limit: 5000, overrideAccess: false, user }),
        ).rejects.toMatchObject({ status: 400 })
        await expect(
          ctx.payload.find({ collection: Slugs.users, depth: 9, overrideAccess: false, user }),
        ).rejects.toMatchObject({ status: 400 })
        const system = await ctx.payload.find({ collection: Slugs.users, limit: 5000 })
        expect(system.docs.length).toBeGreaterThan(0)
      })
    })

    describe('honest errors', () => {
      it("answers Payload's internal migrations collection with 404 in both status and body", async () => {
        for (const auth of [{}, { Authorization: `JWT ${token}` }]) {
          const res = await request(app).get('/api/payload-migrations').set(auth)
          expect(res.status).toBe(404)
          expect(res.body.error).toMatchObject({ id: 'route_not_found', status: 404 })
        }
      })

      it('answers email verification of a collection that does not verify with 404, not 500', async () => {
        const res = await request(app).post('/api/users/verify/abc')
        expect(res.status).toBe(404)
        expect(res.body.error.status).toBe(404)
      })

      it('keeps status and body in agreement on every error answered so far', () => {
        const mismatched = logs.lines.filter(
          (line) => line.msg === 'request' && typeof line.status === 'number' && (line.status as number) >= 500,
        )
        expect(mismatched).toEqual([])
      })
    })

    describe('throttles', () => {
      it('answers the 31st REST sign-in from one address within ten minutes with 429 and Retry-After', async () => {
        const client = newClient()
        const statuses: number[] = []
        for (let i = 0; i < 31; i++) {
          const res = await request(app)
            .post('/api/users/login')
            .set('X-Forwarded-For', client)
            .send({ email: `nobody-${i}@example.com`, password: 'wrong-password' })
          statuses.push(res.status)
        }
        expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true)
        expect(statuses[30]).toBe(429)
        // another address is not affected
        const other = await request(app).post('/api/users/login').set('X-Forwarded-For', newClient()).send(ADMIN)
        expect(other.status).toBe(200)
      })

      it('throttles password reset requests per address', async () => {
        const client = newClient()
        const statuses: number[] = []
        for (let i = 0; i < 11; i++) {
          const res = await request(app)
            .post('/api/users/forgot-password')
            .set('X-Forwarded-For', client)
            .send({ email: `nobody-${i}@example.com` })
          statuses.push(res.status)
        }
        expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200))
        expect(statuses[10]).toBe(429)
      })
    })

    describe('forgot password', () => {
      it('answers 200 for a known and for an unknown address', async () => {
        for (const email of [ADMIN.email, 'unknown@example.com']) {
          const res = await request(app)
            .post('/api/users/forgot-password')
            .set('X-Forwarded-For', newClient())
            .send({ email })
          expect(res.status).toBe(200)
        }
        const admin = await ctx.payload.findByID({
          collection: Slugs.users,
          id: await adminId(),
          showHiddenFields: true,
        })
        expect(admin.resetPasswordToken).toBeTruthy()
      })
    })

    describe('logs', () => {
      it('hold no email address, password, token or SQL statement above debug level', () => {
        const visible = logs.lines.filter((line) => (line.level as number) > 20).map((line) => JSON.stringify(line))
        expect(visible.length).toBeGreaterThan(20)
        const leaks = visible.filter(
          (text) =>
            text.includes(ADMIN.email) ||
            /nobody-\d+@example\.com|unknown@example\.com/.test(text) ||
            text.includes(ADMIN.password) ||
            text.includes(token) ||
            /eyJ[\w-]{10,}\./.test(text) ||
            /\b(select|insert into|update "?\w+"? set|delete from)\b/i.test(text),
        )
        expect(leaks).toEqual([])
      })

      it('log client mistakes at info without stacks, and give every request line and error line a request id', () => {
        const clientErrors = logs.lines.filter((line) => line.msg === 'request' && (line.status as number) < 500)
        expect(clientErrors.length).toBeGreaterThan(0)
        const noisy = logs.lines.filter(
          (line) => (line.level as number) >= 40 && JSON.stringify(line).includes('"stack"'),
        )
        expect(noisy).toEqual([])
        const unattributed = logs.lines.filter(
          (line) => (line.msg === 'request' || (line.level as number) >= 40) && !line.reqId && !isStartupLine(line),
        )
        expect(unattributed).toEqual([])
      })
    })

    async function adminId(): Promise<number | string> {
      const { docs } = await ctx.payload.find({ collection: Slugs.users, where: { email: { equals: ADMIN.email } } })
      return docs[0]!.id
    }
  },
  () => {
    logs = new LogCapture()
    return { plugins: [fixturePlugin()], logDestination: logs, env: { TRUST_PROXY: 'loopback' } }
  },
)

/** Lines Payload writes while booting, before any request exists. */
function isStartupLine(line: Record<string, unknown>): boolean {
  return typeof line.msg === 'string' && /Pulling schema|No email adapter/.test(line.msg)
}
