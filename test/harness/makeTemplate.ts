/**
 * `node --conditions=production --import tsx test/harness/makeTemplate.ts`: makes the PostgreSQL
 * template the suites copy (templateDatabases.ts) from the default test config, and prints
 * `name:fingerprint`. globalSetup runs it as a child process, since jest loads globalSetup as
 * CommonJS, which cannot load Payload. The template is named with the scratch prefix and the id
 * of the jest process that asked for it, so that another run does not take it for a leftover
 * while this one lasts, and drops it when this one was killed; globalTeardown drops it otherwise.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import pg from 'pg'
import { buildAtriumConfig } from '../../src/config/payloadConfig'
import { getTestSettings, preparePayloadProcess } from '../../src/config/settings'
import { closePayload } from '../../src/db/connection'
import { createScratchSqlDatabase, SCRATCH_DATABASE_PREFIX } from '../../src/db/scratchDatabases'
import { openPayload } from '../../src/server/openPayload'
import { testSettings } from './bootPayload'
import { schemaFingerprint } from './templateDatabases'

preparePayloadProcess({ freshDatabasePerPush: true })
const database = await createScratchSqlDatabase('postgres', getTestSettings().postgresAdminUrl)
const config = await buildAtriumConfig({ settings: testSettings({ kind: 'postgres', ...database }), push: true })
await closePayload(await openPayload(config, { migrate: false }))
rmSync(database.dataDir, { recursive: true, force: true })
const name = `${SCRATCH_DATABASE_PREFIX}${process.ppid}_template_${randomBytes(4).toString('hex')}`
const admin = new pg.Client({ connectionString: getTestSettings().postgresAdminUrl })
await admin.connect()
await admin.query(`ALTER DATABASE "${new URL(database.url).pathname.slice(1)}" RENAME TO "${name}"`)
await admin.end()
process.stdout.write(`${name}:${schemaFingerprint(config)}\n`)
