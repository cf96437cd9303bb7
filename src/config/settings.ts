/**
 * Atrium's runtime configuration: the one module that reads `process.env`.
 *
 * Every setting is validated here, once, with zod. Invalid settings throw a {@link SettingsError}
 * whose message names each offending variable and what it accepts; entry points print it and exit
 * non-zero before anything listens.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/** Where the platform's data lives, derived from DATABASE_URL. */
export type DatabaseSettings =
  | { kind: 'sqlite'; url: string; file: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'mongodb'; url: string }

/** Validated settings of one Atrium process. */
export interface Settings {
  nodeEnv: 'development' | 'test' | 'production'
  /** NODE_ENV=production: no automatic seed, no default password, secrets required. */
  isProduction: boolean
  host: string
  /** 0 picks a free port (tests). */
  port: number
  /** The address users reach Atrium at; empty when it is simply the host and port. */
  publicUrl: string | undefined
  /** Folder for the embedded database and development secrets. */
  dataDir: string
  database: DatabaseSettings
  /** Signs session tokens. Required in production; generated once per data folder otherwise. */
  secret: string
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Largest accepted request body, in bytes (JSON, forms, text). */
  bodyLimit: number
  /** Largest accepted multipart (upload) body, in bytes. */
  uploadLimit: number
  /** The administrator `npm run seed` creates; undefined in production unless both variables are set. */
  seedAdmin: { email: string; password: string } | undefined
  /** Which proxies in front of Atrium are believed about the client's address and protocol (express's `trust proxy`). */
  trustProxy: boolean | number | string
  /** GraphQL at /api/graphql; off answers 404. */
  graphqlEnabled: boolean
  /** This process runs queued background jobs (record type migrations) every few seconds. */
  runJobs: boolean
  /** Largest page (`limit`) and relationship depth a user may ask of REST, GraphQL or the Local API on their behalf. */
  queryLimits: QueryLimits
  /** Per-client-IP throttles and where their counters live. */
  rateLimits: RateLimitSettings
  /** Where outgoing email goes and whom it is from. */
  email: EmailSettings
  /** Staff must prove an authenticator app after their password (production default), or may choose to. */
  staffSecondFactor: 'required' | 'optional'
}

/** Outgoing email: through an SMTP server, or written to the log instead of being sent. */
export interface EmailSettings {
  /** `smtp`: an smtp:// or smtps:// URL, credentials included; `log`: nothing is sent. */
  transport: { kind: 'smtp'; url: string } | { kind: 'log' }
  /** The sender of messages that name none, and the name Payload's own emails (password reset) use. */
  from: { name: string; address: string }
}

/** Caps on what one read may ask for. */
export interface QueryLimits {
  maxLimit: number
  maxDepth: number
}

/** A budget of `points` per `durationSeconds`. */
export interface RateBudget {
  points: number
  durationSeconds: number
}

/** Where throttle counters live: one process's memory, or a store every process shares. */
export type RateLimitStore = { kind: 'memory' } | { kind: 'postgres' } | { kind: 'redis'; url: string }

/** Per-client-IP throttles. */
export interface RateLimitSettings {
  store: RateLimitStore
  /** sign-in attempts, REST or GraphQL (each GraphQL alias counts) */
  signIn: RateBudget
  /** forgot- and reset-password requests */
  passwordReset: RateBudget
  /** GraphQL requests of any kind */
  graphql: RateBudget
}

/** Settings that only the test harness reads. */
export interface TestSettings {
  /** A Postgres database the harness may connect to in order to create and drop test databases. */
  postgresAdminUrl: string
  /** A MongoDB server for the MongoDB suite; undefined skips that suite. */
  mongodbUrl: string | undefined
  /** Keep browser screenshots and logs here. */
  artifactsDir: string
  /** Seed of the property tests' random data: fixed, so CI is repeatable; set another to explore. */
  propertySeed: number
}

