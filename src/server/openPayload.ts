import { getPayload, type Payload, type SanitizedConfig } from 'payload'
import { runMigrations, watchConnectionErrors } from '../db/connection'

/** How a Payload instance is opened. */
export interface OpenPayloadOptions {
  /** Apply the committed migrations (default); tests that push the schema from the config skip this. */
  migrate?: boolean
  /**
   * Start running queued jobs (Payload's crons, if the config has any: RUN_JOBS) once migrated,
   * rather than at the first API request, which starts them too: the server does, scripts do not.
   */
  runJobs?: boolean
}

/** Initialises Payload for `config`, keeps connection errors from crashing the process, and migrates. */
export async function openPayload(
  config: Promise<SanitizedConfig> | SanitizedConfig,
  { migrate = true, runJobs = false }: OpenPayloadOptions = {},
): Promise<Payload> {
  const payload = await getPayload({ config })
  watchConnectionErrors(payload)
  if (migrate) await runMigrations(payload)
  // Asking the cached instance again with `cron` starts its job crons (payload.destroy stops them).
  if (runJobs) await getPayload({ config, cron: true })
  return payload
}
