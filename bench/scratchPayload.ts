/**
 * A Payload on a scratch database of its own (schema pushed, dropped again on close), for bench
 * scripts that need a fresh SQLite or PostgreSQL database and nothing else.
 */
import { randomBytes } from 'node:crypto'
import type { Payload, Plugin } from 'payload'
import { buildAtriumConfig } from '../src/config/payloadConfig'
import { getTestSettings, parseSettings, type Settings } from '../src/config/settings'
import { closePayload } from '../src/db/connection'
import { createScratchSqlDatabase } from '../src/db/scratchDatabases'
import { openPayload } from '../src/server/openPayload'

/** An open scratch Payload and how to close it (closing drops its database). */
export interface ScratchPayload {
  payload: Payload
  settings: Settings
  /** the scratch database's URL, for a bench's own SQL client */
  url: string
  close: () => Promise<void>
}

/** How to open it: `runJobs` starts the job runner as `npm start` does; `plugins` come before Atrium's own. */
export interface ScratchOptions {
  runJobs?: boolean
  logLevel?: 'silent' | 'warn'
  plugins?: Plugin[]
}

/** Opens Payload on a new scratch database of `kind`. */
export async function openScratchPayload(
  kind: 'sqlite' | 'postgres',
  { runJobs = false, logLevel = 'warn', plugins = [] }: ScratchOptions = {},
): Promise<ScratchPayload> {
  const scratch = await createScratchSqlDatabase(kind, getTestSettings().postgresAdminUrl)
  const settings = parseSettings({
    NODE_ENV: 'test',
    DATABASE_URL: scratch.url,
    DATA_DIR: scratch.dataDir,
    PAYLOAD_SECRET: randomBytes(24).toString('hex'),
    LOG_LEVEL: logLevel,
    RUN_JOBS: String(runJobs),
  })
  const payload = await openPayload(buildAtriumConfig({ settings, push: true, plugins }), { migrate: false, runJobs })
  return {
    payload,
    settings,
    url: scratch.url,
    close: async () => {
      await closePayload(payload)
      await scratch.drop()
    },
  }
}
