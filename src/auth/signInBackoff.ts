/**
 * Backoff for password sign-ins, per (email, client address): after a few failures for one account
 * from one address, that address waits before its next try for that account, longer after each
 * further failure. Nothing is counted per account alone, so no one can lock a person out by guessing:
 * the right password from any other address is never slowed, and a success clears the address's
 * count. The counters live in the rate limiter's store (memory, PostgreSQL or Redis).
 */
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { Errors } from '../http/errors'

/** How the backoff grows. */
export interface BackoffPolicy {
  /** failures of one account from one address answered without waiting */
  freeFailures: number
  /** the wait after the first failure beyond the free ones; it doubles after each further failure */
  firstWaitSeconds: number
  /** the longest wait */
  maxWaitSeconds: number
  /** failures are forgotten this long after the first one of a series */
  forgetAfterSeconds: number
}

/** Five free failures, then 1 s, 2 s, 4 s … up to 5 minutes; forgotten after an hour. */
export const DEFAULT_BACKOFF: BackoffPolicy = {
  freeFailures: 5,
  firstWaitSeconds: 1,
  maxWaitSeconds: 300,
  forgetAfterSeconds: 3600,
}

/** The wait that attempt number `failures` (1-based) starts when it fails, in seconds; 0 while attempts are free. */
export function waitAfter(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const beyond = failures - policy.freeFailures
  if (beyond <= 0) return 0
  return Math.min(policy.maxWaitSeconds, policy.firstWaitSeconds * 2 ** Math.min(beyond - 1, 30))
}

/** The key of an (email, address) pair: the email as Payload's login compares it. */
const keyOf = (email: string, address: string) => `${address}|${email.toLowerCase().trim()}`

/** The per-(email, address) backoff of password sign-ins. */
export class SignInBackoff {
  constructor(
    /** counts failures per key, never refusing (points far above any count) */
    private readonly failures: RateLimiterAbstract,
    /** lets one attempt per wait through, once the free failures are spent (one point per window) */
    private readonly gate: RateLimiterAbstract,
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
  ) {}

  /**
   * Called before a password is checked, by every door. Counts the attempt as a failure until
   * `succeeded` clears it (so a failure needs no hook of its own); beyond the free failures, an
   * attempt passes only if the address's previous wait is over, and starts the next, longer one.
   * Both steps are atomic in every store, so concurrent attempts cannot slip through together.
   */
  async attempt(email: string, address: string): Promise<void> {
    const key = keyOf(email, address)
    const counted = await this.failures.penalty(key, 1)
    const attempt = counted instanceof RateLimiterRes ? counted.consumedPoints : 1
    const seconds = waitAfter(attempt, this.policy)
    if (seconds === 0) return
    try {
      await this.gate.consume(key, 1, { customDuration: seconds })
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection
      // Refused before its password was looked at: not a failure.
      await this.failures.reward(key, 1)
      throw Errors.tooManyRequests(
        'failed sign-ins for this account',
        Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      )
    }
  }

  /** The right password was given: this address's failures for this account are forgotten. */
  async succeeded(email: string, address: string): Promise<void> {
    const key = keyOf(email, address)
    await Promise.all([this.failures.delete(key), this.gate.delete(key)])
  }

  /** The limiters' names, for building them in a store. */
  static readonly FAILURES = 'signInFailures'
  static readonly GATE = 'signInGate'
}
