/**
 * Payload's own collections, which exist outside the rules: document locks point at documents of
 * any collection and tenant, and the job queue carries any tenant's work. They are for staff only;
 * preferences stay as Payload scopes them (each user their own). Atrium's own bookkeeping that
 * holds any tenant's responses (idempotency keys) is kept the same way.
 */
import type { Access, SanitizedConfig } from 'payload'
import { Slugs } from '../../collections/slugs'
import { isStaff } from './ability'

/** Payload collections only staff may read or change. */
export const STAFF_ONLY_COLLECTIONS = ['payload-locked-documents', 'payload-jobs', Slugs.idempotencyKeys] as const

const staffOnly: Access = ({ req }) => isStaff(req.user)

/** Restricts Payload's internal collections in a sanitized config (they are added after plugins run). */
export function restrictInternalCollections(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    if (!(STAFF_ONLY_COLLECTIONS as readonly string[]).includes(collection.slug)) continue
    collection.access = {
      ...collection.access,
      read: staffOnly,
      readVersions: staffOnly,
      create: staffOnly,
      update: staffOnly,
      delete: staffOnly,
    }
  }
  return config
}
