import { getPayload, type Payload, type SanitizedConfig } from 'payload'
import { runMigrations, watchConnectionErrors } from '../db/connection'

/** How a Payload instance is opened. */
export interface OpenPayloadOptions {
  /** Apply the committed migrations (default); tests that push the schema from the config skip this. */
  migrate?: boolean
}

/** Initialises Payload for `config`, keeps connection errors from crashing the process, and migrates. */
export async function openPayload(
  config: Promise<SanitizedConfig> | SanitizedConfig,
  { migrate = true }: OpenPayloadOptions = {},
): Promise<Payload> {
  const payload = await getPayload({ config })
  watchConnectionErrors(payload)
  if (migrate) await runMigrations(payload)
  return payload
}
