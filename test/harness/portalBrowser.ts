/**
 * A person using a tenant's portal in tests: a supertest agent that keeps the session cookie,
 * signed in through the portal's own sign-in form (its form token included), and the form token
 * of any page it fetched.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'

/** The form token (hidden input `csrf`) of a portal page's HTML. */
export const csrfOf = (html: string): string => /name="csrf" value="([^"]*)"/.exec(html)?.[1] ?? ''

/** The origin a browser on `server` sends with its form posts. */
export const originOf = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`

/** An agent signed in to `/t/<slug>` as `email`; throws when the sign-in is refused. */
export async function portalAgent(server: Server, slug: string, email: string, password: string) {
  const browser = request.agent(server)
  const page = await browser.get(`/t/${slug}/sign-in`)
  const res = await browser
    .post(`/t/${slug}/sign-in`)
    .set('Origin', originOf(server))
    .type('form')
    .send({ email, password, csrf: csrfOf(page.text) })
  if (res.status !== 303) throw new Error(`portal sign-in as ${email} failed: ${res.status}`)
  return browser
}

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
