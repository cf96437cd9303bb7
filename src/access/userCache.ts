/**
 * Who a request's JWT names, remembered for a few seconds. Payload's JWT strategy reads the user
 * from the database on every signed-in request (≈2–4 ms of a records page, bench/records.ts);
 * this wraps it so that the same credentials within {@link USER_CACHE_TTL_MS} get the user it found,
 * without the read.
 *
 * - The key is everything Payload reads to pick the token (the Authorization and Cookie headers,
 *   and the Origin and Sec-Fetch-Site its cookie check reads) and whether it is a GraphQL request:
 *   the same key names the same token, which Payload verified when the entry was made. An entry
 *   lives at most the TTL, never past the token's expiry.
 * - Only users the strategy found are kept: an anonymous or refused request is asked again every
 *   time, and nothing is kept when the admin's auto-login is on (its user comes from no token).
 * - A change to the user in this process (update, delete, sign-out: authCollections.ts calls
 *   {@link forgetUser}) drops their entries at once; a read that started before it, or up to
 *   {@link COMMIT_GRACE_MS} after it (a change is committed after its hook runs), is not kept, nor
 *   is any read older than the TTL. A change made by another process reaches this one within the
 *   TTL: that is how long a sign-out or a deactivation elsewhere may still let a token through here.
 * - At most {@link USER_CACHE_SIZE} entries; the oldest go first. Each request gets its own copy.
 */
import type { AuthStrategyFunction, Payload } from 'payload'
import { plainCopy } from './plainCopy'

/** How long a user read for a token is reused; also how long another process's change may take to apply here. */
export const USER_CACHE_TTL_MS = 5000
/** Most tokens remembered at once. */
export const USER_CACHE_SIZE = 10_000
/**
 * How long after a change to a user reads of them are not kept: a change's hook runs before its
 * transaction commits, and a read in between still sees the user as they were.
 */
export const COMMIT_GRACE_MS = 1000
/** Payload's JWT strategy, as payload.authStrategies names it. */
const LOCAL_JWT = 'local-jwt'

type AuthUser = NonNullable<Awaited<ReturnType<AuthStrategyFunction>>['user']>

interface Entry {
  user: AuthUser
  userKey: string
  expiresAt: number
}

/** Options of {@link UserCache}; the defaults are the constants above and the real clock. */
export interface UserCacheOptions {
  ttlMs?: number
  maxEntries?: number
  now?: () => number
}

const userKeyOf = (collection: unknown, id: unknown) => `${String(collection)}:${String(id)}`

/** The seconds-since-epoch expiry of a JWT, read without verifying it (the strategy verified it). */
function expiryOf(token: string): number | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown
    }
    return typeof claims.exp === 'number' ? claims.exp : undefined
  } catch {
    return undefined
  }
}

/** The users found for credentials, per Payload instance (see the module comment). */
export class UserCache {
  private readonly entries = new Map<string, Entry>()
  /** user key → when the user last changed in this process */
  private readonly changed = new Map<string, number>()
  private readonly ttlMs: number
  private readonly maxEntries: number
  readonly now: () => number

  constructor({ ttlMs = USER_CACHE_TTL_MS, maxEntries = USER_CACHE_SIZE, now = Date.now }: UserCacheOptions = {}) {
    this.ttlMs = ttlMs
    this.maxEntries = maxEntries
    this.now = now
  }

  /** A copy of the user kept for `key`, if it is still fresh. */
  get(key: string): AuthUser | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key)
      return undefined
    }
    return plainCopy(entry.user)
  }

  /**
   * Keeps `user`, found for `key` by a read that started at `startedAt`, for the TTL or until
   * `tokenExpiry` (seconds), whichever comes first; unless the read may predate a change to the user.
   */
  set(key: string, user: AuthUser, startedAt: number, tokenExpiry: number | undefined): void {
    const userKey = userKeyOf(user.collection, user.id)
    const now = this.now()
    if (now - startedAt >= this.ttlMs) return
    const changedAt = this.changed.get(userKey)
    if (changedAt !== undefined && startedAt <= changedAt + COMMIT_GRACE_MS) return
    const expiresAt = Math.min(now + this.ttlMs, tokenExpiry === undefined ? Infinity : tokenExpiry * 1000)
    if (expiresAt <= now) return
    this.entries.delete(key)
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(key, { user: plainCopy(user), userKey, expiresAt })
  }

  /** Drops every entry of a user, and keeps out reads of them that may predate the change. */
  forget(collection: string, id: unknown): void {
    const userKey = userKeyOf(collection, id)
    const now = this.now()
    for (const [key, entry] of this.entries) if (entry.userKey === userKey) this.entries.delete(key)
    // A mark matters to reads younger than the TTL only, so the map holds a TTL's worth of changes.
    for (const [key, at] of this.changed) if (at + COMMIT_GRACE_MS + this.ttlMs < now) this.changed.delete(key)
    this.changed.set(userKey, now)
  }

  get size(): number {
    return this.entries.size
  }
}

const caches = new WeakMap<Payload, UserCache>()

/** The user cache of a Payload instance. */
export function userCacheOf(payload: Payload): UserCache {
  let cache = caches.get(payload)
  if (!cache) caches.set(payload, (cache = new UserCache()))
  return cache
}

/** Forgets a user of `collection` in `payload`'s cache (after a change to them). */
export function forgetUser(payload: Payload, collection: string, id: unknown): void {
  caches.get(payload)?.forget(collection, id)
}

/** The tokens the request may carry, for bounding an entry by their expiry. */
function tokensOf(headers: Headers, cookieName: string): string[] {
  const tokens: string[] = []
  const authorization = headers.get('authorization') ?? ''
  const scheme = /^(?:JWT|Bearer) (.+)$/.exec(authorization)
  if (scheme) tokens.push(scheme[1]!)
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === cookieName) tokens.push(decodeURIComponent(value.join('=')))
  }
  return tokens
}

/** Payload's JWT strategy, answering from the cache (see the module comment). */
function cachedStrategy(payload: Payload, authenticate: AuthStrategyFunction): AuthStrategyFunction {
  const cache = userCacheOf(payload)
  const autoLogin = payload.config.admin?.autoLogin
  const keeps = !(typeof autoLogin === 'object' && !autoLogin.prefillOnly)
  const cookieName = `${payload.config.cookiePrefix}-token`
  return async (args) => {
    const { headers } = args
    const key = JSON.stringify([
      Boolean(args.isGraphQL),
      headers.get('authorization'),
      headers.get('cookie'),
      headers.get('origin'),
      headers.get('sec-fetch-site'),
    ])
    const known = keeps ? cache.get(key) : undefined
    if (known) return { user: known }
    const startedAt = cache.now()
    const result = await authenticate(args)
    if (keeps && result.user && !result.responseHeaders) {
      const expiries = tokensOf(headers, cookieName).map(expiryOf)
      const known = expiries.filter((exp): exp is number => exp !== undefined)
      if (known.length > 0) cache.set(key, result.user, startedAt, Math.min(...known))
    }
    return result
  }
}

const wrapped = new WeakSet<Payload>()

/** Puts the cache in front of Payload's JWT strategy (from onInit; once per instance). */
export function cacheJwtUsers(payload: Payload): void {
  if (wrapped.has(payload)) return
  wrapped.add(payload)
  payload.authStrategies = payload.authStrategies.map((strategy) =>
    strategy.name === LOCAL_JWT
      ? { ...strategy, authenticate: cachedStrategy(payload, strategy.authenticate) }
      : strategy,
  )
}
