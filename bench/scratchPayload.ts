/**
 * A Payload on a scratch database of its own (schema pushed, dropped again on close), for bench
 * scripts that need a fresh SQLite or PostgreSQL database and nothing else.
 */
import { randomBytes } from 'node:crypto'
import type { Payload } from 'payload'
import { buildAtriumConfig } from '../src/config/payloadConfig'
import { getTestSettings, parseSettings, type Settings } from '../src/config/settings'
import { closePayload } from '../src/db/connection'
import { createScratchSqlDatabase } from '../src/db/scratchDatabases'
import { openPayload } from '../src/server/openPayload'

/** An open scratch Payload and how to close it (closing drops its database). */
export interface ScratchPayload {
  payload: Payload
  settings: Settings
  close: () => Promise<void>
}

/** Opens Payload on a new scratch database of `kind`; `runJobs` starts the job runner as `npm start` does. */
export async function openScratchPayload(kind: 'sqlite' | 'postgres', runJobs = false): Promise<ScratchPayload> {
  const scratch = await createScratchSqlDatabase(kind, getTestSettings().postgresAdminUrl)
  const settings = parseSettings({
    NODE_ENV: 'test',
    DATABASE_URL: scratch.url,
    DATA_DIR: scratch.dataDir,
    PAYLOAD_SECRET: randomBytes(24).toString('hex'),
    LOG_LEVEL: 'warn',
    RUN_JOBS: String(runJobs),
  })
  const payload = await openPayload(buildAtriumConfig({ settings, push: true }), { migrate: false, runJobs })
  return {
    payload,
    settings,
    close: async () => {
      await closePayload(payload)
      await scratch.drop()
    },
  }
}
