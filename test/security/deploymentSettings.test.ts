/**
 * The hardening settings an operator chooses at deployment: PUBLIC_URL (origin and Secure cookies),
 * TRUST_PROXY (whose word about the client's address and protocol counts), GRAPHQL_ENABLED, and the
 * rate limiter's shared stores (Redis, PostgreSQL) that several Atrium processes use together.
 */
import type { Express } from 'express'
import { randomInt } from 'node:crypto'
import request from 'supertest'
import { createApp } from '../../src/http/createApp'
import pg from 'pg'
import { DEFAULT_BACKOFF } from '../../src/auth/signInBackoff'
import { createRateLimiters, RATE_LIMIT_TABLE, type RateLimiters } from '../../src/http/rateLimits'
import { bootPayload, type BootedPayload } from '../harness/bootPayload'
import type { DatabaseKind } from '../harness/databases'
import { createVendorAdmin } from '../harness/users'

const ADMIN = { email: 'settings-admin@example.com', password: 'correct-horse-battery' }
const randomAddress = () => `203.0.113.${randomInt(1, 255)}`

async function boot(kind: DatabaseKind, env: Record<string, string>): Promise<BootedPayload> {
  const booted = await bootPayload(kind, { env })
  await createVendorAdmin(booted.payload, ADMIN)
  return booted
}

const signIn = (app: Express, headers: Record<string, string> = {}, password = ADMIN.password) =>
  request(app)
    .post('/api/users/login')
    .set(headers)
    .send({ ...ADMIN, password })

describe('with an https PUBLIC_URL', () => {
  let booted: BootedPayload
  let app: Express
  beforeAll(async () => {
    booted = await boot('sqlite', { PUBLIC_URL: 'https://portal.example.com' })
    app = await createApp({ payload: booted.payload, settings: booted.settings })
  })
  afterAll(() => booted.close())

  it('marks the session cookie Secure', async () => {
    const res = await signIn(app)
    expect(res.status).toBe(200)
    expect(res.headers['set-cookie']![0]).toMatch(/;\s*Secure/i)
  })

  it('takes PUBLIC_URL as the only own origin for cookie-authenticated changes', async () => {
    const cookie = (await signIn(app)).headers['set-cookie']![0]!.split(';')[0]!
    const ownHost = await request(app)
      .post('/api/users/logout')
      .set('Host', 'portal.internal:3000')
      .set('Origin', 'http://portal.internal:3000')
      .set('Cookie', cookie)
    expect(ownHost.status).toBe(403)
    const publicOrigin = await request(app)
      .post('/api/users/logout')
      .set('Origin', 'https://portal.example.com')
      .set('Cookie', cookie)
    expect(publicOrigin.status).toBe(200)
  })
})

describe('with TRUST_PROXY unset (no proxy is believed)', () => {
  let booted: BootedPayload
  let app: Express
  beforeAll(async () => {
    booted = await boot('sqlite', { RATE_LIMIT_SIGN_IN: '5/10m' })
    app = await createApp({ payload: booted.payload, settings: booted.settings })
  })
  afterAll(() => booted.close())

  it('does not mark the cookie Secure because a client claims X-Forwarded-Proto: https', async () => {
    const res = await signIn(app, { 'X-Forwarded-Proto': 'https' })
    expect(res.headers['set-cookie']![0]).not.toMatch(/;\s*Secure/i)
  })

  it('counts sign-ins by the real address, whatever X-Forwarded-For claims', async () => {
    const statuses: number[] = []
    // one was spent by the test above
    for (let i = 0; i < 5; i++) statuses.push((await signIn(app, { 'X-Forwarded-For': randomAddress() }, 'x')).status)
    expect(statuses).toEqual([401, 401, 401, 401, 429])
  })
})

describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let booted: BootedPayload
  let app: Express
  beforeAll(async () => {
    booted = await boot('sqlite', { TRUST_PROXY: 'loopback', GRAPHQL_ENABLED: 'false' })
    app = await createApp({ payload: booted.payload, settings: booted.settings })
  })
  afterAll(() => booted.close())

  it('marks the cookie Secure when the proxy says the client used https, and not otherwise', async () => {
    expect((await signIn(app, { 'X-Forwarded-Proto': 'https' })).headers['set-cookie']![0]).toMatch(/;\s*Secure/i)
    expect((await signIn(app)).headers['set-cookie']![0]).not.toMatch(/;\s*Secure/i)
  })

  it('answers /api/graphql with 404 when GraphQL is turned off', async () => {
    const res = await request(app).post('/api/graphql').send({ query: '{ __typename }' })
    expect(res.status).toBe(404)
    expect(res.body.error.id).toBe('route_not_found')
  })
})

describe.each([
  ['redis', 'sqlite', { RATE_LIMIT_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }],
  ['postgres', 'postgres', { RATE_LIMIT_STORE: 'postgres' }],
] as const)('throttle counters shared through %s by two processes', (_store, kind, env) => {
  let booted: BootedPayload
  const limiters: RateLimiters[] = []
  const apps: Express[] = []
  beforeAll(async () => {
    booted = await boot(kind, { ...env, TRUST_PROXY: 'loopback', RATE_LIMIT_SIGN_IN: '6/10m' })
    for (let i = 0; i < 2; i++) {
      limiters.push(await createRateLimiters(booted.settings.rateLimits, booted.settings.database))
      apps.push(await createApp({ payload: booted.payload, settings: booted.settings, rateLimiters: limiters[i] }))
    }
  })
  afterAll(async () => {
    for (const limiter of limiters) await limiter.close()
    await booted.close()
  })

  it('refuses the 7th attempt from one address, whichever process received the earlier six', async () => {
    const client = { 'X-Forwarded-For': `192.0.2.${randomInt(1, 255)}-${Date.now()}` }
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await signIn(apps[i % 2]!, client, 'wrong')).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429])
  })

  it('backs off an (email, address) pair across both processes: of 20 attempts at once, only 6 go through', async () => {
    const address = `192.0.2.${randomInt(1, 255)}-${Date.now()}`
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiters[i % 2]!.signInBackoff.attempt('shared@example.com', address).then(
          () => 'tried',
          (error: { status?: number }) => error.status,
        ),
      ),
    )
    expect(outcomes.filter((o) => o === 'tried')).toHaveLength(DEFAULT_BACKOFF.freeFailures + 1)
    expect(outcomes.filter((o) => o === 429)).toHaveLength(20 - DEFAULT_BACKOFF.freeFailures - 1)
    // A success from the address clears it in the shared store, for both processes.
    await limiters[0]!.signInBackoff.succeeded('shared@example.com', address)
    await expect(limiters[1]!.signInBackoff.attempt('shared@example.com', address)).resolves.toBeUndefined()
  })
})

describe('the PostgreSQL counter table, when several processes start at once', () => {
  let booted: BootedPayload
  beforeAll(async () => {
    booted = await boot('postgres', { RATE_LIMIT_STORE: 'postgres' })
  })
  afterAll(() => booted.close())

  it('is created by one and used by all, without an error from the race', async () => {
    const pool = new pg.Pool({ connectionString: booted.settings.database.url, max: 1 })
    try {
      for (let round = 0; round < 5; round++) {
        await pool.query(`DROP TABLE IF EXISTS "${RATE_LIMIT_TABLE}"`)
        const sets = await Promise.all(
          [1, 2, 3].map(() => createRateLimiters(booted.settings.rateLimits, booted.settings.database)),
        )
        await Promise.all(sets.map((set) => set.signIn.take(`race-${round}`)))
        await Promise.all(sets.map((set) => set.close()))
      }
    } finally {
      await pool.end()
    }
  })
})

describe('when the shared store does not answer', () => {
  let booted: BootedPayload
  let limiters: RateLimiters
  let app: Express
  beforeAll(async () => {
    booted = await boot('sqlite', {
      RATE_LIMIT_STORE: 'redis',
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_SIGN_IN: '3/10m',
    })
    limiters = await createRateLimiters(booted.settings.rateLimits, booted.settings.database)
    app = await createApp({ payload: booted.payload, settings: booted.settings, rateLimiters: limiters })
  })
  afterAll(async () => {
    await limiters.close()
    await booted.close()
  })

  it("falls back to the process's own counters: sign-in works, and the throttle still holds", async () => {
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await signIn(app)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
  })
})
