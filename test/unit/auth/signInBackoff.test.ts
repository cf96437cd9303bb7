import { RateLimiterMemory } from 'rate-limiter-flexible'
import { DEFAULT_BACKOFF, SignInBackoff, waitAfter } from '../../../src/auth/signInBackoff'
import { HttpError } from '../../../src/http/errors'

const policy = { ...DEFAULT_BACKOFF, freeFailures: 3 }
const backoff = () =>
  new SignInBackoff(
    new RateLimiterMemory({ points: 1e9, duration: policy.forgetAfterSeconds }),
    new RateLimiterMemory({ points: 1, duration: policy.maxWaitSeconds }),
    policy,
  )
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as HttpError,
  )

describe('sign-in backoff', () => {
  it('waits 1 s, 2 s, 4 s … after the free failures, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => waitAfter(n, policy))).toEqual([0, 0, 0, 1, 2, 4, 8])
    expect(waitAfter(1000, policy)).toBe(policy.maxWaitSeconds)
  })

  it('refuses the address with 429 and a growing Retry-After once its free failures are spent', async () => {
    const b = backoff()
    for (let i = 0; i < 4; i++) await b.attempt('ann@example.com', '192.0.2.1')
    const first = await refusal(b.attempt('ann@example.com', '192.0.2.1'))
    expect(first).toMatchObject({ status: 429, id: 'too_many_requests', headers: { 'Retry-After': '1' } })
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await b.attempt('ann@example.com', '192.0.2.1')
    const second = await refusal(b.attempt('ann@example.com', '192.0.2.1'))
    expect(second).toMatchObject({ status: 429, headers: { 'Retry-After': '2' } })
  })

  it('never slows the same account from another address, nor another account from the same address', async () => {
    const b = backoff()
    for (let i = 0; i < 4; i++) await b.attempt('ann@example.com', '192.0.2.1')
    expect(await refusal(b.attempt('ann@example.com', '192.0.2.1'))).toBeInstanceOf(HttpError)
    expect(await refusal(b.attempt('ann@example.com', '192.0.2.2'))).toBeUndefined()
    expect(await refusal(b.attempt('bob@example.com', '192.0.2.1'))).toBeUndefined()
  })

  it('lets only the free attempts and one more through when 20 arrive at once', async () => {
    const b = backoff()
    const results = await Promise.all(
      Array.from({ length: 20 }, () => refusal(b.attempt('ann@example.com', '192.0.2.1'))),
    )
    expect(results.filter((r) => r === undefined)).toHaveLength(policy.freeFailures + 1)
    expect(results.filter((r) => r?.status === 429)).toHaveLength(20 - policy.freeFailures - 1)
  })

  it('forgets the address’s failures for the account on success, and matches emails as Payload does', async () => {
    const b = backoff()
    for (let i = 0; i < 4; i++) await b.attempt(' Ann@Example.com', '192.0.2.1')
    await b.succeeded('ann@example.com', '192.0.2.1')
    for (let i = 0; i < 4; i++) await b.attempt('ann@example.com', '192.0.2.1')
    expect(await refusal(b.attempt('ANN@example.com', '192.0.2.1'))).toMatchObject({ status: 429 })
  })
})
