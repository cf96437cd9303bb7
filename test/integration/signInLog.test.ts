/**
 * The sign-in log (src/auth/signInLog.ts): every password sign-in is recorded with its outcome,
 * the reason of a failure, the tenant of the portal it came through, the client's address and user
 * agent; staff read all of it, a tenant's administrators only their tenant's, nobody writes it.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Payload } from 'payload'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { csrfOf, portalSignIn } from '../harness/portal'
import { createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const ADMIN = { email: 'log-admin@example.com', password: 'log-admin-password-1' }
const CLIENT_ADMIN = { email: 'log-client-admin@example.com', password: 'log-client-admin-pw-1' }
const MEMBER = { email: 'log-member@example.com', password: 'log-member-password-1' }
const OTHER = { email: 'log-other@example.com', password: 'log-other-password-1' }

/** The newest log entries for `email`, as the database holds them. */
async function entriesFor(payload: Payload, email: string) {
  const { docs } = await payload.find({
    collection: Slugs.signInEvents,
    where: { email: { equals: email } },
    sort: '-createdAt',
    depth: 0,
    limit: 20,
  })
  return docs
}

describeEachDatabase(
  'sign-in log',
  (ctx) => {
    let server: Server
    let origin: string
    let tenantA: number
    let tenantB: number
    let adminToken: string
    const signIn = (email: string, password: string, client: string) =>
      request(server)
        .post('/api/users/login')
        .set('X-Forwarded-For', client)
        .set('User-Agent', 'log-test-agent/1.0')
        .send({ email, password })

    beforeAll(async () => {
      await createVendorAdmin(ctx.payload, ADMIN)
      tenantA = (await createTenant(ctx.payload, 'log-a')).id
      tenantB = (await createTenant(ctx.payload, 'log-b')).id
      await createClientUser(ctx.payload, CLIENT_ADMIN, tenantA, 'client-admin')
      await createClientUser(ctx.payload, MEMBER, tenantA, 'client-member')
      await createClientUser(ctx.payload, OTHER, tenantB, 'client-member')
      server = (await testApp(ctx)).listen(0)
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      adminToken = (await signIn(ADMIN.email, ADMIN.password, '198.51.100.1')).body.token
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    describe('who may read and write it', () => {
      it('refuses anonymous reads', async () => {
        const res = await request(server).get('/api/sign-in-events')
        expect([401, 403]).toContain(res.status)
      })

      it('refuses writes to everyone, staff included, over REST and GraphQL', async () => {
        const created = await request(server)
          .post('/api/sign-in-events')
          .set('Authorization', `JWT ${adminToken}`)
          .send({ kind: 'sign-in', outcome: 'success', email: 'forged@example.com' })
        expect(created.status).toBe(403)
        const [entry] = await entriesFor(ctx.payload, ADMIN.email)
        const changed = await request(server)
          .patch(`/api/sign-in-events/${entry!.id}`)
          .set('Authorization', `JWT ${adminToken}`)
          .send({ outcome: 'failure' })
        expect(changed.status).toBe(403)
        const deleted = await request(server)
          .delete(`/api/sign-in-events/${entry!.id}`)
          .set('Authorization', `JWT ${adminToken}`)
        expect(deleted.status).toBe(403)
        const graphql = await request(server)
          .post('/api/graphql')
          .set('Authorization', `JWT ${adminToken}`)
          .send({ query: 'mutation { deleteSignInEvent(id: ' + JSON.stringify(entry!.id) + ') { id } }' })
        expect(JSON.stringify(graphql.body.errors ?? [])).toMatch(/not allowed|forbidden/i)
        expect(await entriesFor(ctx.payload, 'forged@example.com')).toHaveLength(0)
        expect((await entriesFor(ctx.payload, ADMIN.email))[0]!.outcome).toBe('success')
      })

      it("shows a tenant's administrator their tenant's entries only, and a member none", async () => {
        await portalSignIn(server, origin, 'log-a', MEMBER)
        await portalSignIn(server, origin, 'log-b', OTHER)
        const clientAdmin = (await signIn(CLIENT_ADMIN.email, CLIENT_ADMIN.password, '198.51.100.2')).body.token
        const seen = await request(server)
          .get('/api/sign-in-events?limit=100&depth=0')
          .set('Authorization', `JWT ${clientAdmin}`)
        expect(seen.status).toBe(200)
        const emails = seen.body.docs.map((doc: { email: string }) => doc.email)
        expect(emails).toContain(MEMBER.email)
        expect(emails).not.toContain(OTHER.email)
        expect(emails).not.toContain(ADMIN.email)
        expect(seen.body.docs.every((doc: { tenant: number }) => doc.tenant === tenantA)).toBe(true)
        const other = await request(server)
          .get(`/api/sign-in-events?where[tenant][equals]=${tenantB}`)
          .set('Authorization', `JWT ${clientAdmin}`)
        expect(other.body.docs).toHaveLength(0)
        const member = (await signIn(MEMBER.email, MEMBER.password, '198.51.100.3')).body.token
        const memberSees = await request(server).get('/api/sign-in-events').set('Authorization', `JWT ${member}`)
        expect(memberSees.status === 403 || memberSees.body.docs?.length === 0).toBe(true)
      })
    })

    describe('what it records', () => {
      it('records a successful sign-in with the address and user agent', async () => {
        const res = await signIn(ADMIN.email, ADMIN.password, '198.51.100.10')
        expect(res.status).toBe(200)
        const [entry] = await entriesFor(ctx.payload, ADMIN.email)
        expect(entry).toMatchObject({
          kind: 'sign-in',
          method: 'password',
          outcome: 'success',
          ipAddress: '198.51.100.10',
          userAgent: 'log-test-agent/1.0',
        })
        expect(entry!.user).toBe(res.body.user.id)
        expect(entry!.reason ?? null).toBeNull()
      })

      it('records a wrong password as a failure of that user, and an unknown address without a user', async () => {
        expect((await signIn(ADMIN.email, 'not-the-password', '198.51.100.11')).status).toBe(401)
        const [wrong] = await entriesFor(ctx.payload, ADMIN.email)
        expect(wrong).toMatchObject({ outcome: 'failure', reason: 'Wrong password', ipAddress: '198.51.100.11' })
        expect(wrong!.user).toBeTruthy()
        expect((await signIn('nobody-at-all@example.com', 'whatever-password', '198.51.100.12')).status).toBe(401)
        const [unknown] = await entriesFor(ctx.payload, 'nobody-at-all@example.com')
        expect(unknown).toMatchObject({ outcome: 'failure', reason: 'No account with this email' })
        expect(unknown!.user ?? null).toBeNull()
      })

      it('records why a deactivated account was refused, while the caller hears nothing more', async () => {
        const login = { email: 'log-inactive@example.com', password: 'log-inactive-password' }
        const user = await createClientUser(ctx.payload, login, tenantA, 'client-member')
        await ctx.payload.update({ collection: Slugs.users, id: user.id, data: { active: false } })
        const res = await signIn(login.email, login.password, '198.51.100.13')
        expect(res.status).toBeGreaterThanOrEqual(400)
        const [entry] = await entriesFor(ctx.payload, login.email)
        expect(entry).toMatchObject({ outcome: 'failure', reason: 'Account deactivated' })
      })

      it("records the portal's tenant, and a sign-in to a portal one is not a member of as a failure", async () => {
        await portalSignIn(server, origin, 'log-a', MEMBER)
        const [signedIn] = await entriesFor(ctx.payload, MEMBER.email)
        expect(signedIn).toMatchObject({ outcome: 'success', tenant: tenantA })
        const browser = request.agent(server)
        const page = await browser.get('/t/log-b/sign-in')
        const refused = await browser
          .post('/t/log-b/sign-in')
          .set('Origin', origin)
          .type('form')
          .send({ ...MEMBER, csrf: csrfOf(page.text) })
        expect(refused.status).not.toBe(303)
        const [entry] = await entriesFor(ctx.payload, MEMBER.email)
        expect(entry).toMatchObject({
          outcome: 'failure',
          tenant: tenantB,
          reason: 'Not a member of this client account',
        })
      })

      it('records a throttled attempt', async () => {
        const client = '198.51.100.20'
        // The free failures, then three at once: the backoff lets one through and slows the others,
        // however slow the machine (one by one, a try can come after the last wait has passed).
        for (let i = 0; i < 5; i++) await signIn(OTHER.email, 'wrong-password-guess', client)
        await Promise.all([1, 2, 3].map(() => signIn(OTHER.email, 'wrong-password-guess', client)))
        const entries = await entriesFor(ctx.payload, OTHER.email)
        expect(entries.some((entry) => /slowed down/.test(String(entry.reason)))).toBe(true)
      })

      it('keeps oversize user agents short', async () => {
        await request(server)
          .post('/api/users/login')
          .set('X-Forwarded-For', '198.51.100.30')
          .set('User-Agent', 'x'.repeat(5000))
          .send({ email: 'long-agent@example.com', password: 'whatever-password' })
        const [entry] = await entriesFor(ctx.payload, 'long-agent@example.com')
        expect(entry!.userAgent).toHaveLength(500)
      })
    })
  },
  { env: { TRUST_PROXY: 'loopback', RATE_LIMIT_SIGN_IN: '1000/10m' } },
)
