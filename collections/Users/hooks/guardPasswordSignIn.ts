import type { CollectionAfterLoginHook, CollectionBeforeOperationHook } from 'payload'
import { spendPasswordHash } from '../../../src/auth/passwordHash'
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

/**
 * Before every password sign-in, whichever door it came through (REST, GraphQL, the portal's form):
 * refuses bad input, applies the (email, address) backoff, and makes an unknown email cost the same
 * password hash as a known one, so that the answer's time does not tell which addresses exist.
 */
export const guardPasswordSignIn: CollectionBeforeOperationHook = async ({ args, operation, req, collection }) => {
  if (operation !== 'login') return args
  const { email, password } = signInInput((args as { data?: Record<string, unknown> }).data)
  const context = currentRequestContext()
  if (context?.signInBackoff && context.clientAddress) await context.signInBackoff.attempt(email, context.clientAddress)
  const known = await req.payload.db.findOne({
    collection: collection.slug,
    req,
    where: { email: { equals: email.toLowerCase().trim() } },
  })
  if (!known) await spendPasswordHash(password)
  return args
}

/** A successful sign-in clears the failures its address had for this account. */
export const forgetSignInFailures: CollectionAfterLoginHook = async ({ user }) => {
  const context = currentRequestContext()
  const email = (user as { email?: unknown }).email
  if (context?.signInBackoff && context.clientAddress && typeof email === 'string') {
    await context.signInBackoff.succeeded(email, context.clientAddress)
  }
  return user
}
