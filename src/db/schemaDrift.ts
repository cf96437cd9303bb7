/**
 * Compares the schema the Payload config describes with the one the committed migrations build,
 * so a collection change without its migration is caught by the tests, not by a failed deploy.
 */
import type { DrizzleAdapter } from '@payloadcms/drizzle/types'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Payload } from 'payload'

type SnapshotJson = Parameters<ReturnType<DrizzleAdapter['requireDrizzleKit']>['generateMigration']>[0]

/** The SQL statements a new migration would need; empty when the migrations are complete. */
export async function pendingSchemaStatements(payload: Payload): Promise<string[]> {
  const db = payload.db as unknown as DrizzleAdapter & { migrationDir: string; schema: Record<string, unknown> }
  const { generateDrizzleJson, generateMigration, upSnapshot } = db.requireDrizzleKit()
  const current = await generateDrizzleJson(db.schema)
  const latest = readdirSync(db.migrationDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .at(-1)
  let committed = (
    latest ? JSON.parse(readFileSync(path.join(db.migrationDir, latest), 'utf8')) : db.defaultDrizzleSnapshot
  ) as SnapshotJson
  if (upSnapshot && Number(committed.version) < Number(current.version)) committed = upSnapshot(committed)
  return generateMigration(committed, current)
}
