/**
 * A suite of session tests: tenants (sa…sd), a vendor administrator, Atrium on a port, client users
 * made on demand, and the three doors a session opens (REST, GraphQL, a portal page), with what a
 * signed-in and an ended session answer at each. Call useSessionSuite(ctx) inside describeEachDatabase.
 */
import type { Express } from 'express'
import type { Server } from 'node:http'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import type { SuiteContext } from './describeEachDatabase'
import { login, testApp } from './http'
import { portalSession, type SignedIn } from './sessions'
import { builtInRoles, createTenant, createVendorAdmin } from './users'

/** The password of every person of the suite. */
export const PASSWORD = 'correct-horse-battery'
const ADMIN = { email: 'sessions-admin@sessions.test', password: PASSWORD }
/** The security settings' REST route. */
export const SETTINGS = '/api/globals/security-settings'
/** The suite's tenants' slugs. */
const TENANTS = ['sa', 'sb', 'sc', 'sd'] as const

/** When a JWT says it expires, in ms. */
export const expiryOf = (token: string) =>
  1000 * (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number }).exp

/** Sets the suite up before its tests and returns its helpers (see the module comment). */
export function useSessionSuite(ctx: SuiteContext) {
  const suite = {
    app: undefined as unknown as Express,
    server: undefined as unknown as Server,
    adminToken: '',
    tenants: {} as Record<(typeof TENANTS)[number], number>,
  }
  let people = 0

  /** A client user who is a member of the tenants of these slugs. */
  const newClient = async (...slugs: (typeof TENANTS)[number][]) => {
    const roles = await builtInRoles(ctx.payload)
    const email = `client-${++people}@sessions.test`
    const user = await ctx.payload.create({
      collection: Slugs.users,
      data: {
        email,
        password: PASSWORD,
        name: email,
        kind: 'client',
        memberships: slugs.map((slug) => ({ tenant: suite.tenants[slug], roles: [roles[BuiltInRoles.clientMember]] })),
      },
    })
    return { id: user.id, email }
  }
  const signIn = (person: { email: string }, slug = 'sa', password = PASSWORD) =>
    portalSession(suite.server, slug, { email: person.email, password })
  const rest = (s: SignedIn) => request(suite.server).get('/api/tenants?limit=1').set('Authorization', `JWT ${s.token}`)
  const graphql = (s: SignedIn) =>
    request(suite.server)
      .post('/api/graphql')
      .set('Authorization', `JWT ${s.token}`)
      .send({ query: '{ Tenants(limit: 1) { docs { id } } }' })
  const portalPage = (s: SignedIn, slug = 'sa') =>
    request(suite.server).get(`/t/${slug}/profile`).set('Cookie', s.cookie)
  const asAdmin = (method: 'post' | 'patch' | 'get', path: string, body?: object) =>
    request(suite.server)[method](path).set('Authorization', `JWT ${suite.adminToken}`).send(body)
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

  /** The session answers at every door: REST, GraphQL, a portal page. */
  const expectSignedIn = async (s: SignedIn, slug = 'sa') => {
    expect((await rest(s)).status).toBe(200)
    const gql = await graphql(s)
    expect(gql.status).toBe(200)
    expect(gql.body.errors).toBeUndefined()
    expect((await portalPage(s, slug)).status).toBe(200)
  }
  /** The session has ended: 401 session_ended on REST and GraphQL, the portal's sign-in page. */
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
    for (const slug of TENANTS) suite.tenants[slug] = (await createTenant(ctx.payload, slug)).id
    await createVendorAdmin(ctx.payload, ADMIN)
    suite.app = await testApp(ctx)
    suite.server = suite.app.listen(0)
    suite.adminToken = await login(suite.app, ADMIN.email, ADMIN.password)
  })
  afterAll(() => new Promise<void>((resolve) => suite.server.close(() => resolve())))

  return Object.assign(suite, {
    newClient,
    signIn,
    rest,
    graphql,
    portalPage,
    asAdmin,
    settings,
    logged,
    expectSignedIn,
    expectEnded,
  })
}
