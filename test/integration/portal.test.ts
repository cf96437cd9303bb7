/**
 * The portal's foundation over HTTP: tenants by path and by custom domain, Payload's session on a
 * branded sign-in page, deep links that survive sign-in, sign-out, form tokens, and the page
 * policy (CSP, escaping, no compiles on the request path).
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import { templateCompileCount } from '../../src/templates/compileCache'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { csrfOf } from '../harness/portal'
import { testApp } from '../harness/http'
import { createApp } from '../../src/http/createApp'
import { createRateLimiters } from '../../src/http/rateLimits'
import { createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
const MEMBER = { email: 'member@portal-a.test', password: PASSWORD }
const OUTSIDER = { email: 'member@portal-b.test', password: PASSWORD }
const STAFF = { email: 'staff@portal.test', password: PASSWORD }
const DOMAIN = 'portal.client-a.test'
const REFUSED = 'The email or password is not right, or this account cannot use this portal.'

describeEachDatabase('portal foundation', (ctx) => {
  let server: Server
  let origin: string
  const agent = () => request.agent(server)

  /** Signs in through the portal's form and returns the agent holding the session, and the response. */
  async function signIn(credentials: { email: string; password: string }, next?: string, slug = 'portal-a') {
    const browser = agent()
    const page = await browser.get(`/t/${slug}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`)
    const res = await browser
      .post(`/t/${slug}/sign-in`)
      .set('Origin', origin)
      .type('form')
      .send({ ...credentials, csrf: csrfOf(page.text), next: next ?? '' })
    return { browser, res }
  }

  beforeAll(async () => {
    const a = await createTenant(ctx.payload, 'portal-a')
    await ctx.payload.update({
      collection: Slugs.tenants,
      id: a.id,
      data: { name: 'Client <A>', domains: [{ domain: DOMAIN }], branding: { primaryColor: '#123456' } },
    })
    const b = await createTenant(ctx.payload, 'portal-b')
    await createTenant(ctx.payload, 'portal-off', undefined, 'suspended')
    await createClientUser(ctx.payload, MEMBER, a.id, BuiltInRoles.clientApprover)
    await createClientUser(ctx.payload, OUTSIDER, b.id, BuiltInRoles.clientApprover)
    await createVendorAdmin(ctx.payload, STAFF)
    server = (await testApp(ctx)).listen(0)
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('answers an unknown or suspended tenant slug with a 404 page', async () => {
    for (const path of ['/t/nobody/', '/t/nobody/sign-in', '/t/portal-off/sign-in', '/t/Bad_Slug/', '/t']) {
      const res = await agent().get(path)
      expect({ path, status: res.status }).toEqual({ path, status: 404 })
      expect(res.text).toContain('Page not found')
    }
  })

  it('serves a tenant on its custom domain and leaves every other host alone', async () => {
    const mine = await agent().get('/sign-in').set('Host', DOMAIN)
    expect(mine.status).toBe(200)
    expect(mine.text).toContain('Client &lt;A&gt;')
    const other = await agent().get('/sign-in').set('Host', 'unknown.example.test')
    expect(other.status).toBe(404)
    expect(other.body.error.id).toBe('route_not_found')
  })

  it('sends the portal CSP, without unsafe-inline, and escapes tenant data', async () => {
    const res = await agent().get('/t/portal-a/sign-in')
    const csp = res.headers['content-security-policy'] as string
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).toContain("base-uri 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    // Browsers then name the origin on the page's own form POSTs (no-referrer makes it "null").
    expect(res.headers['referrer-policy']).toBe('same-origin')
    // The portal's policy replaces the page default instead of adding a second one.
    expect(csp.match(/default-src/g)).toHaveLength(1)
    expect(res.text).not.toContain('<A>')
    expect(res.text).not.toMatch(/<script|style=/)
    const brand = await agent().get('/t/portal-a/brand.css')
    expect(brand.headers['content-type']).toMatch(/^text\/css/)
    expect(brand.text).toContain('--brand-primary: #123456;')
  })

  it('sends an anonymous deep link to sign-in and back to the link after it', async () => {
    const link = '/t/portal-a/p/shipments?page=2'
    const res = await agent().get(link)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/t/portal-a/sign-in?next=${encodeURIComponent(link)}`)
    const { res: signedIn } = await signIn(MEMBER, link)
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers.location).toBe(link)
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('payload-token='))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
  })

  it('ignores a next that leaves the tenant portal', async () => {
    for (const next of ['https://evil.test/', '//evil.test/', '/t/portal-b/', '/t/portal-a/../portal-b/', '/admin']) {
      const { res } = await signIn(MEMBER, next)
      expect({ next, location: res.headers.location }).toEqual({ next, location: '/t/portal-a/' })
    }
  })

  it("refuses another tenant's user with the wrong-password message, setting no session", async () => {
    const { res: wrong } = await signIn({ ...MEMBER, password: 'not-the-password' })
    const { res: outsider } = await signIn(OUTSIDER)
    for (const res of [wrong, outsider]) {
      expect(res.status).toBe(401)
      expect(res.text).toContain(REFUSED)
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('payload-token=ey')
    }
    // Signed in to their own portal, the outsider still gets nothing of portal-a.
    const { browser } = await signIn(OUTSIDER, undefined, 'portal-b')
    expect((await browser.get('/t/portal-b/')).status).toBe(200)
    // A link of portal-a (a forwarded deep link): a clear page saying whose it is, nothing of it shown.
    for (const path of ['/t/portal-a/', '/t/portal-a/requests/1', '/t/portal-a/notifications']) {
      const there = await browser.get(path)
      expect([path, there.status, there.headers['x-atrium-error']]).toEqual([path, 404, 'not_a_member'])
      expect(there.text).toContain('This link is for another portal')
      expect(there.text).toContain(OUTSIDER.email)
      expect(there.text).toContain('href="/t/portal-b/"')
      expect(there.text).toContain(`href="/t/portal-a/sign-in?next&#x3D;${encodeURIComponent(path)}"`)
    }
  })

  it('lets staff sign in to any portal', async () => {
    const { browser, res } = await signIn(STAFF)
    expect(res.status).toBe(303)
    expect((await browser.get('/t/portal-a/')).status).toBe(200)
  })

  it('refuses a form without its token with 403 csrf_token_invalid, changing nothing', async () => {
    const { browser } = await signIn(MEMBER)
    for (const csrf of [undefined, '', 'forged-token']) {
      const res = await browser
        .post('/t/portal-a/sign-out')
        .set('Origin', origin)
        .type('form')
        .send(csrf === undefined ? {} : { csrf })
      expect(res.status).toBe(403)
      expect(res.headers['x-atrium-error']).toBe('csrf_token_invalid')
      expect(res.text).toContain('csrf_token_invalid')
    }
    // Still signed in.
    expect((await browser.get('/t/portal-a/')).status).toBe(200)
    // A sign-in form without the pre-session token is refused too.
    const blind = await agent().post('/t/portal-a/sign-in').type('form').send(MEMBER)
    expect(blind.status).toBe(403)
  })

  it('ends the session on sign-out, also for a copy of the old cookie', async () => {
    const { browser, res } = await signIn(MEMBER)
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('payload-token='))!
    const home = await browser.get('/t/portal-a/')
    const out = await browser
      .post('/t/portal-a/sign-out')
      .set('Origin', origin)
      .type('form')
      .send({ csrf: csrfOf(home.text) })
    expect(out.status).toBe(303)
    expect(out.headers.location).toBe('/t/portal-a/sign-in')
    expect((await browser.get('/t/portal-a/')).status).toBe(303)
    const replayed = await agent().get('/t/portal-a/').set('Cookie', cookie.split(';')[0]!)
    expect(replayed.status).toBe(303)
  })

  it('compiles no template across 200 page requests after warm-up', async () => {
    const { browser } = await signIn(MEMBER)
    await browser.get('/t/portal-a/')
    const before = templateCompileCount()
    for (let i = 0; i < 200; i += 1) {
      const res = await browser.get(i % 2 ? '/t/portal-a/' : '/t/portal-a/missing-page')
      expect(res.status).toBe(i % 2 ? 200 : 404)
    }
    expect(templateCompileCount() - before).toBe(0)
  })

  it('counts portal sign-ins against the sign-in budget, answering 429 on the sign-in page', async () => {
    const limiters = await createRateLimiters(
      { ...ctx.settings.rateLimits, signIn: { points: 2, durationSeconds: 600 }, store: { kind: 'memory' } },
      ctx.settings.database,
    )
    const throttled = (
      await createApp({ payload: ctx.payload, settings: ctx.settings, rateLimiters: limiters })
    ).listen(0)
    try {
      const browser = request.agent(throttled)
      const page = await browser.get('/t/portal-a/sign-in')
      const attempt = () =>
        browser
          .post('/t/portal-a/sign-in')
          .type('form')
          .send({ ...MEMBER, password: 'wrong-password', csrf: csrfOf(page.text) })
      expect((await attempt()).status).toBe(401)
      expect((await attempt()).status).toBe(401)
      const refused = await attempt()
      expect(refused.status).toBe(429)
      expect(refused.headers['retry-after']).toMatch(/^\d+$/)
      expect(refused.text).toContain('Too many sign-in attempts')
    } finally {
      await new Promise<void>((resolve) => throttled.close(() => resolve()))
      await limiters.close()
    }
  })

  it('slows an address guessing one account on the sign-in page, counted with the API’s sign-ins as one', async () => {
    const limiters = await createRateLimiters(
      { ...ctx.settings.rateLimits, signIn: { points: 1000, durationSeconds: 600 }, store: { kind: 'memory' } },
      ctx.settings.database,
    )
    const app = await createApp({ payload: ctx.payload, settings: ctx.settings, rateLimiters: limiters })
    const server = app.listen(0)
    try {
      const browser = request.agent(server)
      const page = await browser.get('/t/portal-a/sign-in')
      const attempt = (password: string) =>
        browser
          .post('/t/portal-a/sign-in')
          .type('form')
          .send({ ...MEMBER, password, csrf: csrfOf(page.text) })
      for (let i = 0; i < 3; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401)
      for (let i = 0; i < 2; i++) {
        const api = await request(server)
          .post('/api/users/login')
          .send({ email: MEMBER.email, password: `api-${i}` })
        expect(api.status).toBe(401)
      }
      // The sixth failure passes and starts a wait of 1 s, then 2 s …: guess on until the API refuses.
      let api = { status: 401 }
      for (let i = 0; i < 6 && api.status === 401; i++) {
        api = await request(server)
          .post('/api/users/login')
          .send({ email: MEMBER.email, password: `more-${i}` })
      }
      expect(api.status).toBe(429)
      const refused = await attempt(MEMBER.password)
      expect(refused.status).toBe(429)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
      expect(refused.text).toContain('Too many failed sign-ins for this account')
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await limiters.close()
    }
  })
})
