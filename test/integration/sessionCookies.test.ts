/**
 * Every cookie Atrium sets — Payload's session cookie (API sign-in, refresh, reset, sign-out), the
 * portal's session cookie and its sign-in form's pre-session cookie (CSRF), set and cleared — is
 * HttpOnly and SameSite=Lax, and Secure whenever PUBLIC_URL is https (never over plain http, where
 * a browser would drop it).
 */
import type { Express } from 'express'
import type { Server } from 'node:http'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { csrfOf } from '../harness/portal'
import { tokenCookieOf } from '../harness/sessions'
import { createTenant, createVendorAdmin } from '../harness/users'

const ADMIN = { email: 'cookie-admin@cookies.test', password: 'correct-horse-battery' }

/** A Set-Cookie line's name and attributes (names lower-cased, values as sent). */
function parseSetCookie(line: string): { name: string; attributes: Map<string, string> } {
  const [pair, ...parts] = line.split(';')
  const attributes = new Map<string, string>()
  for (const part of parts) {
    const [key, ...value] = part.trim().split('=')
    attributes.set(key!.toLowerCase(), value.join('='))
  }
  return { name: pair!.split('=')[0]!.trim(), attributes }
}

const setCookies = (res: request.Response): string[] => {
  const header = res.headers['set-cookie'] as string[] | string | undefined
  return Array.isArray(header) ? header : header ? [header] : []
}

for (const publicUrl of ['https://atrium.test', undefined]) {
  const https = publicUrl !== undefined
  describeEachDatabase(
    `cookies ${https ? 'over https (PUBLIC_URL https)' : 'over plain http (no PUBLIC_URL)'}`,
    (ctx) => {
      let app: Express
      let server: Server
      const seen: string[] = []
      const origin = () => publicUrl ?? `http://127.0.0.1:${(server.address() as { port: number }).port}`
      const keep = (res: request.Response) => {
        seen.push(...setCookies(res))
        return res
      }

      beforeAll(async () => {
        await createTenant(ctx.payload, 'ck')
        await createVendorAdmin(ctx.payload, ADMIN)
        app = await testApp(ctx)
        server = app.listen(0)
      })
      afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

      it('sets cookies on every way in and out (API and portal), and each is HttpOnly, SameSite=Lax and Secure as it must', async () => {
        // The API: sign in, refresh, sign out; a password reset signs in too.
        const signedIn = keep(await request(server).post('/api/users/login').send(ADMIN))
        const token = signedIn.body.token as string
        keep(await request(server).post('/api/users/refresh-token').set('Authorization', `JWT ${token}`))
        keep(await request(server).post('/api/users/logout').set('Authorization', `JWT ${token}`))
        const reset = await ctx.payload.forgotPassword({
          collection: Slugs.users,
          data: { email: ADMIN.email },
          disableEmail: true,
        })
        keep(await request(server).post('/api/users/reset-password').send({ token: reset, password: ADMIN.password }))

        // The portal: the sign-in form's pre-session cookie, the session cookie, sign-out clearing it.
        // By hand, not with an agent: a cookie jar keeps Secure cookies from a plain-http test server.
        const page = keep(await request(server).get('/t/ck/sign-in'))
        const pre = setCookies(page)
          .map((line) => line.split(';')[0]!)
          .find((pair) => pair.startsWith('atrium-portal-pre='))
        const portalIn = keep(
          await request(server)
            .post('/t/ck/sign-in')
            .set('Cookie', pre ?? '')
            .set('Origin', origin())
            .type('form')
            .send({ ...ADMIN, csrf: csrfOf(page.text) }),
        )
        expect(portalIn.status).toBe(303)
        const session = tokenCookieOf(portalIn.headers['set-cookie'])
        // As a browser navigates (Payload takes the cookie of a request without Origin only then).
        const profile = await request(server)
          .get('/t/ck/profile')
          .set('Cookie', `payload-token=${session}`)
          .set('Sec-Fetch-Site', 'same-origin')
        expect(profile.status).toBe(200)
        const portalOut = keep(
          await request(server)
            .post('/t/ck/sign-out')
            .set('Cookie', `payload-token=${session}`)
            .set('Origin', origin())
            .type('form')
            .send({ csrf: csrfOf(profile.text) }),
        )
        expect(portalOut.status).toBe(303)

        const names = new Set(seen.map((line) => parseSetCookie(line).name))
        expect([...names].sort()).toEqual(['atrium-portal-pre', 'payload-token'])
        for (const line of seen) {
          const { attributes } = parseSetCookie(line)
          expect({ line, httpOnly: attributes.has('httponly') }).toEqual({ line, httpOnly: true })
          expect({ line, sameSite: attributes.get('samesite')?.toLowerCase() }).toEqual({ line, sameSite: 'lax' })
          expect({ line, secure: attributes.has('secure') }).toEqual({ line, secure: https })
        }
        // Set, refreshed and cleared: every one of the eight responses above set at least one.
        expect(seen.length).toBeGreaterThanOrEqual(8)
      })
    },
    { env: publicUrl ? { PUBLIC_URL: publicUrl } : {} },
  )
}
