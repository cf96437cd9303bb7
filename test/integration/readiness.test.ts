import pg from 'pg'
import request from 'supertest'
import { getTestSettings } from '../../src/config/settings'
import { bootPayload, type BootedPayload } from '../harness/bootPayload'
import { testApp } from '../harness/http'

// Only a database server can go away under a running Atrium; embedded SQLite cannot.
describe('readiness when PostgreSQL goes away [postgres]', () => {
  let booted: BootedPayload
  const admin = (sql: string) => {
    const client = new pg.Client({ connectionString: getTestSettings().postgresAdminUrl })
    return client
      .connect()
      .then(() => client.query(sql))
      .finally(() => client.end())
  }

  beforeAll(async () => {
    booted = await bootPayload('postgres')
  })
  afterAll(async () => {
    await admin(`ALTER DATABASE "${dbName()}" WITH ALLOW_CONNECTIONS true`)
    await booted.close()
  })
  const dbName = () => new URL(booted.database.url).pathname.slice(1)

  it('answers /readyz with 503 database_unreachable while the database refuses connections, and 200 once it is back', async () => {
    const app = await testApp(booted)
    expect((await request(app).get('/readyz')).status).toBe(200)

    await admin(`ALTER DATABASE "${dbName()}" WITH ALLOW_CONNECTIONS false`)
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName()}'`)
    const down = await request(app).get('/readyz')
    expect(down.status).toBe(503)
    expect(down.body.error).toMatchObject({ id: 'database_unreachable', status: 503 })
    expect((await request(app).get('/healthz')).status).toBe(200)

    await admin(`ALTER DATABASE "${dbName()}" WITH ALLOW_CONNECTIONS true`)
    expect((await request(app).get('/readyz')).status).toBe(200)
  })
})
