/**
 * `npm run migrate:create -- <name>`: writes a migration for each SQL database kind (SQLite and
 * PostgreSQL) from the difference between the config and the committed migrations. Each kind is
 * generated against a throw-away database; MongoDB needs no schema migrations.
 */
import path from 'node:path'
import { buildAtriumConfig } from '../config/payloadConfig'
import { getTestSettings, parseDatabaseUrl } from '../config/settings'
import { loadSettingsOrExit, runCli } from '../server/cli'
import { openPayload } from '../server/openPayload'
import { closePayload } from './connection'
import { createScratchSqlDatabase } from './scratchDatabases'
import { pendingSchemaStatements } from './schemaDrift'

runCli(async () => {
  const name = process.argv[2]
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('usage: npm run migrate:create -- <name>  (lower-case letters, digits and _ only)')
  }
  const settings = loadSettingsOrExit()
  for (const kind of ['sqlite', 'postgres'] as const) {
    const scratch = await createScratchSqlDatabase(kind, getTestSettings().postgresAdminUrl)
    const database = parseDatabaseUrl(scratch.url, scratch.dataDir)
    const payload = await openPayload(buildAtriumConfig({ settings: { ...settings, database, logLevel: 'warn' } }), {
      migrate: false,
    })
    try {
      if ((await pendingSchemaStatements(payload)).length === 0) {
        console.log(`${kind}: no schema changes, no migration written`)
        continue
      }
      await payload.db.createMigration({ migrationName: name, payload, forceAcceptWarning: true })
      console.log(`${kind}: migration written to ${path.relative(process.cwd(), payload.db.migrationDir)}`)
    } finally {
      await closePayload(payload)
      await scratch.drop()
    }
  }
})
