/**
 * The single-use tokens Atrium sends by email to let someone in: sign-in links (15 minutes) and
 * invitations (7 days). One module issues, reads and consumes both, so both are made and refused
 * alike:
 * - a token is 32 random bytes (base64url) behind a prefix naming its kind, so a token carried to
 *   the wrong page is told apart from a mistyped one; only its SHA-256 is stored
 *   (collections/SignInTokens), so a copy of the database opens nothing;
 * - a token works for the tenant it was issued for only, once: it is consumed by one conditional
 *   write (pending → used), so of two uses at the same moment exactly one wins;
 * - issuing again (an invitation resent) replaces the stored hash: the older link stops working.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { SIGN_IN_TOKEN_KINDS } from '../../collections/SignInTokens'
import { idOf, idsOf, type Id } from '../access/ids'
import { compareAndSet } from '../db/systemRows'
import { Errors, HttpError } from '../http/errors'
import type { SignInToken } from '../payload-types'
import { recordSignInEvent, type SignInEvent } from './signInLog'

/** What a token is for. */
export type SignInTokenKind = (typeof SIGN_IN_TOKEN_KINDS)[number]

/** How long each kind works after it was issued (or reissued). */
export const TOKEN_LIFETIME_MS: Record<SignInTokenKind, number> = {
  'magic-link': 15 * 60_000,
  invitation: 7 * 24 * 3600_000,
}

const KINDS: Record<SignInTokenKind, { prefix: string; what: string; article: string; lifetime: string }> = {
  'magic-link': { prefix: 'sl', what: 'sign-in link', article: 'a sign-in link', lifetime: '15 minutes' },
  invitation: { prefix: 'inv', what: 'invitation link', article: 'an invitation link', lifetime: '7 days' },
}

const TOKEN = /^(sl|inv)_[A-Za-z0-9_-]{43}$/
// Payload's forgot-password tokens: 20 random bytes in hex.
const RESET_TOKEN = /^[0-9a-f]{40}$/

/** A stored token as the features read it. */
export interface StoredSignInToken {
  id: Id
  kind: SignInTokenKind
  tokenHash: string
  tenant: Id
  email: string
  user?: Id
  next?: string
  roles: Id[]
  invitedBy?: Id
  expiresAt: string
  state: SignInToken['state']
}

/** What a token is issued for. */
export interface TokenGrant {
  kind: SignInTokenKind
  tenant: Id
  email: string
  user?: Id
  next?: string
  roles?: Id[]
  invitedBy?: Id
}

/** The hex SHA-256 of a token: all that is stored of it. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

const newToken = (kind: SignInTokenKind) => `${KINDS[kind].prefix}_${randomBytes(32).toString('base64url')}`

const expiry = (kind: SignInTokenKind) => new Date(Date.now() + TOKEN_LIFETIME_MS[kind]).toISOString()

/** Stores a new token for `grant` and returns it (the only time it exists in clear) with its row id. */
export async function issueToken(payload: Payload, grant: TokenGrant): Promise<{ token: string; id: Id }> {
  const token = newToken(grant.kind)
  const doc = await payload.create({
    collection: Slugs.signInTokens,
    data: {
      kind: grant.kind,
      tokenHash: hashToken(token),
      state: 'pending',
      // Payload's generated types say number (SQL); on MongoDB ids are text and pass through untouched.
      tenant: grant.tenant as number,
      email: grant.email,
      user: grant.user as number | undefined,
      next: grant.next,
      roles: grant.roles as number[] | undefined,
      invitedBy: grant.invitedBy as number | undefined,
      expiresAt: expiry(grant.kind),
    },
    depth: 0,
    // System bookkeeping: the caller decided who may have a token (the collection is closed to the API).
    overrideAccess: true,
  })
  return { token, id: doc.id }
}

/**
 * Gives pending token `stored` a new value and a fresh lifetime; the old value stops working at once.
 * Returns the new token, or undefined when it was used or reissued meanwhile.
 */
export async function reissueToken(payload: Payload, stored: StoredSignInToken): Promise<string | undefined> {
  const token = newToken(stored.kind)
  const replaced = await compareAndSet(
    payload,
    Slugs.signInTokens,
    stored.id,
    { state: 'pending', tokenHash: stored.tokenHash },
    { tokenHash: hashToken(token), expiresAt: expiry(stored.kind), updatedAt: new Date().toISOString() },
  )
  return replaced ? token : undefined
}

