/**
 * Signing in to a tenant's portal as a browser does: the sign-in page for its form token, then the
 * form posted from the portal's origin, the session kept in a supertest agent.
 */
import type { Server } from 'node:http'
import request from 'supertest'

/** The form token of the first form on a portal page. */
export const csrfOf = (html: string): string => /name="csrf" value="([^"]*)"/.exec(html)?.[1] ?? ''

/** A browser signed in to portal `slug` as `email`, and where sign-in sent it (303 expected). */
export async function portalSignIn(
  server: Server,
  origin: string,
  slug: string,
  login: { email: string; password: string },
  next = '',
) {
  const browser = request.agent(server)
  const page = await browser.get(`/t/${slug}/sign-in`)
  const res = await browser
    .post(`/t/${slug}/sign-in`)
    .set('Origin', origin)
    .type('form')
    .send({ ...login, csrf: csrfOf(page.text), next })
  if (res.status !== 303) throw new Error(`sign-in as ${login.email} answered ${res.status}`)
  return Object.assign(browser, { location: res.headers.location as string })
}
