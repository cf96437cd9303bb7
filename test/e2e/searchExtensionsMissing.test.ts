/**
 * Record search on PostgreSQL needs pg_trgm and btree_gin. A database user who may not create them (no CREATE
 * privilege on the database, as on many managed servers) must get a start-up that stops before
 * touching the schema, saying what to run, not a failed migration halfway or a 500 at the first
 * search; and once that is run, Atrium starts.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { getTestSettings } from '../../src/config/settings'
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratchDatabases'
import { cleanEnv, startChild } from '../harness/processes'

const CREATE_BOTH = 'CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS btree_gin;'

describe('npm run seed on PostgreSQL where the search extensions may not be created', () => {
  const role = `atrium_no_ext_${randomBytes(4).toString('hex')}`
  const password = randomBytes(12).toString('hex')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atrium-pgtrgm-'))
  let database: ScratchDatabase

  const query = async (connectionString: string, sql: string) => {
    const client = new pg.Client({ connectionString })
    await client.connect()
    try {
      return await client.query(sql)
    } finally {
      await client.end()
    }
  }
  const seedAsLimitedUser = () => {
    const url = new URL(database.url)
    url.username = role
    url.password = password
    return startChild('npm', ['run', 'seed', '--silent'], cleanEnv({ DATABASE_URL: url.toString(), DATA_DIR: dataDir }))
  }

  beforeAll(async () => {
    database = await createScratchDatabase(getTestSettings().postgresAdminUrl)
    // May create tables in its schema, but not extensions in the database.
    await query(database.url, `CREATE ROLE ${role} LOGIN PASSWORD '${password}'`)
    await query(database.url, `GRANT USAGE, CREATE ON SCHEMA public TO ${role}`)
  })
  afterAll(async () => {
    await database.drop()
    await query(getTestSettings().postgresAdminUrl, `DROP ROLE IF EXISTS ${role}`)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('exits non-zero before migrating, naming the extension and the statement to run', async () => {
    const child = seedAsLimitedUser()
    expect(await child.exited).not.toBe(0)
    expect(child.output()).toContain(
      `record search needs the pg_trgm and btree_gin extensions in database "${database.name}"`,
    )
    expect(child.output()).toContain(CREATE_BOTH)
    const tables = await query(database.url, `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)
    expect(tables.rows[0].n).toBe(0)
  }, 60_000)

  it('starts once an administrator has run that statement', async () => {
    await query(database.url, CREATE_BOTH)
    const child = seedAsLimitedUser()
    const code = await child.exited
    expect({ code, output: code === 0 ? '' : child.output() }).toEqual({ code: 0, output: '' })
  }, 120_000)
})
