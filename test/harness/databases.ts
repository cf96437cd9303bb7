/**
 * The databases every integration suite runs on: a temp SQLite file, a scratch PostgreSQL
 * database, and MongoDB when MONGODB_URL points at a server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { getTestSettings } from '../../src/config/settings'
import { createScratchSqlDatabase } from '../../src/db/scratchDatabases'

/** A kind of database Atrium supports. */
export type DatabaseKind = 'sqlite' | 'postgres' | 'mongodb'

/** A fresh, empty database and how to get rid of it. */
export interface TestDatabase {
  kind: DatabaseKind
  /** The DATABASE_URL that selects it. */
  url: string
  /** A folder the suite may use (DATA_DIR), removed with the database. */
  dataDir: string
  drop: () => Promise<void>
}

/** Why the MongoDB suites did not run, or undefined when they do. */
export function mongodbSkipReason(): string | undefined {
  return getTestSettings().mongodbUrl
    ? undefined
    : 'MongoDB skipped: no MongoDB server on this machine; set MONGODB_URL=mongodb://… to run these suites'
}

/** The kinds that run here, in order. */
export function databaseKinds(): DatabaseKind[] {
  return mongodbSkipReason() ? ['sqlite', 'postgres'] : ['sqlite', 'postgres', 'mongodb']
}

/** Creates a fresh database of `kind` (PostgreSQL: a copy of `template`, when one is named). */
export async function createTestDatabase(kind: DatabaseKind, template?: string): Promise<TestDatabase> {
  if (kind !== 'mongodb') {
    return { kind, ...(await createScratchSqlDatabase(kind, getTestSettings().postgresAdminUrl, template)) }
  }
  const base = getTestSettings().mongodbUrl
  if (!base) throw new Error(mongodbSkipReason())
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atrium-test-mongodb-'))
  const url = new URL(base)
  url.pathname = `/${path.basename(dataDir).replace(/\W/g, '_')}`
  // The suite drops its database through Payload before closing (see bootPayload).
  return { kind, url: url.toString(), dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) }
}
