/**
 * The cache of users signed in with a JWT (src/access/userCache.ts): how long an entry lives, that
 * a change to the user drops it and keeps reads already under way out, and that it stays bounded.
 */
import { COMMIT_GRACE_MS, UserCache } from '../../src/access/userCache'

const TTL = 5000

function cacheAt(start = 1_000_000) {
  let now = start
  const cache = new UserCache({ ttlMs: TTL, maxEntries: 3, now: () => now })
  return { cache, advance: (ms: number) => (now += ms), now: () => now }
}

const user = (id: number, name = `user ${id}`) => ({ id, name, collection: 'users' }) as never
const inAnHour = (now: number) => Math.floor(now / 1000) + 3600

describe('the user cache', () => {
  it('answers the same credentials with a copy of the user until the TTL passes', () => {
    const { cache, advance, now } = cacheAt()
    cache.set('k', user(1), now(), inAnHour(now()))
    const first = cache.get('k') as { name: string }
    expect(first).toEqual({ id: 1, name: 'user 1', collection: 'users' })
    first.name = 'changed by a request'
    advance(TTL - 1)
    expect(cache.get('k')).toEqual({ id: 1, name: 'user 1', collection: 'users' })
    advance(1)
    expect(cache.get('k')).toBeUndefined()
  })

  it("never keeps an entry past its token's expiry", () => {
    const { cache, advance, now } = cacheAt(1_000_000)
    cache.set('soon', user(1), now(), 1_002) // expires 2 s from now
    advance(1999)
    expect(cache.get('soon')).toBeDefined()
    advance(1)
    expect(cache.get('soon')).toBeUndefined()
    cache.set('expired', user(1), now(), 1_000)
    expect(cache.get('expired')).toBeUndefined()
  })

  it('forgets a changed user at once, and keeps no read that may predate the change', () => {
    const { cache, advance, now } = cacheAt()
    cache.set('a', user(1), now(), inAnHour(now()))
    cache.set('b', user(1), now(), inAnHour(now()))
    cache.set('c', user(2), now(), inAnHour(now()))
    const startedBefore = now()
    advance(1)
    cache.forget('users', 1)
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, undefined])
    expect(cache.get('c')).toBeDefined()
    // A read that started before the change, or before its commit (just after its hook ran), is not kept.
    cache.set('a', user(1, 'stale'), startedBefore, inAnHour(now()))
    advance(COMMIT_GRACE_MS)
    cache.set('a', user(1, 'maybe stale'), now(), inAnHour(now()))
    expect(cache.get('a')).toBeUndefined()
    advance(1)
    cache.set('a', user(1, 'fresh'), now(), inAnHour(now()))
    expect(cache.get('a')).toMatchObject({ name: 'fresh' })
  })

  it('does not keep a read slower than the TTL', () => {
    const { cache, advance, now } = cacheAt()
    const startedAt = now()
    advance(TTL)
    cache.set('a', user(1, 'read long ago'), startedAt, inAnHour(now()))
    expect(cache.get('a')).toBeUndefined()
  })

  it('tells users of different collections apart', () => {
    const { cache, now } = cacheAt()
    cache.set('person', user(1), now(), inAnHour(now()))
    cache.set('account', { id: 1, collection: 'integration-accounts' } as never, now(), inAnHour(now()))
    cache.forget('integration-accounts', 1)
    expect(cache.get('person')).toBeDefined()
    expect(cache.get('account')).toBeUndefined()
  })

  it('holds at most its size, dropping the oldest entry first', () => {
    const { cache, now } = cacheAt()
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, user(key.charCodeAt(0)), now(), inAnHour(now()))
    expect(cache.size).toBe(3)
    expect(cache.get('a')).toBeUndefined()
    expect(cache.get('d')).toBeDefined()
  })
})
