/**
 * Boots Atrium's Payload against a fresh database, the way the running platform does, except that
 * the schema is pushed straight from the config (the migrations have their own suite).
 */
import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import { randomBytes } from 'node:crypto'
import type { DestinationStream } from 'pino'
import type { Payload, Plugin } from 'payload'
import { buildAtriumConfig } from '../../src/config/payloadConfig'
import { parseSettings, preparePayloadProcess, type Settings } from '../../src/config/settings'
import { closePayload } from '../../src/db/connection'
import { openPayload } from '../../src/server/openPayload'
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases'
import { currentTemplate, schemaFingerprint } from './templateDatabases'

/** A running Payload on its own database. */
export interface BootedPayload {
  payload: Payload
  settings: Settings
  database: TestDatabase
  /** Closes every connection and drops the database. */
  close: () => Promise<void>
}

/** Options of a boot. */
export interface BootOptions {
  /** Extra plugins, e.g. a suite's fixture routes. */
  plugins?: Plugin[]
  /** Extra environment for parseSettings (e.g. NODE_ENV=production). */
  env?: Record<string, string>
  /** Where log lines go (they are off unless given). */
  logDestination?: DestinationStream
  /** Sync the schema from the config (default) or leave the database empty for migrations. */
  push?: boolean
}

// The REST and GraphQL bridges find Payload through its instance cache under the default key, as in
// production, where a process has one Payload: so does a test file, one database after the other.
let open: Payload | undefined

/** Settings for a test process on `database`. */
export function testSettings(database: TestDatabase, env: Record<string, string> = {}): Settings {
  return parseSettings({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATA_DIR: database.dataDir,
    PAYLOAD_SECRET: randomBytes(24).toString('hex'),
    LOG_LEVEL: 'silent',
    // Jobs run when a test says so (payload.jobs.run), never on a cron in the background.
    RUN_JOBS: 'false',
    ...env,
  })
}

/** Boots Payload on a fresh database of `kind`. */
export async function bootPayload(kind: DatabaseKind, options: BootOptions = {}): Promise<BootedPayload> {
  if (open) throw new Error('A Payload instance is open already: close it before booting another (one per process)')
  const push = options.push ?? true
  preparePayloadProcess({ freshDatabasePerPush: push })
  const logLevel: Record<string, string> = options.logDestination ? { LOG_LEVEL: 'info' } : {}
  const configFor = async (database: TestDatabase, pushed: boolean) => {
    const settings = testSettings(database, { ...logLevel, ...options.env })
    const config = await buildAtriumConfig({
      settings,
      push: pushed,
      plugins: options.plugins,
      logDestination: options.logDestination,
    })
    return { database, settings, config }
  }
  // A pushed PostgreSQL schema is copied from this run's template when the config's is the same
  // (templateDatabases.ts); otherwise pushed into an empty database.
  const template = push && kind === 'postgres' ? currentTemplate() : undefined
  let made = await configFor(await createTestDatabase(kind, template?.name), push && !template)
  if (template && schemaFingerprint(made.config) !== template.fingerprint) {
    await made.database.drop()
    made = await configFor(await createTestDatabase(kind), true)
  }
  const { database, settings, config } = made
  const payload = await openPayload(config, { migrate: !push })
  open = payload
  return {
    payload,
    settings,
    database,
    close: async () => {
      if (kind === 'mongodb') await (payload.db as unknown as MongooseAdapter).connection.db?.dropDatabase()
      await closePayload(payload)
      open = undefined
      await database.drop()
    },
  }
}
