import type { PostgresAdapter } from '@payloadcms/db-postgres'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { runMigrations } from '../../src/db/connection'
import { pendingSchemaStatements } from '../../src/db/schemaDrift'
import { searchTermCondition } from '../../src/records/searchIndex'
import { SEARCH_TEXT_FIELD } from '../../src/records/searchQuery'
import { bootPayload, type BootedPayload } from '../harness/bootPayload'
import { login, testApp } from '../harness/http'
import { SEARCH_INDEX_OBJECTS, searchIndexObjects } from '../harness/sqlStatements'
import { createTenant, createVendorAdmin } from '../harness/users'

// Outside tests, SQL schemas change only through the committed migrations: they must build a
// working database from nothing, and describe everything the config declares.
describe.each(['sqlite', 'postgres'] as const)('committed migrations [%s]', (kind) => {
  let booted: BootedPayload

  beforeAll(async () => {
    booted = await bootPayload(kind, { push: false })
  })
  afterAll(async () => {
    await booted?.close()
  })

  it('build an empty database into one Atrium can use', async () => {
    const { payload } = booted
    const applied = await payload.find({ collection: 'payload-migrations', pagination: false })
    expect(applied.docs.length).toBeGreaterThan(0)
    await createVendorAdmin(payload, { email: 'migrated@example.com', password: 'a-long-password' })
    await createTenant(payload, 'migrated')
    const app = await testApp(booted)
    const token = await login(app, 'migrated@example.com', 'a-long-password')
    expect((await request(app).get('/api/users').set('Authorization', `JWT ${token}`)).body.totalDocs).toBe(1)
    expect((await request(app).get('/api/tenants').set('Authorization', `JWT ${token}`)).body.totalDocs).toBe(1)
  })

  it('run once: running them again changes nothing', async () => {
    const { payload } = booted
    const before = await payload.count({ collection: 'payload-migrations' })
    await runMigrations(payload)
    expect(await payload.count({ collection: 'payload-migrations' })).toEqual(before)
  })

  it('build the search index, which drizzle does not describe (SQLite: its triggers too)', async () => {
    expect(await searchIndexObjects(booted.payload)).toEqual(SEARCH_INDEX_OBJECTS[kind])
  })

  // An index on an expression serves only queries on that very expression, and drizzle-kit writes
  // expressions into migrations as text (a regular expression, a backslash): each term must still
  // reach its index on a migrated database.
  const onPostgres = kind === 'postgres' ? it : it.skip
  onPostgres.each([
    ['SHP-1042', 'numbers'],
    ['ondon', 'trigram'],
    ['ny', 'words'],
  ])('build the search index that a search for %s asks (%s)', async (term, index) => {
    const db = booted.payload.db as unknown as PostgresAdapter
    const table = db.tables[Slugs.records]!
    const { sql, params } = db.drizzle
      .select({ id: table.id })
      .from(table)
      .where(searchTermCondition('postgres', table[SEARCH_TEXT_FIELD] as never, term))
      .toSQL()
    const client = await db.pool.connect()
    try {
      // An empty table is best read whole; reading it whole is what an index it cannot use leaves.
      await client.query('BEGIN; SET LOCAL enable_seqscan = off')
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`, params)
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
        `Bitmap Index Scan on records_search_${index}_idx`,
      )
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })

  it('describe every table and column the config declares (else run: npm run migrate:create -- <name>)', async () => {
    expect(await pendingSchemaStatements(booted.payload)).toEqual([])
  })
})
