/**
 * Payload's own collections, which exist outside the rules: document locks point at documents of
 * any collection and tenant, and the job queue carries any tenant's work. They are for staff only;
 * preferences stay as Payload scopes them (each user their own). Atrium's own bookkeeping that
 * holds any tenant's responses (idempotency keys) is kept the same way, and the records Atrium
 * writes about its own work (record type migrations) are staff's to read and nobody's to change.
 */
import type { Access, JobsConfig, SanitizedConfig } from 'payload'
import { Slugs } from '../../collections/slugs'
import { isStaff } from './ability'

/** Payload collections only staff may read or change. */
export const STAFF_ONLY_COLLECTIONS = ['payload-locked-documents', 'payload-jobs', Slugs.idempotencyKeys] as const

/**
 * Payload's own globals: the job scheduler's stats (when it last queued each scheduled task; a
 * date far off would stop the digests). Staff read them; only the scheduler writes them.
 */
export const STAFF_READ_ONLY_GLOBALS = ['payload-jobs-stats'] as const

/** Collections only Atrium writes (as the system): staff read them, nobody changes them over the API. */
export const STAFF_READ_ONLY_COLLECTIONS = [
  Slugs.recordTypeMigrations,
  Slugs.workflowEffectRuns,
  Slugs.signInTokens,
] as const

const staffOnly: Access = ({ req }) => isStaff(req.user)
const nobody: Access = () => false

/** Who may queue, run and cancel Payload jobs over the API (`/api/payload-jobs/run`): staff. */
export const jobsAccess: NonNullable<JobsConfig['access']> = {
  queue: ({ req }) => isStaff(req.user),
  run: ({ req }) => isStaff(req.user),
  cancel: ({ req }) => isStaff(req.user),
}

const includes = (list: readonly string[], slug: string) => list.includes(slug)

/** Restricts Payload's internal collections and globals in a sanitized config (they are added after plugins run). */
export function restrictInternalCollections(config: SanitizedConfig): SanitizedConfig {
  for (const global of config.globals) {
    if (!includes(STAFF_READ_ONLY_GLOBALS, global.slug)) continue
    global.access = {
      ...global.access,
      read: staffOnly,
      readVersions: staffOnly,
      update: nobody,
    }
  }
  for (const collection of config.collections) {
    const readOnly = includes(STAFF_READ_ONLY_COLLECTIONS, collection.slug)
    if (!readOnly && !includes(STAFF_ONLY_COLLECTIONS, collection.slug)) continue
    const write = readOnly ? nobody : staffOnly
    collection.access = {
      ...collection.access,
      read: staffOnly,
      readVersions: staffOnly,
      create: write,
      update: write,
      delete: write,
    }
  }
  return config
}
