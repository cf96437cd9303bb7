/**
 * A Payload session for someone whose identity was proven elsewhere (their OpenID provider), made
 * as Payload's own login makes one after the password check: a session added to the user (so
 * sign-out and "end all sessions" end it like any other), a JWT carrying its id, and Payload's
 * cookie with the Users collection's options (HttpOnly, SameSite, Secure over https).
 */
import type { Response } from 'express'
import { createLocalReq, getFieldsToSign, jwtSign, type Payload, type TypedUser } from 'payload'
import { addSessionToUser, generatePayloadCookie } from 'payload/shared'
import { Slugs } from '../../collections/slugs'
import type { Id } from '../../src/access/ids'

/** Opens a session for user `id` and sets its cookie on `res`; returns the token. */
export async function openSession(payload: Payload, res: Response, id: Id): Promise<string> {
  const collectionConfig = payload.collections[Slugs.users].config
  // The stored document, sessions included: addSessionToUser writes it back with the new session.
  const user = (await payload.db.findOne({ collection: Slugs.users, where: { id: { equals: id } } })) as
    | (TypedUser & { email: string; collection: string })
    | null
  if (!user) throw new Error(`user ${String(id)} vanished while signing in`)
  const req = await createLocalReq({}, payload)
  const { sid } = await addSessionToUser({ collectionConfig, payload, req, user })
  user.collection = Slugs.users
  const { token } = await jwtSign({
    fieldsToSign: getFieldsToSign({ collectionConfig, email: user.email, sid, user }),
    secret: payload.secret,
    tokenExpiration: collectionConfig.auth.tokenExpiration,
  })
  res.append(
    'Set-Cookie',
    generatePayloadCookie({
      collectionAuthConfig: collectionConfig.auth,
      cookiePrefix: payload.config.cookiePrefix,
      token,
    }) as string,
  )
  return token
}
