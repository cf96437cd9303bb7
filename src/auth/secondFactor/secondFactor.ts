/**
 * Staff's second factor: an authenticator app (TOTP) with recovery codes, asked after the password
 * and enrolled at the first sign-in where it is required. A session that has not proved it is no
 * session at all for Atrium's API and admin UI (sessionGate in src/http/authCollections.ts): only
 * the second-factor page (secondFactorRoutes.ts) takes it, to prove or enrol.
 *
 * State lives on the user (collections/Users/secondFactorFields.ts); every write is a
 * compare-and-set on its revision, so two tabs proving at once, or a code replayed in parallel,
 * take effect once.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { forgetUser } from '../../access/userCache'
import { compareAndSet } from '../../db/systemRows'
import type { Id } from '../../access/ids'
import { recordSignInEvent } from '../signInLog'
import { open, seal } from './secretBox'
import { matchingStep, newTotpSecret } from './totp'

/** Whether staff must have a second factor (production) or may choose to (elsewhere). */
export type SecondFactorPolicy = 'required' | 'optional'

/** How many recovery codes an enrolment gives. */
export const RECOVERY_CODE_COUNT = 10

/** What is stored on the user (see secondFactorFields.ts). */
export interface SecondFactorState {
  secondFactorSecret?: string | null
  secondFactorPendingSecret?: string | null
  secondFactorEnabledAt?: string | null
  secondFactorLastStep?: number | null
  secondFactorRecoveryCodes?: unknown
  secondFactorSessions?: unknown
  secondFactorRevision?: number | null
}

/** The parts of a signed-in user this module reads. */
export interface SecondFactorUser extends SecondFactorState {
  id: Id
  email?: string | null
  kind?: string | null
  _sid?: string
  sessions?: { id: string }[] | null
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []

/** Whether `user` has an authenticator enrolled. */
export const hasSecondFactor = (user: SecondFactorUser): boolean => Boolean(user.secondFactorSecret)

/**
 * Whether `user`'s session still has to prove a second factor before it counts: staff only, when
 * the policy requires one or they enrolled one, and this session has not proved it yet.
 */
export function secondFactorPending(user: SecondFactorUser, policy: SecondFactorPolicy): boolean {
  if (user.kind !== 'staff') return false
  if (policy !== 'required' && !hasSecondFactor(user)) return false
  return !user._sid || !strings(user.secondFactorSessions).includes(user._sid)
}

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex')

/** Ten fresh recovery codes, `xxxxx-xxxxx` in lower-case base32-ish letters and digits. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(8).toString('hex').slice(0, 10)
    return `${raw.slice(0, 5)}-${raw.slice(5)}`
  })
}

/** Reads the user's current second-factor state and sessions (not from any cache). */
async function current(payload: Payload, id: Id): Promise<SecondFactorUser | undefined> {
  const user = await payload.findByID({
    collection: Slugs.users,
    id,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
  })
  return (user as SecondFactorUser | null) ?? undefined
}

/**
 * Writes `changes` over the state `user` was read with, in one statement that only succeeds if no
 * one wrote in between; false when someone did (the caller starts again from a fresh read).
 */
async function write(payload: Payload, user: SecondFactorUser, changes: SecondFactorState): Promise<boolean> {
  const revision = user.secondFactorRevision ?? 0
  const written = await compareAndSet(
    payload,
    Slugs.users,
    user.id,
    { secondFactorRevision: revision },
    { ...changes, secondFactorRevision: revision + 1 },
  )
  forgetUser(payload, Slugs.users, user.id)
  return written
}

/**
 * The secret `user` is asked to add to their authenticator app: the pending one if enrolment has
 * started, otherwise a new one (kept sealed until a first code proves the app holds it).
 */
export async function enrolmentSecret(payload: Payload, user: SecondFactorUser): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const fresh = await current(payload, user.id)
    if (!fresh) break
    const pending = fresh.secondFactorPendingSecret && open(payload.secret, fresh.secondFactorPendingSecret)
    if (pending) return pending
    const secret = newTotpSecret()
    if (await write(payload, fresh, { secondFactorPendingSecret: seal(payload.secret, secret) })) return secret
  }
  throw new Error('Could not start the second-factor enrolment: the account kept changing')
}

