/**
 * An email address typed into a form (a sign-in link's, an invitation's), checked before it is
 * looked up, stored, counted or put into an email's header: text, at most 320 characters, no line
 * break or other control character (which could add headers of their own), and the shape of an
 * address. The answer is the address trimmed and in lower case, as accounts are compared.
 */
import { z } from 'zod'
import type { HttpError } from '../http/errors'

/** The longest email an address can be (RFC 5321: 64 + 1 + 255). */
export const MAX_EMAIL_LENGTH = 320

const address = z.email()

/** The checked address, or the error `refuse` makes of the first problem found. */
export function emailAddressInput(value: unknown, refuse: (problem: string) => HttpError): string {
  if (typeof value !== 'string' || value.trim() === '') throw refuse('The email must be a text')
  if (value.length > MAX_EMAIL_LENGTH) throw refuse(`The email is longer than ${MAX_EMAIL_LENGTH} characters`)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) throw refuse('The email contains a line break or control character')
  const email = value.trim().toLowerCase()
  if (!address.safeParse(email).success) throw refuse('The email is not an email address')
  return email
}
