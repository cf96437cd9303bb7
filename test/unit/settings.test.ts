import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { childProcessEnv, DEMO_ADMIN, parseSettings, SettingsError } from '../../src/config/settings'

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'atrium-settings-'))
const SECRET = 'a'.repeat(40)

function errorOf(env: Record<string, string>): SettingsError {
  try {
    parseSettings({ DATA_DIR: dataDir(), ...env })
  } catch (err) {
    if (err instanceof SettingsError) return err
    throw err
  }
  throw new Error('expected a SettingsError')
}

describe('settings', () => {
  describe('DATABASE_URL', () => {
    it('refuses a value that is no accepted form, naming the variable and the accepted forms', () => {
      const err = errorOf({ DATABASE_URL: 'nonsense' })
      expect(err.message).toContain('DATABASE_URL')
      expect(err.message).toContain('"nonsense"')
      expect(err.message).toMatch(/file:.*postgres:\/\/.*mongodb:\/\//)
    })

    it.each(['mysql://root@localhost/atrium', 'postgres://', 'mongodb:/x', 'file:'])('refuses %s', (url) => {
      expect(errorOf({ DATABASE_URL: url }).message).toContain('DATABASE_URL')
    })

    it('does not print the password of a refused URL', () => {
      const err = errorOf({ DATABASE_URL: 'mysql://root:hunter2@db/atrium' })
      expect(err.message).not.toContain('hunter2')
    })

    it('uses embedded SQLite in DATA_DIR when unset', () => {
      const dir = dataDir()
      const { database } = parseSettings({ DATA_DIR: dir })
      expect(database).toEqual({
        kind: 'sqlite',
        file: path.join(dir, 'atrium.db'),
        url: `file:${path.join(dir, 'atrium.db')}`,
      })
    })

    it.each([
      ['file:./x/atrium.db', 'sqlite'],
      ['file:///tmp/atrium.db', 'sqlite'],
      ['postgres://postgres@127.0.0.1:5432/atrium', 'postgres'],
      ['postgresql://u:p@db.internal/atrium?sslmode=require', 'postgres'],
      ['mongodb://127.0.0.1:27017/atrium', 'mongodb'],
      ['mongodb+srv://cluster0.example.net/atrium', 'mongodb'],
    ])('selects the adapter from %s', (url, kind) => {
      expect(parseSettings({ DATA_DIR: dataDir(), DATABASE_URL: url }).database.kind).toBe(kind)
    })

    it('resolves file:///abs and file:rel to absolute paths', () => {
      expect(parseSettings({ DATA_DIR: dataDir(), DATABASE_URL: 'file:///tmp/a.db' }).database).toMatchObject({
        file: '/tmp/a.db',
      })
      expect(parseSettings({ DATA_DIR: dataDir(), DATABASE_URL: 'file:rel/a.db' }).database).toMatchObject({
        file: path.resolve('rel/a.db'),
      })
    })
  })

  describe('other settings', () => {
    it.each([
      [{ PORT: 'eighty' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ BODY_LIMIT: 'lots' }, 'BODY_LIMIT'],
      [{ PUBLIC_URL: 'ftp://example.com' }, 'PUBLIC_URL'],
      [{ PAYLOAD_SECRET: 'short' }, 'PAYLOAD_SECRET'],
      [{ SEED_ADMIN_EMAIL: 'not-an-email', SEED_ADMIN_PASSWORD: 'long-enough-password' }, 'SEED_ADMIN_EMAIL'],
      [{ SEED_ADMIN_EMAIL: 'ops@example.com' }, 'SEED_ADMIN_PASSWORD'],
      [{ STAFF_OIDC_ISSUER: 'https://login.vendor.example' }, 'STAFF_OIDC_CLIENT_ID'],
      [
        { STAFF_OIDC_ISSUER: 'ldap://login.vendor.example', STAFF_OIDC_CLIENT_ID: 'a', STAFF_OIDC_CLIENT_SECRET: 'b' },
        'STAFF_OIDC_ISSUER',
      ],
    ])('refuses %j, naming %s', (env, name) => {
      expect(errorOf(env).message).toContain(name)
    })

    it('takes the vendor’s OpenID provider for staff from all three STAFF_OIDC_* settings, or none', () => {
      const env = {
        STAFF_OIDC_ISSUER: 'https://login.vendor.example',
        STAFF_OIDC_CLIENT_ID: 'atrium',
        STAFF_OIDC_CLIENT_SECRET: 's',
      }
      expect(parseSettings({ DATA_DIR: dataDir(), ...env }).staffSso).toEqual({
        issuer: 'https://login.vendor.example',
        clientId: 'atrium',
        clientSecret: 's',
      })
      expect(parseSettings({ DATA_DIR: dataDir() }).staffSso).toBeUndefined()
    })

    it('names a bad DATABASE_URL together with the other bad settings', () => {
      const err = errorOf({ PORT: 'x', DATABASE_URL: 'nonsense' })
      expect(err.message).toContain('PORT')
      expect(err.message).toContain('DATABASE_URL: "nonsense" is not accepted')
    })

    it('lists every problem at once', () => {
      const err = errorOf({ PORT: 'x', LOG_LEVEL: 'loud' })
      expect(err.message).toContain('PORT')
      expect(err.message).toContain('LOG_LEVEL')
    })

    it('has the documented defaults', () => {
      const s = parseSettings({ DATA_DIR: dataDir() })
      expect(s).toMatchObject({
        nodeEnv: 'development',
        isProduction: false,
        host: '0.0.0.0',
        port: 3000,
        publicUrl: undefined,
        logLevel: 'info',
        bodyLimit: 1024 * 1024,
        uploadLimit: 50 * 1024 * 1024,
        seedAdmin: DEMO_ADMIN,
        runJobs: true,
      })
      expect(parseSettings({ DATA_DIR: dataDir(), RUN_JOBS: 'false' }).runJobs).toBe(false)
    })

    it('reads sizes with units and strips a trailing slash from PUBLIC_URL', () => {
      const s = parseSettings({
        DATA_DIR: dataDir(),
        BODY_LIMIT: '512kb',
        UPLOAD_LIMIT: '2GB',
        PUBLIC_URL: 'https://portal.example.com/',
      })
      expect(s.bodyLimit).toBe(512 * 1024)
      expect(s.uploadLimit).toBe(2 * 1024 ** 3)
      expect(s.publicUrl).toBe('https://portal.example.com')
    })
  })

  describe('SMTP_URL and EMAIL_FROM', () => {
    const PROD = { NODE_ENV: 'production', PAYLOAD_SECRET: SECRET }

    it('writes email to the log from Atrium <no-reply@atrium.local> when unset outside production', () => {
      expect(parseSettings({ DATA_DIR: dataDir() }).email).toEqual({
        transport: { kind: 'log' },
        from: { name: 'Atrium', address: 'no-reply@atrium.local' },
      })
    })

    it.each([
      ['smtp://mailer:s%40cret@mail.example.com:587', 'Acme Portal <portal@acme.example>', 'Acme Portal'],
      ['smtps://mail.example.com', '"Acme, Inc." <portal@acme.example>', 'Acme, Inc.'],
      ['smtp://127.0.0.1:2525', 'portal@acme.example', ''],
    ])('takes %s from %s', (url, from, name) => {
      expect(parseSettings({ DATA_DIR: dataDir(), SMTP_URL: url, EMAIL_FROM: from }).email).toEqual({
        transport: { kind: 'smtp', url },
        from: { name, address: 'portal@acme.example' },
      })
    })

    it.each(['http://mail.example.com', 'smtp://', 'smtp:mail.example.com', 'mail.example.com:587', 'logs'])(
      'refuses SMTP_URL=%s, naming the accepted forms',
      (url) => {
        expect(errorOf({ SMTP_URL: url }).message).toMatch(/SMTP_URL: must be smtp:\/\/.*smtps:\/\/.*or log/)
      },
    )

    it('does not print the password of a refused SMTP_URL', () => {
      expect(errorOf({ SMTP_URL: 'smtpx://mailer:hunter2@mail.example.com' }).message).not.toContain('hunter2')
    })

    it.each([
      'not-an-address',
      'Acme <not-an-address>',
      'Acme\r\nBcc: eve@evil.example <portal@acme.example>',
      'Ac"me <portal@acme.example>',
      'Acme <portal@acme.example> <eve@evil.example>',
    ])('refuses EMAIL_FROM=%j', (from) => {
      expect(errorOf({ EMAIL_FROM: from }).message).toContain('EMAIL_FROM: must be an address')
    })

    it('refuses to start in production without SMTP_URL, saying how to run without email', () => {
      expect(errorOf(PROD).message).toMatch(/SMTP_URL: required when NODE_ENV=production.*set it to log/)
    })

    it('requires EMAIL_FROM in production when SMTP_URL sends email', () => {
      expect(errorOf({ ...PROD, SMTP_URL: 'smtps://mail.example.com' }).message).toContain('EMAIL_FROM: required')
      const s = parseSettings({ DATA_DIR: dataDir(), ...PROD, SMTP_URL: 'log' })
      expect(s.email.transport).toEqual({ kind: 'log' })
    })
  })

  describe('secrets and production', () => {
    it('requires PAYLOAD_SECRET in production', () => {
      expect(errorOf({ NODE_ENV: 'production' }).message).toContain('PAYLOAD_SECRET')
    })

    it('has no default administrator password in production', () => {
      const s = parseSettings({ DATA_DIR: dataDir(), NODE_ENV: 'production', PAYLOAD_SECRET: SECRET, SMTP_URL: 'log' })
      expect(s.seedAdmin).toBeUndefined()
    })

    it('takes the administrator from SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD', () => {
      const s = parseSettings({
        DATA_DIR: dataDir(),
        NODE_ENV: 'production',
        PAYLOAD_SECRET: SECRET,
        SMTP_URL: 'log',
        SEED_ADMIN_EMAIL: 'ops@example.com',
        SEED_ADMIN_PASSWORD: 'a-long-password',
      })
      expect(s.seedAdmin).toEqual({ email: 'ops@example.com', password: 'a-long-password' })
    })

    it('generates a development secret once per data folder and keeps it private', () => {
      const dir = dataDir()
      const first = parseSettings({ DATA_DIR: dir }).secret
      const second = parseSettings({ DATA_DIR: dir }).secret
      expect(first).toMatch(/^[0-9a-f]{64}$/)
      expect(second).toBe(first)
      const file = path.join(dir, '.payload-secret')
      expect(readFileSync(file, 'utf8').trim()).toBe(first)
      expect(statSync(file).mode & 0o077).toBe(0)
      expect(parseSettings({ DATA_DIR: dataDir() }).secret).not.toBe(first)
    })
  })

  describe('API hardening settings', () => {
    it('defaults to no trusted proxy, GraphQL on, pages of 100, depth 3 and in-memory throttles', () => {
      const s = parseSettings({ DATA_DIR: dataDir() })
      expect(s.trustProxy).toBe(false)
      expect(s.graphqlEnabled).toBe(true)
      expect(s.queryLimits).toEqual({ maxLimit: 100, maxDepth: 3 })
      expect(s.rateLimits).toEqual({
        store: { kind: 'memory' },
        signIn: { points: 30, durationSeconds: 600 },
        passwordReset: { points: 10, durationSeconds: 600 },
        signInLink: { points: 20, durationSeconds: 600 },
        signInLinkAddress: { points: 5, durationSeconds: 900 },
        graphql: { points: 300, durationSeconds: 60 },
      })
    })

    it.each([
      ['loopback', 'loopback'],
      ['1', 1],
      ['true', true],
      ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8, 127.0.0.1'],
    ])('reads TRUST_PROXY=%s', (raw, expected) => {
      expect(parseSettings({ DATA_DIR: dataDir(), TRUST_PROXY: raw }).trustProxy).toEqual(expected)
    })

    it('reads budgets such as 5/30s, and a shared store', () => {
      const s = parseSettings({
        DATA_DIR: dataDir(),
        RATE_LIMIT_SIGN_IN: '5/30s',
        RATE_LIMIT_GRAPHQL: '1000/h',
        RATE_LIMIT_STORE: 'redis',
        REDIS_URL: 'redis://127.0.0.1:6379',
        GRAPHQL_ENABLED: 'false',
      })
      expect(s.rateLimits.signIn).toEqual({ points: 5, durationSeconds: 30 })
      expect(s.rateLimits.graphql).toEqual({ points: 1000, durationSeconds: 3600 })
      expect(s.rateLimits.store).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379' })
      expect(s.graphqlEnabled).toBe(false)
    })

    it.each([
      ['TRUST_PROXY', 'maybe; drop'],
      ['GRAPHQL_ENABLED', 'yes'],
      ['RUN_JOBS', 'sometimes'],
      ['MAX_PAGE_SIZE', '0'],
      ['MAX_PAGE_SIZE', 'many'],
      ['MAX_DEPTH', '11'],
      ['RATE_LIMIT_SIGN_IN', '30'],
      ['RATE_LIMIT_SIGN_IN', '0/1m'],
      ['RATE_LIMIT_PASSWORD_RESET', '10/10d'],
      ['RATE_LIMIT_STORE', 'memcached'],
      ['REDIS_URL', 'http://cache'],
    ])('refuses %s=%s, naming it', (name, value) => {
      expect(errorOf({ [name]: value }).message).toContain(name)
    })

    it('requires REDIS_URL for the redis store and a PostgreSQL database for the postgres store', () => {
      expect(errorOf({ RATE_LIMIT_STORE: 'redis' }).message).toContain('REDIS_URL')
      expect(errorOf({ RATE_LIMIT_STORE: 'postgres' }).message).toContain('RATE_LIMIT_STORE')
    })
  })

  describe('the admin build (a child process with NODE_ENV=production)', () => {
    it.each([
      ['development without SMTP_URL', {}],
      ['SMTP to a server', { SMTP_URL: 'smtp://mailer:p%40ss@mail.example:587' }],
      [
        'SMTP with a named sender',
        { SMTP_URL: 'smtps://mail.example', EMAIL_FROM: 'Acme Portal <portal@acme.example>' },
      ],
    ])('gets settings it accepts, the same as its parent: %s', (_, env: Record<string, string>) => {
      const parent = parseSettings({ DATA_DIR: dataDir(), ...env })
      const child = parseSettings({ ...childProcessEnv(parent, { NODE_ENV: 'production' }), DATA_DIR: dataDir() })
      expect(child.email).toEqual(parent.email)
      expect(child.secret).toBe(parent.secret)
    })
  })
})
