/**
 * Sessions that really end (issue 15, item 6): a token replayed after its session ended answers
 * 401 on REST and GraphQL and counts as signed out on the portal, the row is gone from the database
 * (so every process refuses it), and the end is recorded with its reason. The clock is moved by
 * ageing session rows against the staff's settings, never by waiting.
 */
import type { Express } from 'express'
import type { Server } from 'node:http'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { markSessionActive } from '../../src/auth/sessionRows'
import { BuiltInRoles } from '../../seed/roles'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { csrfOf, originOf } from '../harness/portal'
import { ageSession, portalSession, sessionRows, sidOf, type SignedIn } from '../harness/sessions'
import { statementsDuring } from '../harness/sqlStatements'
import { builtInRoles, createTenant, createVendorAdmin } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
const NEW_PASSWORD = 'another-horse-battery'
const ADMIN = { email: 'sessions-admin@sessions.test', password: PASSWORD }
const SETTINGS = '/api/globals/security-settings'
/** When a JWT says it expires, in ms. */
const expiryOf = (token: string) =>
  1000 * (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number }).exp

describeEachDatabase('sessions that really end', (ctx) => {
  let app: Express
  let server: Server
  let adminToken: string
  const tenants: Record<string, number> = {}
  let people = 0

  /** A client user who is a member of the tenants of these slugs. */
  const newClient = async (...slugs: string[]) => {
    const roles = await builtInRoles(ctx.payload)
    const email = `client-${++people}@sessions.test`
    const user = await ctx.payload.create({
      collection: Slugs.users,
      data: {
        email,
        password: PASSWORD,
        name: email,
        kind: 'client',
        memberships: slugs.map((slug) => ({ tenant: tenants[slug]!, roles: [roles[BuiltInRoles.clientMember]] })),
      },
    })
    return { id: user.id, email }
  }
  const signIn = (person: { email: string }, slug = 'sa', password = PASSWORD) =>
    portalSession(server, slug, { email: person.email, password })
  const rest = (s: SignedIn) => request(server).get('/api/tenants?limit=1').set('Authorization', `JWT ${s.token}`)
  const graphql = (s: SignedIn) =>
    request(server)
      .post('/api/graphql')
      .set('Authorization', `JWT ${s.token}`)
      .send({ query: '{ Tenants(limit: 1) { docs { id } } }' })
  const portalPage = (s: SignedIn, slug = 'sa') => request(server).get(`/t/${slug}/profile`).set('Cookie', s.cookie)
  const asAdmin = (method: 'post' | 'patch' | 'get', path: string, body?: object) =>
    request(server)[method](path).set('Authorization', `JWT ${adminToken}`).send(body)
  const settings = (values: Record<string, number>) => asAdmin('post', SETTINGS, values)
  /** The sign-in log's entries about `user`, oldest first, as { kind, reason, tenant }. */
  const logged = async (user: number) =>
    (
      await ctx.payload.find({
        collection: Slugs.signInEvents,
        where: { user: { equals: user } },
        sort: 'createdAt',
        depth: 0,
        pagination: false,
      })
    ).docs.map((entry) => ({ kind: entry.kind, reason: entry.reason, tenant: entry.tenant ?? null }))

  const expectSignedIn = async (s: SignedIn, slug = 'sa') => {
    expect((await rest(s)).status).toBe(200)
    const gql = await graphql(s)
    expect(gql.status).toBe(200)
    expect(gql.body.errors).toBeUndefined()
    expect((await portalPage(s, slug)).status).toBe(200)
  }
  const expectEnded = async (s: SignedIn, slug = 'sa') => {
    const res = await rest(s)
    expect(res.status).toBe(401)
    expect(res.body.error.id).toBe('session_ended')
    const gql = await graphql(s)
    expect(gql.status).toBe(401)
    expect(gql.body.error.id).toBe('session_ended')
    const page = await portalPage(s, slug)
    expect(page.status).toBe(303)
    expect(page.headers.location).toMatch(new RegExp(`^/t/${slug}/sign-in\\?next=`))
  }

  beforeAll(async () => {
    for (const slug of ['sa', 'sb', 'sc', 'sd']) tenants[slug] = (await createTenant(ctx.payload, slug)).id
    await createVendorAdmin(ctx.payload, ADMIN)
    app = await testApp(ctx)
    server = app.listen(0)
    adminToken = await login(app, ADMIN.email, ADMIN.password)
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  describe('a token replayed after its session ended', () => {
    it('is refused after a sign-out over the API, and the session row is gone', async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      await expectSignedIn(s)
      const out = await request(server).post('/api/users/logout').set('Authorization', `JWT ${s.token}`)
      expect(out.status).toBe(200)
      await expectEnded(s)
      expect((await sessionRows(ctx.payload, person.id)).map((row) => row.id)).not.toContain(sidOf(s.token))
      expect(await logged(person.id)).toContainEqual({ kind: 'sign-out', reason: 'Signed out', tenant: null })
    })

    it("is refused after the portal's sign-out, recorded with the portal's tenant", async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      const page = await portalPage(s)
      const out = await request(server)
        .post('/t/sa/sign-out')
        .set('Cookie', s.cookie)
        .set('Origin', originOf(server))
        .type('form')
        .send({ csrf: csrfOf(page.text) })
      expect(out.status).toBe(303)
      await expectEnded(s)
      expect(await logged(person.id)).toContainEqual({ kind: 'sign-out', reason: 'Signed out', tenant: tenants.sa })
    })

    it('is refused after staff deactivate the user: every session of theirs ends', async () => {
      const person = await newClient('sa')
      const [s1, s2] = [await signIn(person), await signIn(person)]
      expect((await asAdmin('patch', `/api/users/${person.id}`, { active: false })).status).toBe(200)
      await expectEnded(s1)
      await expectEnded(s2)
      expect(await sessionRows(ctx.payload, person.id)).toEqual([])
      expect(await logged(person.id)).toContainEqual({
        kind: 'session-ended',
        reason: 'Account deactivated (2 sessions)',
        tenant: null,
      })
    })

    it('is refused after the user changes their password, except for the session that changed it', async () => {
      const person = await newClient('sa')
      const [own, other] = [await signIn(person), await signIn(person)]
      const change = await request(server)
        .patch(`/api/users/${person.id}`)
        .set('Authorization', `JWT ${own.token}`)
        .send({ password: NEW_PASSWORD, currentPassword: PASSWORD })
      expect(change.status).toBe(200)
      await expectEnded(other)
      await expectSignedIn(own)
      expect(await logged(person.id)).toEqual(
        expect.arrayContaining([
          { kind: 'password-changed', reason: 'Changed by themselves', tenant: null },
          // One session ended: the other one; the one that changed the password goes on.
          { kind: 'session-ended', reason: 'Password changed', tenant: null },
        ]),
      )
    })

    it('is refused after staff set a new password: every session ends', async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      expect((await asAdmin('patch', `/api/users/${person.id}`, { password: NEW_PASSWORD })).status).toBe(200)
      await expectEnded(s)
      expect(await sessionRows(ctx.payload, person.id)).toEqual([])
    })

    it('is refused after a password reset by email: every older session ends', async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      const token = await ctx.payload.forgotPassword({
        collection: Slugs.users,
        data: { email: person.email },
        disableEmail: true,
      })
      const reset = await request(server).post('/api/users/reset-password').send({ token, password: NEW_PASSWORD })
      expect(reset.status).toBe(200)
      await expectEnded(s)
      expect((await sessionRows(ctx.payload, person.id)).map((row) => row.id)).toEqual([sidOf(reset.body.token)])
    })

    it("is refused after the user's tenant is suspended, for members of other tenants too", async () => {
      const only = await newClient('sc')
      const both = await newClient('sc', 'sd')
      const elsewhere = await newClient('sd')
      const [onlyS, bothS, elsewhereS] = [
        await signIn(only, 'sc'),
        await signIn(both, 'sd'),
        await signIn(elsewhere, 'sd'),
      ]
      const suspend = await asAdmin('patch', `/api/tenants/${tenants.sc}`, { status: 'suspended' })
      expect(suspend.status).toBe(200)
      expect((await rest(onlyS)).status).toBe(401)
      expect((await graphql(onlyS)).status).toBe(401)
      // The suspended tenant's portal signs nobody in (and soon answers 404); elsewhere the session is refused.
      expect([303, 404]).toContain((await portalPage(onlyS, 'sc')).status)
      await expectEnded(bothS, 'sd')
      await expectSignedIn(elsewhereS, 'sd')
      for (const person of [only, both]) {
        const ends = { kind: 'session-ended', reason: 'Client account suspended', tenant: tenants.sc }
        expect(await logged(person.id)).toContainEqual(ends)
      }
      // The member of another tenant signs in again and carries on there.
      await expectSignedIn(await signIn(both, 'sd'), 'sd')
    })
  })

  describe('idle timeout and lifetime, as staff set them', () => {
    afterEach(async () => {
      await settings({
        clientIdleMinutes: 480,
        clientLifetimeHours: 168,
        staffIdleMinutes: 60,
        staffLifetimeHours: 12,
      })
    })

    it('signs tokens to expire with the lifetime, not later', async () => {
      const s = await signIn(await newClient('sa'))
      const left = expiryOf(s.token) - Date.now()
      expect(left).toBeGreaterThan(168 * 3600_000 - 60_000)
      expect(left).toBeLessThanOrEqual(168 * 3600_000)
    })

    it('ends a session unused for longer than the idle timeout', async () => {
      expect((await settings({ clientIdleMinutes: 5 })).status).toBe(200)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 6)
      await expectEnded(s)
      expect(await sessionRows(ctx.payload, person.id)).toEqual([])
      expect(await logged(person.id)).toContainEqual({
        kind: 'session-ended',
        reason: 'Idle timeout reached',
        tenant: null,
      })
    })

    it('keeps a session used within it, marking the use at most once a minute', async () => {
      expect((await settings({ clientIdleMinutes: 5 })).status).toBe(200)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 4)
      const statements = await statementsDuring(ctx.payload, async () => {
        for (let i = 0; i < 10; i++) expect((await rest(s)).status).toBe(200)
      })
      const marks = statements.filter((statement) => /^update\s+"?users_sessions"?/i.test(statement.sql.trim()))
      expect(marks).toHaveLength(1)
      const [row] = await sessionRows(ctx.payload, person.id)
      expect(Date.now() - Date.parse(row!.lastActiveAt!)).toBeLessThan(30_000)
      // What one mark costs: an UPDATE of one row by its primary key, outside any transaction.
      const started = performance.now()
      for (let i = 0; i < 20; i++) await markSessionActive(ctx.payload, person.id, row!.id, new Date())
      console.log(`session mark [${ctx.kind}]: ${((performance.now() - started) / 20).toFixed(2)} ms each`)
      // Four minutes idle plus five more would have ended it; the mark counts from now.
      await expectSignedIn(s)
    })

    it('ends a session older than the lifetime, however active', async () => {
      expect((await settings({ clientIdleMinutes: 30, clientLifetimeHours: 1 })).status).toBe(200)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 61, 0)
      await expectEnded(s)
      expect(await logged(person.id)).toContainEqual({
        kind: 'session-ended',
        reason: 'Session lifetime reached',
        tenant: null,
      })
    })

    it('does not let a refreshed token outlive the lifetime', async () => {
      expect((await settings({ clientIdleMinutes: 30, clientLifetimeHours: 1 })).status).toBe(200)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 50, 0)
      const refresh = await request(server).post('/api/users/refresh-token').set('Authorization', `JWT ${s.token}`)
      expect(refresh.status).toBe(200)
      const refreshed = { token: refresh.body.refreshedToken as string, cookie: '' }
      refreshed.cookie = `payload-token=${refreshed.token}`
      expect(sidOf(refreshed.token)).toBe(sidOf(s.token))
      // Signed in 50 minutes ago with a lifetime of an hour: the new token says 10 minutes, not 30 days.
      const left = expiryOf(refreshed.token) - Date.now()
      expect(left).toBeGreaterThan(8 * 60_000)
      expect(left).toBeLessThan(11 * 60_000)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 61, 0)
      await expectEnded(refreshed)
      const again = await request(server).post('/api/users/refresh-token').set('Authorization', `JWT ${s.token}`)
      expect(again.status).toBe(401)
    })

    it("applies staff's values to staff and clients' to clients", async () => {
      expect((await settings({ staffIdleMinutes: 5 })).status).toBe(200)
      const staff = await createVendorAdmin(ctx.payload, { email: 'idle-staff@sessions.test', password: PASSWORD })
      const staffToken = await login(app, staff.email, PASSWORD)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, staff.id, sidOf(staffToken), 6)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 6)
      const staffRead = await request(server).get('/api/tenants?limit=1').set('Authorization', `JWT ${staffToken}`)
      expect(staffRead.status).toBe(401)
      await expectSignedIn(s)
    })
  })

  describe('sign out everywhere', () => {
    it('refuses the form without its token (403) and ends nothing', async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      const res = await request(server)
        .post('/t/sa/sign-out-everywhere')
        .set('Cookie', s.cookie)
        .set('Origin', originOf(server))
        .type('form')
        .send({})
      expect(res.status).toBe(403)
      await expectSignedIn(s)
    })

    it('ends every session of the person from the profile page, this one included', async () => {
      const person = await newClient('sa')
      const [here, there] = [await signIn(person), await signIn(person)]
      const api = { token: await login(app, person.email, PASSWORD), cookie: '' }
      const profile = await portalPage(here)
      expect(profile.text).toContain('Sign out everywhere')
      const res = await request(server)
        .post('/t/sa/sign-out-everywhere')
        .set('Cookie', here.cookie)
        .set('Origin', originOf(server))
        .type('form')
        .send({ csrf: csrfOf(profile.text) })
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe('/t/sa/sign-in')
      for (const s of [here, there]) await expectEnded(s)
      expect((await rest(api)).status).toBe(401)
      expect(await sessionRows(ctx.payload, person.id)).toEqual([])
      expect(await logged(person.id)).toContainEqual({
        kind: 'sign-out',
        reason: 'Signed out everywhere (3 sessions)',
        tenant: tenants.sa,
      })
    })

    it('ends every session over the API with logout?allSessions=true', async () => {
      const person = await newClient('sa')
      const [one, two] = [await signIn(person), await signIn(person)]
      const out = await request(server)
        .post('/api/users/logout?allSessions=true')
        .set('Authorization', `JWT ${one.token}`)
      expect(out.status).toBe(200)
      await expectEnded(one)
      await expectEnded(two)
    })
  })

  it('answers requests racing a sign-out with 200 or 401, never an error, and 401 after it', async () => {
    const s = await signIn(await newClient('sa'))
    const racing = Array.from({ length: 12 }, () => rest(s))
    const out = request(server).post('/api/users/logout').set('Authorization', `JWT ${s.token}`)
    const [logout, ...reads] = await Promise.all([out, ...racing])
    expect(logout!.status).toBe(200)
    expect(reads.map((res) => res.status).filter((status) => status !== 200 && status !== 401)).toEqual([])
    for (let i = 0; i < 3; i++) expect((await rest(s)).status).toBe(401)
  })

  describe('security settings', () => {
    it('are neither readable nor writable by anonymous callers or clients, and nothing changes', async () => {
      const s = await signIn(await newClient('sa'))
      expect((await request(server).get(SETTINGS)).status).toBe(403)
      expect((await request(server).post(SETTINGS).send({ clientIdleMinutes: 600 })).status).toBe(403)
      const read = await request(server).get(SETTINGS).set('Authorization', `JWT ${s.token}`)
      expect(read.status).toBe(403)
      const write = await request(server)
        .post(SETTINGS)
        .set('Authorization', `JWT ${s.token}`)
        .send({ clientIdleMinutes: 600 })
      expect(write.status).toBe(403)
      expect((await asAdmin('get', SETTINGS)).body.clientIdleMinutes).toBe(480)
    })

    it.each([
      ['a negative idle timeout', { clientIdleMinutes: -5 }, 'Client idle timeout (minutes) must be a whole number'],
      ['zero', { staffLifetimeHours: 0 }, 'Staff session lifetime (hours) must be a whole number from 1'],
      ['a fraction', { clientLifetimeHours: 1.5 }, 'must be a whole number'],
      ['text', { clientIdleMinutes: 'soon' }, 'must be a whole number'],
      ['more than 30 days', { clientLifetimeHours: 100_000 }, 'from 1 to 720'],
      ['an idle timeout longer than the lifetime', { staffIdleMinutes: 600, staffLifetimeHours: 2 }, 'longer than'],
    ])('refuse %s with a clear 400, changing nothing', async (_what, values, message) => {
      const res = await settings(values as Record<string, number>)
      expect(res.status).toBe(400)
      expect(res.body.error.id).toBe('invalid_security_settings')
      expect(res.body.error.message).toContain(message)
      const stored = (await asAdmin('get', SETTINGS)).body
      expect(stored).toMatchObject({ clientIdleMinutes: 480, clientLifetimeHours: 168, staffIdleMinutes: 60 })
    })
  })
})