/** Thrown when the environment holds an invalid setting; the message lists every problem. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError'

  /** @param problems one line per problem, each naming the variable(s): "DATABASE_URL: …" */
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `- ${problem}`).join('\n')}`)
  }
}

/** Sender of an installation without EMAIL_FROM; never used to send from production. */
export const DEFAULT_EMAIL_FROM = { name: 'Atrium', address: 'no-reply@atrium.local' } as const

/** Demo login of a development installation; never used when NODE_ENV=production. */
export const DEMO_ADMIN = { email: 'admin@atrium.local', password: 'atrium-demo-2026' } as const

const DATABASE_URL_FORMS =
  'unset (embedded SQLite in DATA_DIR), file:<path> (SQLite), postgres://… or postgresql://… (PostgreSQL), mongodb://… or mongodb+srv://… (MongoDB)'

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }

const size = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(raw.trim())
      const unit = SIZE_UNITS[(match?.[2] ?? 'b').toLowerCase()]
      if (!match?.[1] || unit === undefined) {
        ctx.addIssue({ code: 'custom', message: `must be a size such as 512kb or 2mb (got "${raw}")` })
        return z.NEVER
      }
      return Number(match[1]) * unit
    })

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value)

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 }

const rateBudget = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx): RateBudget => {
      const match = /^(\d+)\s*\/\s*(\d*)\s*(s|m|h)$/i.exec(raw.trim())
      const unit = DURATION_UNITS[(match?.[3] ?? '').toLowerCase()]
      const points = Number(match?.[1])
      const durationSeconds = Number(match?.[2] || 1) * (unit ?? 0)
      if (!match || !unit || points < 1 || durationSeconds < 1) {
        ctx.addIssue({ code: 'custom', message: `must be a budget such as 20/10m or 300/1m (got "${raw}")` })
        return z.NEVER
      }
      return { points, durationSeconds }
    })

const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .optional()
    .transform((raw) => (raw === undefined ? fallback : raw === 'true' || raw === '1'))

const positiveInt = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback)

// false (no proxy), true (any), a hop count, or addresses/subnets/names express understands (loopback, 10.0.0.0/8, …)
const trustProxy = z
  .string()
  .default('false')
  .transform((raw, ctx): boolean | number | string => {
    const value = raw.trim()
    if (value === 'false' || value === 'true') return value === 'true'
    if (/^\d+$/.test(value)) return Number(value)
    if (/^[\w.:/]+(\s*,\s*[\w.:/]+)*$/.test(value)) return value
    ctx.addIssue({
      code: 'custom',
      message: `must be false, true, a number of hops, or addresses such as loopback or 10.0.0.0/8 (got "${raw}")`,
    })
    return z.NEVER
  })

// The scheme decides TLS: smtps:// from the first byte (port 465), smtp:// upgraded with STARTTLS
// when the server offers it. Credentials, URL-encoded, go in the URL.
const smtpUrl = z.string().superRefine((raw, ctx) => {
  if (raw === 'log' || (/^smtps?:\/\/[^/?#]+/.test(raw) && URL.canParse(raw) && new URL(raw).hostname !== '')) return
  ctx.addIssue({
    code: 'custom',
    message: `must be smtp://[user:password@]host[:port] or smtps://…, or log to write email to the log instead of sending it (got "${redactUrl(raw)}")`,
  })
})

