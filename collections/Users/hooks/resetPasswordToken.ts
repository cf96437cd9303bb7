/**
 * Password resets by email (Payload's forgot-password and reset-password). Payload keeps the reset
 * token in plain text in the users table; these hooks keep only its SHA-256 instead, so that a
 * copy of the database (a backup, a read-only leak) resets nobody's password: the token written by
 * forgot-password is hashed on its way in, the token posted to reset-password before it is looked
 * up. A newer request replaces the stored hash, so older links stop working; a reset marks the
 * token expired, so a link works once; the reset ends every session of the user (Payload clears
 * them and opens one for the person resetting) and is recorded with them.
 */
import { createHash } from 'node:crypto'
import type {
  CollectionAfterErrorHook,
  CollectionAfterOperationHook,
  CollectionBeforeChangeHook,
  CollectionBeforeOperationHook,
} from 'payload'
import type { Id } from '../../../src/access/ids'
import { recordSessionEnds } from '../../../src/auth/sessionEnd'
import { recordSignInEvent } from '../../../src/auth/signInLog'
import type { EndedSession } from '../../../src/auth/sessionRows'
import { Errors } from '../../../src/http/errors'
import { Slugs } from '../../slugs'
import { sessionsOf } from './endSessionsOnChange'

/** Payload's reset tokens: 20 random bytes as hex. Anything else posted is not one. */
const RESET_TOKEN = /^[0-9a-f]{40}$/
/** Why a reset was refused, until afterError records it. */
const RESET_REFUSED = 'atrium.resetRefused'
/** Where a reset keeps the sessions it is about to end, until afterOperation. */
const BEFORE_RESET = 'atrium.sessionsBeforeReset'

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/** forgot-password's new token is stored as its hash. */
export const hashResetToken: CollectionBeforeChangeHook = ({ data }) => {
  const token = (data as { resetPasswordToken?: unknown }).resetPasswordToken
  if (typeof token === 'string' && RESET_TOKEN.test(token)) return { ...data, resetPasswordToken: hashOf(token) }
  return data
}

/**
 * Before reset-password: refuses a token of the wrong shape with a clear 400, looks the posted one
 * up by its hash, and notes the sessions the reset will end. Before forgot-password: records the
 * request (for any address: whether it exists is nobody's business here).
 */
export const prepareReset: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation === 'forgotPassword') {
    const email = (args as { data?: { email?: unknown } }).data?.email
    if (typeof email !== 'string') return args
    // Written on its own: the request is recorded whether or not a link goes out.
    const user = await req.payload.db.findOne<{ id: number | string }>({
      collection: Slugs.users,
      where: { email: { equals: email.toLowerCase().trim() } },
    })
    await recordSignInEvent(req.payload, {
      kind: 'password-reset-requested',
      outcome: 'success',
      email,
      user: user?.id,
    })
    return args
  }
  if (operation !== 'resetPassword') return args
  // Payload read `data` from the arguments before this hook: the token is changed in place.
  const data = (args as { data?: { token?: unknown } }).data
  // Recorded by recordRefusedReset once the reset's transaction has rolled back (it would take the entry with it).
  const refused = (reason: string) => (req.context[RESET_REFUSED] = reason)
  if (!data || typeof data.token !== 'string' || !RESET_TOKEN.test(data.token)) {
    refused('Not a password reset link')
    throw Errors.invalidInput('invalid_reset_token', 'This is not a password reset token; nothing was changed')
  }
  data.token = hashOf(data.token)
  const user = await req.payload.db.findOne<{ id: number | string }>({
    collection: Slugs.users,
    where: {
      resetPasswordToken: { equals: data.token },
      resetPasswordExpiration: { greater_than: new Date().toISOString() },
    },
    req,
  })
  if (user) req.context[BEFORE_RESET] = await sessionsOf(req, user.id)
  else refused('Reset link unknown, replaced by a newer one, used or expired')
  return args
}

/** A refused reset over REST, recorded after its transaction rolled back (see prepareReset). */
export const recordRefusedReset: CollectionAfterErrorHook = async ({ req }) => {
  const reason = req.context[RESET_REFUSED]
  if (typeof reason !== 'string') return
  delete req.context[RESET_REFUSED]
  await recordSignInEvent(req.payload, { kind: 'password-reset', outcome: 'failure', method: 'password', reason })
}

/** After a reset (committed by now): records it, and the sessions it ended (all but the one it opened). */
export const recordReset: CollectionAfterOperationHook = async ({ operation, req, result }) => {
  if (operation !== 'resetPassword') return result
  const user = (result as { user?: { id?: Id } } | undefined)?.user
  const before = (req.context[BEFORE_RESET] ?? []) as EndedSession[]
  delete req.context[BEFORE_RESET]
  await recordSignInEvent(req.payload, {
    kind: 'password-reset',
    outcome: 'success',
    method: 'password',
    user: user?.id,
  })
  await recordSessionEnds(req.payload, before, 'password_changed')
  return result
}
