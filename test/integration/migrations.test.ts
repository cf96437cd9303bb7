import request from 'supertest'
import { runMigrations } from '../../src/db/connection'
import { pendingSchemaStatements } from '../../src/db/schemaDrift'
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

  it('describe every table and column the config declares (else run: npm run migrate:create -- <name>)', async () => {
    expect(await pendingSchemaStatements(booted.payload)).toEqual([])
  })
})