// "Name <address>", "\"Name\" <address>" or a bare address. Payload quotes the name itself in the
// From of its own emails, so quotes, backslashes and angle brackets are refused in it, as are
// control characters (a line break would start a header of its own).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const EMAIL_FROM = /^(?:"?([^"\\<>\x00-\x1f\x7f]*?)"?\s*<([^<>\s]+)>|([^<>\s"]+))$/
const emailFrom = z.string().transform((raw, ctx) => {
  const match = EMAIL_FROM.exec(raw.trim())
  const address = match?.[2] ?? match?.[3] ?? ''
  if (!match || !z.email().safeParse(address).success) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an address with an optional name, such as "Acme Portal <portal@acme.example>" (got "${raw}")`,
    })
    return z.NEVER
  }
  return { name: (match[1] ?? '').trim(), address }
})

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'test', 'production']).default('development')),
  HOST: z.preprocess(emptyAsUndefined, z.string().min(1).default('0.0.0.0')),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('data')),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .superRefine((raw, ctx) => {
        // Checked here too, so that it is reported together with every other bad setting.
        if (!databaseSettingsOf(raw, '.')) ctx.addIssue({ code: 'custom', message: databaseUrlProblem(raw) })
      })
      .optional(),
  ),
  PAYLOAD_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  BODY_LIMIT: z.preprocess(emptyAsUndefined, size('1mb')),
  UPLOAD_LIMIT: z.preprocess(emptyAsUndefined, size('50mb')),
  SEED_ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email('must be an email address').optional()),
  SEED_ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(12, 'must be at least 12 characters').optional()),
  TRUST_PROXY: z.preprocess(emptyAsUndefined, trustProxy),
  GRAPHQL_ENABLED: z.preprocess(emptyAsUndefined, boolean(true)),
  RUN_JOBS: z.preprocess(emptyAsUndefined, boolean(true)),
  MAX_PAGE_SIZE: z.preprocess(emptyAsUndefined, positiveInt(100, 10_000)),
  MAX_DEPTH: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10).default(3)),
  RATE_LIMIT_STORE: z.preprocess(emptyAsUndefined, z.enum(['memory', 'postgres', 'redis']).default('memory')),
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  RATE_LIMIT_SIGN_IN: z.preprocess(emptyAsUndefined, rateBudget('30/10m')),
  RATE_LIMIT_PASSWORD_RESET: z.preprocess(emptyAsUndefined, rateBudget('10/10m')),
  RATE_LIMIT_GRAPHQL: z.preprocess(emptyAsUndefined, rateBudget('300/1m')),
  SMTP_URL: z.preprocess(emptyAsUndefined, smtpUrl.optional()),
  EMAIL_FROM: z.preprocess(emptyAsUndefined, emailFrom.optional()),
  STAFF_SECOND_FACTOR: z.preprocess(emptyAsUndefined, z.enum(['required', 'optional']).optional()),
})

const testSchema = z.object({
  TEST_POSTGRES_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .default('postgres://postgres@127.0.0.1:5432/postgres'),
  ),
  MONGODB_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
      .optional(),
  ),
  TEST_ARTIFACTS_DIR: z.preprocess(emptyAsUndefined, z.string().default('test-artifacts')),
  TEST_SEED: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(42),
  ),
})

/** The database `raw` (a DATABASE_URL) selects, or undefined when it is no accepted form. */
function databaseSettingsOf(raw: string | undefined, dataDir: string): DatabaseSettings | undefined {
  if (raw === undefined) {
    const file = path.resolve(dataDir, 'atrium.db')
    return { kind: 'sqlite', url: `file:${file}`, file }
  }
  if (/^file:.+/.test(raw)) {
    const file = path.resolve(raw.slice('file:'.length).replace(/^\/\/(?=\/)/, ''))
    return { kind: 'sqlite', url: `file:${file}`, file }
  }
  if (/^postgres(ql)?:\/\/[^/]+/.test(raw) && URL.canParse(raw)) return { kind: 'postgres', url: raw }
  if (/^mongodb(\+srv)?:\/\/[^/]+/.test(raw) && URL.canParse(raw)) return { kind: 'mongodb', url: raw }
  return undefined
}

const databaseUrlProblem = (raw: string) => `"${redactUrl(raw)}" is not accepted; use ${DATABASE_URL_FORMS}`

/** Reads DATABASE_URL into the adapter it selects; throws a SettingsError naming the variable. */
export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseSettings {
  const database = databaseSettingsOf(raw, dataDir)
  if (!database) throw new SettingsError([`DATABASE_URL: ${databaseUrlProblem(raw ?? '')}`])
  return database
}

/** Hides the password of a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]+@/, '$1***@')
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

/** The development secret: generated once and kept in the data folder so sessions survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = path.resolve(dataDir, '.payload-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(path.dirname(file), { recursive: true })
  const secret = randomBytes(32).toString('hex')
  writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 })
  chmodSync(file, 0o600)
  return secret
}

/** Parses an environment (normally `process.env`) into Settings, or throws a SettingsError listing every problem. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) throw new SettingsError(issuesOf(parsed.error))
  const e = parsed.data
  const isProduction = e.NODE_ENV === 'production'
  const problems: string[] = []
  if (isProduction && !e.PAYLOAD_SECRET) {
    problems.push('PAYLOAD_SECRET: required when NODE_ENV=production (at least 32 random characters)')
  }
  if (Boolean(e.SEED_ADMIN_EMAIL) !== Boolean(e.SEED_ADMIN_PASSWORD)) {
    problems.push('SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD: set both or neither')
  }
  if (e.RATE_LIMIT_STORE === 'redis' && !e.REDIS_URL) {
    problems.push('REDIS_URL: required when RATE_LIMIT_STORE=redis')
  }
  if (e.RATE_LIMIT_STORE === 'postgres' && !/^postgres(ql)?:/.test(e.DATABASE_URL ?? '')) {
    problems.push(
      'RATE_LIMIT_STORE: postgres keeps the counters in the PostgreSQL database, so DATABASE_URL must be one',
    )
  }
  // A production installation that silently sends no email (password resets, approvals) fails its
  // users where nobody looks; not sending must be a choice somebody wrote down.
  if (isProduction && !e.SMTP_URL) {
    problems.push(
      'SMTP_URL: required when NODE_ENV=production (smtp://user:password@host:587 or smtps://user:password@host:465); set it to log to run without sending email',
    )
  }
  if (isProduction && e.SMTP_URL && e.SMTP_URL !== 'log' && !e.EMAIL_FROM) {
    problems.push(
      `EMAIL_FROM: required when NODE_ENV=production and SMTP_URL sends email (${DEFAULT_EMAIL_FROM.address} is no real mailbox), e.g. "Acme Portal <portal@acme.example>"`,
    )
  }
  if (problems.length > 0) throw new SettingsError(problems)

  const database = parseDatabaseUrl(e.DATABASE_URL, e.DATA_DIR)
  const seedAdmin =
    e.SEED_ADMIN_EMAIL && e.SEED_ADMIN_PASSWORD
      ? { email: e.SEED_ADMIN_EMAIL, password: e.SEED_ADMIN_PASSWORD }
      : isProduction
        ? undefined
        : { ...DEMO_ADMIN }

  return {
    nodeEnv: e.NODE_ENV,
    isProduction,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    dataDir: path.resolve(e.DATA_DIR),
    database,
    secret: e.PAYLOAD_SECRET ?? developmentSecret(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    uploadLimit: e.UPLOAD_LIMIT,
    seedAdmin,
    trustProxy: e.TRUST_PROXY,
    graphqlEnabled: e.GRAPHQL_ENABLED,
    runJobs: e.RUN_JOBS,
    queryLimits: { maxLimit: e.MAX_PAGE_SIZE, maxDepth: e.MAX_DEPTH },
    rateLimits: {
      store:
        e.RATE_LIMIT_STORE === 'redis' && e.REDIS_URL
          ? { kind: 'redis', url: e.REDIS_URL }
          : e.RATE_LIMIT_STORE === 'postgres'
            ? { kind: 'postgres' }
            : { kind: 'memory' },
      signIn: e.RATE_LIMIT_SIGN_IN,
      passwordReset: e.RATE_LIMIT_PASSWORD_RESET,
      graphql: e.RATE_LIMIT_GRAPHQL,
    },
    email: {
      transport: !e.SMTP_URL || e.SMTP_URL === 'log' ? { kind: 'log' } : { kind: 'smtp', url: e.SMTP_URL },
      from: e.EMAIL_FROM ?? { ...DEFAULT_EMAIL_FROM },
    },
    staffSecondFactor: e.STAFF_SECOND_FACTOR ?? (isProduction ? 'required' : 'optional'),
  }
}

// Next bundles its own copy of this module into the admin UI; sharing the parsed settings through
// globalThis keeps both copies on exactly the same configuration within one process.
const shared = globalThis as typeof globalThis & { __atriumSettings?: Settings }

/** The settings of this process, parsed from `process.env` on first use. */
export function getSettings(): Settings {
  shared.__atriumSettings ??= parseSettings(process.env)
  return shared.__atriumSettings
}

/** Settings that only the test harness reads, from `process.env`. */
export function getTestSettings(): TestSettings {
  const parsed = testSchema.safeParse(process.env)
  if (!parsed.success) throw new SettingsError(issuesOf(parsed.error))
  return {
    postgresAdminUrl: parsed.data.TEST_POSTGRES_URL,
    mongodbUrl: parsed.data.MONGODB_URL,
    artifactsDir: path.resolve(parsed.data.TEST_ARTIFACTS_DIR),
    propertySeed: parsed.data.TEST_SEED,
  }
}

/**
 * Payload reads a few switches from `process.env` itself; this module is the one that touches it.
 * Outside Next's dev server there is no hot-reload socket for getPayload to connect to. A test
 * process that pushes schemas to several fresh databases must say so: Payload skips a push whose
 * schema equals the one it pushed last in this process, whatever the database.
 */
export function preparePayloadProcess({ freshDatabasePerPush = false } = {}): void {
  process.env.DISABLE_PAYLOAD_HMR = 'true'
  if (freshDatabasePerPush) process.env.PAYLOAD_FORCE_DRIZZLE_PUSH = 'true'
}

/** This process's environment with `extra` set and the variables in `drop` removed, for a child process. */
export function derivedEnvironment(extra: Record<string, string>, drop: string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of drop) delete env[name]
  return { ...env, ...extra }
}

/**
 * The environment for a child process (the admin build), with the resolved secret and email
 * settings passed on: the build runs with NODE_ENV=production, which requires them, and must load
 * the configuration this process runs with, also in development.
 */
export function childProcessEnv(settings: Settings, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { transport, from } = settings.email
  return derivedEnvironment({
    PAYLOAD_SECRET: settings.secret,
    SMTP_URL: transport.kind === 'smtp' ? transport.url : 'log',
    EMAIL_FROM: from.name ? `${from.name} <${from.address}>` : from.address,
    ...extra,
  })
}
