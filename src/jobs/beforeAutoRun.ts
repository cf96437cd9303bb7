/**
 * Payload's `jobs.shouldAutoRun`, called before each automatic run: at most once a minute it first
 * looks after jobs whose process died while running them (Payload never frees those): stalled
 * record type migrations get a new job that continues from their cursor, stalled workflow and
 * notification jobs are released to run again (and deliveries abandoned mid-send queued again).
 * Always lets the run go ahead.
 */
import type { Payload } from 'payload'
import { requeueStalledMigrations } from '../../collections/RecordTypeMigrations/migrationJobs'
import { releaseStalledJobs, RERUNNABLE_TASKS } from './releaseStalledJobs'

const lastChecked = new WeakMap<Payload, number>()

/** See the module comment. */
export async function beforeAutoRun(payload: Payload): Promise<boolean> {
  if (Date.now() - (lastChecked.get(payload) ?? 0) < 60_000) return true
  lastChecked.set(payload, Date.now())
  try {
    await requeueStalledMigrations(payload)
    await releaseStalledJobs(payload, RERUNNABLE_TASKS)
  } catch (err) {
    payload.logger.error({ err }, 'could not look after stalled jobs')
  }
  return true
}
