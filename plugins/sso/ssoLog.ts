/**
 * What single sign-on writes to the sign-in log (src/auth/signInLog.ts): each answer from a
 * provider as a sign-in with method `sso`, a success or a failure with the refusal's id and words,
 * and besides a success, an identity linked and an account made just in time.
 */
import type { Payload } from 'payload'
import type { Id } from '../../src/access/ids'
import { recordSignInEvent } from '../../src/auth/signInLog'
import { toHttpError } from '../../src/http/errors'
import type { SsoOutcome } from './identities'
import type { SsoClaims } from './oidcFlow'

/** Logs a single sign-on that went through, with the link and the account it made, if any. */
export async function logSsoSuccess(
  payload: Payload,
  tenant: Id | undefined,
  claims: SsoClaims,
  outcome: Pick<SsoOutcome, 'user' | 'linked' | 'created'>,
): Promise<void> {
  const entry = { method: 'sso', outcome: 'success', user: outcome.user.id, email: claims.email, tenant } as const
  const where = `${claims.issuer} (subject ${claims.subject})`
  if (outcome.created)
    await recordSignInEvent(payload, {
      ...entry,
      kind: 'sso-user-created',
      reason: `Made at first sign-in through ${where}`,
    })
  if (outcome.linked) await recordSignInEvent(payload, { ...entry, kind: 'sso-linked', reason: `Linked to ${where}` })
  await recordSignInEvent(payload, { ...entry, kind: 'sign-in' })
}

/** Logs a refused single sign-on: the refusal's id and message are the reason. */
export async function logSsoFailure(
  payload: Payload,
  tenant: Id | undefined,
  claims: SsoClaims | undefined,
  error: unknown,
): Promise<void> {
  const refusal = toHttpError(error)
  await recordSignInEvent(payload, {
    kind: 'sign-in',
    method: 'sso',
    outcome: 'failure',
    email: claims?.email,
    tenant,
    reason: `${refusal.id}: ${refusal.message}${claims ? ` (${claims.issuer}, subject ${claims.subject})` : ''}`,
  })
}
