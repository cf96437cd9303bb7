/**
 * Sessions for tests: signing in to a portal and keeping the session's token (the same JWT serves
 * the portal as a cookie and REST and GraphQL as an Authorization header), reading a user's session
 * rows, and ageing a session (moving its sign-in and last activity into the past) instead of
 * waiting for the clock.
 */
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { forgetUser } from '../../src/access/userCache'
import { csrfOf, originOf } from './portal'

/** A portal session: its JWT, and the Cookie header a browser sends with it. */
export interface SignedIn {
  token: string
  cookie: string
}

/** The value of the session cookie a response sets. */
export function tokenCookieOf(setCookie: string[] | string | undefined): string | undefined {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  for (const cookie of cookies) {
    const match = /^payload-token=([^;]+)/.exec(cookie)
    if (match) return match[1]
  }
  return undefined
}

/** Signs `email` in to portal `slug` with its form, as a browser does; returns the session. */
export async function portalSession(
  server: Server,
  slug: string,
  login: { email: string; password: string },
): Promise<SignedIn> {
  const browser = request.agent(server)
  const page = await browser.get(`/t/${slug}/sign-in`)
  const res = await browser
    .post(`/t/${slug}/sign-in`)
    .set('Origin', originOf(server))
    .type('form')
    .send({ ...login, csrf: csrfOf(page.text) })
  const token = tokenCookieOf(res.headers['set-cookie'])
  if (res.status !== 303 || !token) throw new Error(`portal sign-in as ${login.email} answered ${res.status}`)
  return { token, cookie: `payload-token=${token}` }
}

/** A stored session row. */
export interface SessionRow {
  id: string
  createdAt?: string | null
  expiresAt?: string | null
  lastActiveAt?: string | null
}

/** The session rows of user `id`, as stored. */
export async function sessionRows(payload: Payload, id: number | string): Promise<SessionRow[]> {
  const user = await payload.db.findOne<{ id: number | string; sessions?: SessionRow[] }>({
    collection: Slugs.users,
    where: { id: { equals: id } },
  })
  return user?.sessions ?? []
}

/** The session id a JWT names. */
export const sidOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sid: string }).sid

/**
 * Moves session `sid` of user `id` into the past: signed in `signedInMinutesAgo`, last used
 * `activeMinutesAgo` (by default, when it was signed in). The cache forgets the user.
 */
export async function ageSession(
  payload: Payload,
  id: number | string,
  sid: string,
  signedInMinutesAgo: number,
  activeMinutesAgo = signedInMinutesAgo,
): Promise<void> {
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()
  const user = await payload.db.findOne<{ id: number | string; sessions?: SessionRow[] }>({
    collection: Slugs.users,
    where: { id: { equals: id } },
  })
  const sessions = (user?.sessions ?? []).map((session) =>
    session.id === sid
      ? { ...session, createdAt: ago(signedInMinutesAgo), lastActiveAt: ago(activeMinutesAgo) }
      : session,
  )
  // The whole user, as Payload writes it: the SQL adapters rewrite every array an update names.
  await payload.db.updateOne({ collection: Slugs.users, id, data: { ...user, sessions }, returning: false })
  forgetUser(payload, Slugs.users, id)
}
