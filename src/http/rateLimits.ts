/**
 * The one rate limiter: per-client-IP budgets for sign-in, password reset, sign-in links and GraphQL
 * (and sign-in links per email address). Counters live
 * in this process's memory by default; when several Atrium processes serve one installation they
 * share them in PostgreSQL (RATE_LIMIT_STORE=postgres) or Redis (RATE_LIMIT_STORE=redis). If the
 * shared store stops answering, each process falls back to its own memory rather than refusing
 * every sign-in.
 */
import type { Request } from 'express'
import { Redis } from 'ioredis'
import pg from 'pg'
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible'
import { DEFAULT_BACKOFF, SignInBackoff } from '../auth/signInBackoff'
import type { DatabaseSettings, RateBudget, RateLimitSettings } from '../config/settings'
import { Errors } from './errors'

/** A named budget per key (the client's IP address). */
export class Throttle {
  constructor(
    private readonly limiter: RateLimiterAbstract,
    /** what is counted, for the 429 message: "sign-in attempts" */
    readonly what: string,
  ) {}

  /** Takes `points` from `key`'s budget; throws 429 too_many_requests with Retry-After once it is spent. */
  async take(key: string, points = 1): Promise<void> {
    try {
      await this.limiter.consume(key, points)
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection
      throw Errors.tooManyRequests(this.what, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)))
    }
  }
}

/** Whom a throttle counts: the client's address, as far as the trusted-proxy setting lets express tell. */
export function clientKey(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown'
}

/** The throttles Atrium applies, and how to let go of their store. */
export interface RateLimiters {
  signIn: Throttle
  passwordReset: Throttle
  /** sign-in links asked for, per client address */
  signInLink: Throttle
  /** sign-in links asked for, per email address (keyed by the address, not the client) */
  signInLinkAddress: Throttle
  graphql: Throttle
  /** Per (email, client address) backoff of failed password sign-ins, on top of `signIn`. */
  signInBackoff: SignInBackoff
  /** Closes the shared store's connection, if any. */
  close: () => Promise<void>
}

/** The PostgreSQL table holding shared counters; created by the limiter, outside Payload's schema. */
export const RATE_LIMIT_TABLE = 'atrium_rate_limits'

/** How long start-up waits for Redis before counting in memory until it connects. */
const REDIS_READY_WAIT_MS = 2000

type Budgets = Pick<RateLimitSettings, 'signIn' | 'passwordReset' | 'signInLink' | 'signInLinkAddress' | 'graphql'>
const WHAT: Record<keyof Budgets, string> = {
  signIn: 'sign-in attempts',
  passwordReset: 'password reset requests',
  signInLink: 'sign-in link requests',
  signInLinkAddress: 'sign-in link requests for this email address',
  graphql: 'GraphQL requests',
}

const memory = (name: string, budget: RateBudget) =>
  new RateLimiterMemory({ keyPrefix: name, points: budget.points, duration: budget.durationSeconds })

// PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against itself: two processes starting at once
// may see "type … already exists" (42710) or "relation … already exists" (42P07). Either means the
// table is there; the library only recognises a third form of the same race.
const TABLE_CREATED_ELSEWHERE = new Set(['42710', '42P07', '23505'])

function postgresLimiter(pool: pg.Pool, name: string, budget: RateBudget): Promise<RateLimiterAbstract> {
  const options = (tableCreated: boolean) => ({
    storeClient: pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    tableCreated,
    keyPrefix: name,
    points: budget.points,
    duration: budget.durationSeconds,
    clearExpiredByTimeout: false,
    insuranceLimiter: memory(name, budget),
  })
  return new Promise((resolve, reject) => {
    const limiter: RateLimiterPostgres = new RateLimiterPostgres(options(false), (err?: Error & { code?: string }) => {
      if (!err) resolve(limiter)
      else if (err.code && TABLE_CREATED_ELSEWHERE.has(err.code)) resolve(new RateLimiterPostgres(options(true)))
      else reject(err)
    })
  })
}

/** Creates the throttles of `settings` in their store. */
export async function createRateLimiters(
  settings: RateLimitSettings,
  database: DatabaseSettings,
): Promise<RateLimiters> {
  const budgets: Budgets = {
    signIn: settings.signIn,
    passwordReset: settings.passwordReset,
    signInLink: settings.signInLink,
    signInLinkAddress: settings.signInLinkAddress,
    graphql: settings.graphql,
  }
  const names = Object.keys(budgets) as (keyof Budgets)[]
  const build = async (
    make: (name: string, budget: RateBudget) => RateLimiterAbstract | Promise<RateLimiterAbstract>,
    close: () => Promise<void>,
  ): Promise<RateLimiters> => {
    const entries = await Promise.all(
      names.map(async (name) => [name, new Throttle(await make(name, budgets[name]), WHAT[name])] as const),
    )
    const signInBackoff = new SignInBackoff(
      // Counts never refuse; the gate's window is set per attempt (the wait that attempt starts).
      await make(SignInBackoff.FAILURES, { points: 1e9, durationSeconds: DEFAULT_BACKOFF.forgetAfterSeconds }),
      await make(SignInBackoff.GATE, { points: 1, durationSeconds: DEFAULT_BACKOFF.maxWaitSeconds }),
    )
    return { ...(Object.fromEntries(entries) as Record<keyof Budgets, Throttle>), signInBackoff, close }
  }

  switch (settings.store.kind) {
    case 'memory':
      return build(memory, async () => undefined)
    case 'redis': {
      // No offline queue: while Redis is away, the insurance limiter answers at once instead of waiting.
      const client = new Redis(settings.store.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
      client.on('error', () => undefined)
      // Start counting in Redis from the first request when it answers; if it does not, memory covers.
      await Promise.race([
        new Promise((resolve) => client.once('ready', resolve)),
        new Promise((resolve) => setTimeout(resolve, REDIS_READY_WAIT_MS).unref()),
      ])
      return build(
        (name, budget) =>
          new RateLimiterRedis({
            storeClient: client,
            keyPrefix: `atrium:rate:${name}`,
            points: budget.points,
            duration: budget.durationSeconds,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory(name, budget),
          }),
        async () => {
          await client.quit().catch(() => client.disconnect())
        },
      )
    }
    case 'postgres': {
      if (database.kind !== 'postgres') throw new Error('RATE_LIMIT_STORE=postgres needs a PostgreSQL DATABASE_URL')
      const pool = new pg.Pool({ connectionString: database.url, max: 4 })
      pool.on('error', () => undefined)
      return build(
        (name, budget) => postgresLimiter(pool, name, budget),
        () => pool.end(),
      )
    }
  }
}