const stored = (doc: SignInToken): StoredSignInToken => ({
  id: doc.id,
  kind: doc.kind,
  tokenHash: doc.tokenHash,
  tenant: idOf(doc.tenant)!,
  email: doc.email,
  user: idOf(doc.user),
  next: doc.next ?? undefined,
  roles: idsOf(doc.roles as unknown[] | null | undefined),
  invitedBy: idOf(doc.invitedBy),
  expiresAt: doc.expiresAt,
  state: doc.state,
})

/** Reads a token row by id (system read), if it exists. */
export async function tokenById(payload: Payload, id: Id): Promise<StoredSignInToken | undefined> {
  const doc = (await payload.db.findOne({
    collection: Slugs.signInTokens,
    where: { id: { equals: id } },
  })) as SignInToken | null
  return doc ? stored(doc) : undefined
}

/**
 * The pending token `token` of `kind` for `tenant`, without using it up (a GET of the link, a mail
 * scanner's included). Throws the 4xx that says why it cannot be used: another kind of token (a
 * password reset's too), unknown or replaced, another portal's, used, expired.
 */
export async function readToken(
  payload: Payload,
  token: unknown,
  kind: SignInTokenKind,
  tenant: Id,
): Promise<StoredSignInToken> {
  const expected = KINDS[kind]
  if (typeof token === 'string' && RESET_TOKEN.test(token)) {
    throw Errors.wrongTokenKind(expected.article, 'a password reset link')
  }
  const shape = typeof token === 'string' ? TOKEN.exec(token) : null
  if (!shape) throw Errors.signInTokenInvalid(expected.what)
  const given = (Object.keys(KINDS) as SignInTokenKind[]).find((k) => KINDS[k].prefix === shape[1])!
  if (given !== kind) throw Errors.wrongTokenKind(expected.article, KINDS[given].article)
  const doc = (await payload.db.findOne({
    collection: Slugs.signInTokens,
    where: { tokenHash: { equals: hashToken(token as string) } },
  })) as SignInToken | null
  if (!doc) throw Errors.signInTokenInvalid(expected.what)
  // The prefix is the token's own claim; the row is the truth.
  if (doc.kind !== kind) throw Errors.wrongTokenKind(expected.article, KINDS[doc.kind].article)
  if (String(idOf(doc.tenant)) !== String(tenant)) throw Errors.signInTokenOtherPortal(expected.what)
  if (doc.state !== 'pending') throw Errors.signInTokenUsed(expected.what)
  if (Date.parse(doc.expiresAt) <= Date.now()) throw Errors.signInTokenExpired(expected.what, expected.lifetime)
  return stored(doc)
}

/**
 * Whom a token that exists was sent to (used, expired or another portal's alike), for the sign-in
 * log of a refused use; undefined for anything else.
 */
export async function tokenHolder(payload: Payload, token: unknown): Promise<{ user?: Id; email: string } | undefined> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined
  const doc = (await payload.db.findOne({
    collection: Slugs.signInTokens,
    where: { tokenHash: { equals: hashToken(token) } },
  })) as SignInToken | null
  return doc ? { user: idOf(doc.user), email: doc.email } : undefined
}

/**
 * Logs a refused use of a link or invitation (`entry` says which and where): the person it was for,
 * when the token names one (`known`, or looked up), and why, by the error's id and message.
 */
export async function recordRefusedToken(
  payload: Payload,
  entry: Omit<SignInEvent, 'outcome' | 'reason' | 'user' | 'email'>,
  token: unknown,
  error: unknown,
  known?: { user?: Id; email: string },
): Promise<void> {
  const reason = error instanceof HttpError ? `${error.id}: ${error.message}` : 'internal error'
  const holder = known ?? (await tokenHolder(payload, token))
  await recordSignInEvent(payload, { ...entry, outcome: 'failure', user: holder?.user, email: holder?.email, reason })
}

/**
 * Uses up `token` as read by readToken: one conditional write from pending to used, so of
 * concurrent uses exactly one gets through; the others get `sign_in_token_used`.
 */
export async function consumeToken(payload: Payload, token: StoredSignInToken): Promise<void> {
  const used = await compareAndSet(
    payload,
    Slugs.signInTokens,
    token.id,
    { state: 'pending', tokenHash: token.tokenHash },
    { state: 'used', updatedAt: new Date().toISOString() },
  )
  if (!used) throw Errors.signInTokenUsed(KINDS[token.kind].what)
}

/** Deletes a token row (a revoked invitation): its link is refused as unknown from then on. */
export async function deleteToken(payload: Payload, id: Id): Promise<void> {
  await payload.delete({ collection: Slugs.signInTokens, id, depth: 0, overrideAccess: true })
}
