import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, PayloadRequest } from 'payload'
import type { Id } from '../../../src/access/ids'
import { endSessions, recordSessionEnds } from '../../../src/auth/sessionEnd'
import { recordSignInEvent } from '../../../src/auth/signInLog'
import type { EndedSession } from '../../../src/auth/sessionRows'
import { Slugs } from '../../slugs'

/** Where a password change keeps the sessions the user had before it, until afterChange. */
const BEFORE_PASSWORD_CHANGE = 'atrium.sessionsBeforePasswordChange'

type Stash = Record<string, EndedSession[]>

const stashOf = (req: PayloadRequest): Stash => (req.context[BEFORE_PASSWORD_CHANGE] ??= {}) as Stash

/** The sessions `id` has now, read in `req`'s transaction. */
export async function sessionsOf(req: PayloadRequest, id: Id): Promise<EndedSession[]> {
  const stored = await req.payload.db.findOne<{ id: Id; sessions?: { id: string }[] | null }>({
    collection: Slugs.users,
    where: { id: { equals: id } },
    req,
  })
  return (stored?.sessions ?? []).map((session) => ({ userId: id, sid: session.id }))
}

/**
 * Before a password change: notes the user's sessions. Payload's update ends all but the one
 * making the change (when people change their own), and tells nobody which; afterChange records them.
 */
export const noteSessionsBeforePasswordChange: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const password = (data as { password?: unknown }).password
  if (operation !== 'update' || !originalDoc || typeof password !== 'string' || password === '') return data
  stashOf(req)[String(originalDoc.id)] = await sessionsOf(req, originalDoc.id as Id)
  return data
}

/**
 * After a change to a user: a deactivation ends every session of theirs (Payload keeps them, and
 * the user's tokens would still name them); a password change is recorded, with the sessions
 * Payload ended.
 */
export const endSessionsOnChange: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (operation !== 'update') return doc
  const id = doc.id as Id
  if (doc.active === false && previousDoc?.active !== false) {
    await endSessions(req.payload, [id], 'deactivated', {}, { req })
    return doc
  }
  const before = stashOf(req)[String(id)]
  if (before) {
    delete stashOf(req)[String(id)]
    const kept = new Set((await sessionsOf(req, id)).map((session) => session.sid))
    const byThemselves = req.user?.collection === Slugs.users && String(req.user.id) === String(id)
    await recordSignInEvent(
      req.payload,
      {
        kind: 'password-changed',
        outcome: 'success',
        method: 'password',
        user: id,
        reason: byThemselves ? 'Changed by themselves' : 'Set by someone else',
      },
      req,
    )
    const ended = before.filter((session) => !kept.has(session.sid))
    await recordSessionEnds(req.payload, ended, 'password_changed', { req })
  }
  return doc
}
