import type { CollectionAfterLoginHook, CollectionBeforeOperationHook, Payload } from 'payload'
import { tenantsOf, type AccessUser } from '../../../src/access/ability'
import { spendPasswordHash } from '../../../src/auth/passwordHash'
import { recordSignInEvent, settleSignInEvent } from '../../../src/auth/signInLog'
import { Errors } from '../../../src/http/errors'
import { currentRequestContext } from '../../../src/logging/requestContext'

/** The longest email an address can be (RFC 5321: 64 + 1 + 255) and the longest password hashed. */
export const MAX_EMAIL_LENGTH = 320
export const MAX_PASSWORD_LENGTH = 1000

/** The email and password of a sign-in, or a clear 400 before anything is looked up or counted. */
function signInInput(data: Record<string, unknown> | undefined): { email: string; password: string } {
  const { email, password } = data ?? {}
  if (typeof email !== 'string' || email.trim() === '') throw Errors.invalidSignInInput('The email must be a text')
  if (email.length > MAX_EMAIL_LENGTH) {
    throw Errors.invalidSignInInput(`The email is longer than ${MAX_EMAIL_LENGTH} characters`)
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(email))
    throw Errors.invalidSignInInput('The email contains a line break or control character')
  if (typeof password !== 'string' || password === '') throw Errors.invalidSignInInput('The password must be a text')
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw Errors.invalidSignInInput(`The password is longer than ${MAX_PASSWORD_LENGTH} characters`)
  }
  return { email, password }
}

/** What a sign-in's hooks pass each other in `req.context`. */
export interface SignInContext extends Record<string, unknown> {
  /** the portal's tenant, when the sign-in came through a portal's form */
  signInTenant?: number | string
  /** the sign-in log entry of this attempt, settled when it succeeds or is refused */
  signInEventId?: number | string
}

/**
 * Why a sign-in of `user` fails unless the password is right and the account may sign in (the
 * caller only learns a generic answer; the log keeps the reason, see refuseBlockedSignIn).
 */
async function failureReason(payload: Payload, user: AccessUser | null): Promise<string> {
  if (!user) return 'No account with this email'
  if (user.active === false) return 'Account deactivated'
  if (user.kind === 'client' && (await tenantsOf(payload, user)).length === 0) return 'Client access suspended'
  return 'Wrong password'
}

/**
 * Before every password sign-in, whichever door it came through (REST, GraphQL, the portal's form):
 * refuses bad input, applies the (email, address) backoff, and makes an unknown email cost the same
 * password hash as a known one, so that the answer's time does not tell which addresses exist.
 * The attempt is logged as a failure before the password is checked (written on its own, so a
 * refusal that throws keeps it); forgetSignInFailures marks it a success.
 */
export const guardPasswordSignIn: CollectionBeforeOperationHook = async ({ args, operation, req, collection }) => {
  if (operation !== 'login') return args
  const { email, password } = signInInput((args as { data?: Record<string, unknown> }).data)
  const context = currentRequestContext()
  const signIn = req.context as SignInContext
  const entry = { kind: 'sign-in', method: 'password', email, tenant: signIn.signInTenant } as const
  if (context?.signInBackoff && context.clientAddress) {
    try {
      await context.signInBackoff.attempt(email, context.clientAddress)
    } catch (error) {
      await recordSignInEvent(req.payload, {
        ...entry,
        outcome: 'failure',
        reason: 'Too many failed attempts: slowed down',
      })
      throw error
    }
  }
  const known = await req.payload.db.findOne<AccessUser>({
    collection: collection.slug,
    req,
    where: { email: { equals: email.toLowerCase().trim() } },
  })
  signIn.signInEventId = await recordSignInEvent(req.payload, {
    ...entry,
    outcome: 'failure',
    user: known?.id,
    reason: await failureReason(req.payload, known),
  })
  if (!known) await spendPasswordHash(password)
  return args
}

/**
 * A successful sign-in clears the failures its address had for this account, and its log entry
 * becomes a success (in the sign-in's transaction: if the sign-in still fails, it stays a failure).
 */
export const forgetSignInFailures: CollectionAfterLoginHook = async ({ user, req }) => {
  await settleSignInEvent(
    req.payload,
    (req.context as SignInContext).signInEventId,
    { outcome: 'success', reason: null },
    req,
  )
  const context = currentRequestContext()
  const email = (user as { email?: unknown }).email
  if (context?.signInBackoff && context.clientAddress && typeof email === 'string') {
    await context.signInBackoff.succeeded(email, context.clientAddress)
  }
  return user
}
