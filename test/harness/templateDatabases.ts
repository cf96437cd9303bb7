/**
 * Test databases made from a template. Pushing Atrium's schema into a fresh PostgreSQL database
 * takes 5 to 7 s (drizzle-kit reads the database back and compares it with the config), and nearly
 * every suite boots one; `CREATE DATABASE … TEMPLATE` of a database that has the schema takes
 * 0.4 s. So the jest run pushes the schema once (globalSetup), and each boot whose schema is the
 * same copies that database instead of pushing: the same tables, indexes, search index and
 * extensions, no rows. "The same" is decided by a fingerprint of the sanitized config's
 * collections and globals (everything the drizzle schema is made from); a suite whose plugins or
 * settings change it pushes its own, as before. makeTemplate.ts makes the template.
 */
import { createHash } from 'node:crypto'
import type { SanitizedConfig } from 'payload'

/** Where globalSetup leaves the template's name and fingerprint for the workers. */
export const TEMPLATE_ENV = 'ATRIUM_TEST_POSTGRES_TEMPLATE'

/** The template a boot may copy. */
export interface Template {
  /** the template database's name */
  name: string
  /** {@link schemaFingerprint} of the config it was pushed from */
  fingerprint: string
}

/**
 * A hash of what the database schema is made from: each collection's and global's fields (with
 * their kinds, names, relations, indexes and nesting), indexes, versions, auth and upload
 * settings. Functions are left out, and so are paths on disk (an upload's folder is the test's
 * own); keys are sorted (Payload's sanitizing adds some in another order the first time it sees a
 * field); a loop back to an enclosing object is written as such.
 */
export function schemaFingerprint(config: SanitizedConfig): string {
  const schema = {
    collections: config.collections.map(({ slug, fields, indexes, versions, auth, upload, timestamps }) => ({
      slug,
      fields,
      indexes,
      versions,
      auth,
      upload,
      timestamps,
    })),
    globals: config.globals.map(({ slug, fields, versions }) => ({ slug, fields, versions })),
  }
  return createHash('sha256')
    .update(JSON.stringify(plain(schema, new Set())))
    .digest('hex')
}

const LEFT_OUT = new Set(['staticDir'])

function plain(value: unknown, enclosing: Set<object>): unknown {
  if (typeof value === 'function') return undefined
  if (!value || typeof value !== 'object') return value
  if (enclosing.has(value)) return '[loop]'
  enclosing.add(value)
  const copy = Array.isArray(value)
    ? value.map((item) => plain(item, enclosing))
    : Object.fromEntries(
        Object.keys(value)
          .filter((key) => !LEFT_OUT.has(key))
          .sort()
          .map((key) => [key, plain((value as Record<string, unknown>)[key], enclosing)]),
      )
  enclosing.delete(value)
  return copy
}

/** The template this run made, if any. */
export function currentTemplate(): Template | undefined {
  const value = process.env[TEMPLATE_ENV]
  if (!value) return undefined
  const [name, fingerprint] = value.split(':')
  return name && fingerprint ? { name, fingerprint } : undefined
}
