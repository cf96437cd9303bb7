/**
 * Redirect targets taken from a request are followed only when they are same-origin paths: the
 * portal's `next` after sign-in (and when already signed in), and the admin's `redirect`, which
 * Atrium strips from the admin's URL before Payload's admin sees it.
 */
import type { Express } from 'express'
import type { Server } from 'node:http'
import request from 'supertest'
import { createApp } from '../../src/http/createApp'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { csrfOf, originOf } from '../harness/portal'
import { portalSession } from '../harness/sessions'
import { createTenant, createVendorAdmin } from '../harness/users'

const ADMIN = { email: 'redirect-admin@redirects.test', password: 'correct-horse-battery' }

const ATTACKS = [
  'https://evil.test/',
  '//evil.test/',
  '/\\evil.test',
  '/.//evil.test',
  '/%2F%2Fevil.test',
  '%2F%2Fevil.test',
  'javascript:alert(1)',
  '/t/or/%0d%0aSet-Cookie:%20x=1',
  '/admin%0d%0aLocation:%20https://evil.test',
]

/** Whether a Location header leads off the origin a browser at `base` resolves it against. */
const offSite = (location: string, base: string) => new URL(location, base).origin !== new URL(base).origin

describeEachDatabase('open redirects', (ctx) => {
  let app: Express
  let server: Server

  beforeAll(async () => {
    await createTenant(ctx.payload, 'or')
    await createVendorAdmin(ctx.payload, ADMIN)
    // The admin UI is Next's; a stand-in answers for it, behind the same middleware as in production.
    app = await createApp({
      payload: ctx.payload,
      settings: ctx.settings,
      nextHandler: (req, res) => {
        res.status(200).send(`admin page ${req.originalUrl}`)
      },
    })
    server = app.listen(0)
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  describe("the admin's redirect parameter", () => {
    it.each(ATTACKS)('is stripped when it is %s', async (target) => {
      const res = await request(server).get(`/admin/login?redirect=${encodeURIComponent(target)}&x=1`)
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe('/admin/login?x=1')
      expect(offSite(res.headers.location as string, originOf(server))).toBe(false)
    })

    it('is stripped when any of several values is unsafe, and reaches the admin when same-origin', async () => {
      const both = await request(server).get('/admin/login?redirect=%2Fadmin&redirect=%2F%2Fevil.test')
      expect(both.headers.location).toBe('/admin/login')
      const safe = await request(server).get('/admin/login?redirect=%2Fadmin%2Fcollections%2Fusers')
      expect(safe.status).toBe(200)
      expect(safe.text).toContain('redirect=%2Fadmin%2Fcollections%2Fusers')
    })
  })

  describe("the portal's next parameter", () => {
    it.each(ATTACKS)('sends a browser signing in with next=%s to the portal home', async (target) => {
      const page = await request(server).get('/t/or/sign-in')
      const pre = String(page.headers['set-cookie']).split(';')[0]!
      const res = await request(server)
        .post('/t/or/sign-in')
        .set('Cookie', pre)
        .set('Origin', originOf(server))
        .type('form')
        .send({ ...ADMIN, csrf: csrfOf(page.text), next: target })
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe('/t/or/')
    })

    it.each(ATTACKS)('sends a signed-in browser opening sign-in?next=%s to the portal home', async (target) => {
      const { cookie } = await portalSession(server, 'or', ADMIN)
      const res = await request(server)
        .get(`/t/or/sign-in?next=${encodeURIComponent(target)}`)
        .set('Cookie', cookie)
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe('/t/or/')
    })
  })
})
