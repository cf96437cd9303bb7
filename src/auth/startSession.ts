/**
 * Opens a Payload session for someone who proved who they are without a password (a sign-in link,
 * an accepted invitation): the session Payload's own login opens, made the way its login makes it
 * (payload/dist/auth/operations/login.js: a session id added to the user's `sessions`, the fields
 * the collection signs, a JWT signed with the installation's secret), so everything that reads,
 * checks or ends a session (the JWT strategy, logout, the portal's form tokens) treats it alike.
 */
import { randomUUID } from 'node:crypto'
import { getFieldsToSign, jwtSign, type Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { Id } from '../access/ids'
import type { User } from '../payload-types'

/** A session just opened: its JWT (the cookie's value), its id, and the user it is for. */
export interface StartedSession {
  token: string
  sid: string | undefined
  user: User & { collection: 'users'; _sid?: string }
}

type StoredSession = { id: string; createdAt: string | Date; expiresAt: string | Date }

/** Opens a session for user `id` (read as the system; the caller decided they may sign in). */
export async function startSession(payload: Payload, id: Id): Promise<StartedSession> {
  const config = payload.collections[Slugs.users].config
  const found = (await payload.db.findOne({ collection: Slugs.users, where: { id: { equals: id } } })) as
    | (User & { sessions?: StoredSession[] | null })
    | null
  if (!found) throw new Error(`startSession: there is no user ${String(id)}`)
  let sid: string | undefined
  if (config.auth.useSessions) {
    sid = randomUUID()
    const now = new Date()
    const sessions = [
      // Expired sessions are dropped as Payload's login drops them.
      ...(found.sessions ?? []).filter((session) => new Date(session.expiresAt) > now),
      { id: sid, createdAt: now, expiresAt: new Date(now.getTime() + config.auth.tokenExpiration * 1000) },
    ]
    // The whole document, as Payload's login writes it: the SQL adapters rewrite every array of
    // the row from `data`, so a partial write would drop the memberships. A null updatedAt keeps
    // the stored one (adding a session is no edit of the person).
    await payload.db.updateOne({
      collection: Slugs.users,
      id: found.id,
      data: { ...found, sessions, updatedAt: null },
      returning: false,
    })
  }
  const user = { ...found, collection: Slugs.users, _sid: sid } as StartedSession['user']
  const fieldsToSign = getFieldsToSign({ collectionConfig: config, email: found.email, sid, user })
  const { token } = await jwtSign({
    fieldsToSign,
    secret: payload.secret,
    tokenExpiration: config.auth.tokenExpiration,
  })
  return { token, sid, user }
}