/** What proving a second factor gave. */
export type ProofResult =
  | { ok: true; enrolled: boolean; recoveryCodes?: string[]; usedRecoveryCode: boolean }
  | { ok: false; reason: string }

/**
 * Proves `user`'s current session with `input`: a six-digit code of their app (the pending secret
 * while enrolling, which then becomes theirs along with new recovery codes), or one of their
 * recovery codes, which is then spent. A code's time step is never taken twice. Recorded in the
 * sign-in log either way.
 */
export async function proveSecondFactor(
  payload: Payload,
  signedIn: SecondFactorUser,
  input: string,
  now = Date.now(),
): Promise<ProofResult> {
  const sid = signedIn._sid
  if (!sid) return { ok: false, reason: 'This session cannot prove a second factor' }
  const code = input.trim()
  for (let attempt = 0; attempt < 3; attempt++) {
    const user = await current(payload, signedIn.id)
    if (!user) return { ok: false, reason: 'The account no longer exists' }
    const live = new Set((user.sessions ?? []).map((session) => session.id))
    const sessions = [...strings(user.secondFactorSessions).filter((id) => live.has(id)), sid]
    const enrolled = user.secondFactorSecret ? open(payload.secret, user.secondFactorSecret) : undefined
    const pending = user.secondFactorPendingSecret ? open(payload.secret, user.secondFactorPendingSecret) : undefined
    const secret = enrolled ?? pending
    if (!secret) return { ok: false, reason: 'No authenticator is set up yet: reload the page to start' }
    const step = matchingStep(secret, code, now, user.secondFactorLastStep ?? -1)
    const codes = strings(user.secondFactorRecoveryCodes)
    const recovery = step === undefined && enrolled ? codes.indexOf(hashCode(code)) : -1
    if (step === undefined && recovery < 0) {
      await record(payload, user, 'failure', 'A wrong or already used code')
      return { ok: false, reason: 'That code is not right, or was already used. Wait for the next one and try again.' }
    }
    if (!enrolled) {
      const recoveryCodes = newRecoveryCodes()
      const written = await write(payload, user, {
        secondFactorSecret: user.secondFactorPendingSecret,
        secondFactorPendingSecret: null,
        secondFactorEnabledAt: new Date(now).toISOString(),
        secondFactorLastStep: step,
        secondFactorRecoveryCodes: recoveryCodes.map(hashCode),
        secondFactorSessions: sessions,
      })
      if (!written) continue
      await recordSignInEvent(payload, {
        kind: 'mfa-enrolled',
        outcome: 'success',
        method: 'totp',
        user: user.id,
        email: user.email,
      })
      return { ok: true, enrolled: true, recoveryCodes, usedRecoveryCode: false }
    }
    const changes: SecondFactorState =
      recovery >= 0
        ? { secondFactorRecoveryCodes: codes.filter((_, index) => index !== recovery), secondFactorSessions: sessions }
        : { secondFactorLastStep: step, secondFactorSessions: sessions }
    if (!(await write(payload, user, changes))) continue
    await record(
      payload,
      user,
      'success',
      recovery >= 0 ? `Recovery code used (${codes.length - 1} left)` : null,
      recovery >= 0,
    )
    return { ok: true, enrolled: false, usedRecoveryCode: recovery >= 0 }
  }
  return { ok: false, reason: 'The account changed while the code was checked: try the next code' }
}

const record = (
  payload: Payload,
  user: SecondFactorUser,
  outcome: 'success' | 'failure',
  reason: string | null,
  recoveryCode = false,
) =>
  recordSignInEvent(payload, {
    kind: 'mfa-challenge',
    outcome,
    method: recoveryCode ? 'recovery-code' : 'totp',
    user: user.id,
    email: user.email,
    reason,
  })
