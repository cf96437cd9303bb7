/**
 * Signing in to a tenant's portal as a browser does: the sign-in page for its form token, then the
 * form posted from the portal's origin, the session kept in a supertest agent.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
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

/** The origin a browser on `server` sends with its form posts. */
export const originOf = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`

/** Fetches `path` as `browser`, then posts `form` to `action` with that page's form token. */
export async function postForm(
  browser: request.Agent,
  server: Server,
  path: string,
  action: string,
  form: Record<string, string | string[]>,
) {
  const page = await browser.get(path)
  // As a browser sends it: a list is the same name repeated (superagent would write roles[0]=…).
  const body = new URLSearchParams({ csrf: csrfOf(page.text) })
  for (const [name, value] of Object.entries(form))
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item)
  return browser.post(action).set('Origin', originOf(server)).type('form').send(body.toString())
}
