/**
 * Records at scale on PostgreSQL: N shipments-like records over 50 tenants (three large ones hold
 * 60 %, 47 small ones the rest), in a scratch database.
 * - Insert: the first API_N through the integration API's batch endpoint over HTTP, 500 a request,
 *   as each tenant's integration account (what an integration's sync gets), then 5,000 of them
 *   again as updates; the rest with multi-row INSERTs whose columns come from the same validator
 *   and recordColumns() the hook uses, without any access or unique check (for the size only).
 * - Query: one tenant's first page (status in transit or delayed, by ETA) through the records query
 *   endpoint over HTTP, through its translation + payload.find as the user, through the translation
 *   + payload.db.find with the user's access Where, and hand-written in SQL on the same table; then
 *   EXPLAIN ANALYZE of Payload's statement and of the hand-written one.
 *
 *   node --conditions=production --import tsx bench/records.ts [N=200000] [API_N=20000] [runs=300]
 */
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Payload, Where } from 'payload'
import pg from 'pg'
import request from 'supertest'
import { SLOT_QUERY_CONTEXT } from '../collections/Records/hooks/refuseDataQueries'
import { readRecordType, type RecordTypeDocument } from '../collections/RecordTypes/storedRecordType'
import { Slugs } from '../collections/slugs'
import { abilityFor, type AccessUser } from '../src/access/ability'
import { accessWhere } from '../src/access/accessWhere'
import { buildAtriumConfig } from '../src/config/payloadConfig'
import { getTestSettings, parseSettings, preparePayloadProcess } from '../src/config/settings'
import { closePayload } from '../src/db/connection'
import { createScratchSqlDatabase } from '../src/db/scratchDatabases'
import { createApp } from '../src/http/createApp'
import { validatorFor } from '../src/records/dataValidator'
import { recordColumns } from '../src/records/recordColumns'
import { RECORD_COLUMNS } from '../src/records/slots'
import { toSlotSort, toSlotWhere } from '../src/records/slotQuery'
import { openPayload } from '../src/server/openPayload'
import { CARRIERS, DEMO_RECORD_TYPES, DemoTypes } from '../seed/demoRecordTypes'
import { BuiltInRoles, seedRoles, type BuiltInRoleKey } from '../seed/roles'

const N = Number(process.argv[2] ?? 200_000)
const API_N = Math.min(N, Number(process.argv[3] ?? 20_000))
const RUNS = Number(process.argv[4] ?? 300)
const TENANTS = 50
const PASSWORD = 'correct-horse-battery'
const FILTER = { status: { in: 'in_transit,delayed' } }
const SORT = 'eta'
const PAGE = 50

const STATUSES = ['booked', 'in_transit', 'in_transit', 'delayed', 'delivered', 'delivered', 'delivered', 'cancelled']
const CITIES = ['Rotterdam', 'Hamburg', 'Antwerp', 'Duisburg', 'Lyon', 'Milan', 'Warsaw', 'Prague', 'Vienna', 'Gdańsk']
const CARRIER_KEYS = Object.keys(CARRIERS)

let state = 42
const random = () => {
  state = (state * 1103515245 + 12345) % 2147483648
  return state / 2147483648
}
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
/** Three large tenants with 20 % each; the others share the remaining 40 %. */
const tenantIndex = () => (random() < 0.6 ? Math.floor(random() * 3) : 3 + Math.floor(random() * (TENANTS - 3)))

function shipment(i: number) {
  return {
    reference: `SHP-${1_000_000 + i}`,
    status: pick(STATUSES),
    eta: new Date(Date.now() + Math.round((random() - 0.5) * 120 * 864e5)).toISOString(),
    carrier: pick(CARRIER_KEYS),
    origin: pick(CITIES),
    destination: pick(CITIES),
    pallets: 1 + Math.floor(random() * 33),
  }
}

async function measure(label: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(30, RUNS); i++) await fn()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    await fn()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2)
  console.log(`  ${label.padEnd(84)} p50 ${p(0.5).padStart(7)} ms  p95 ${p(0.95).padStart(7)} ms`)
}

async function createTenants(payload: Payload): Promise<number[]> {
  const ids: number[] = []
  for (let i = 0; i < TENANTS; i++) {
    const tenant = await payload.create({
      collection: Slugs.tenants,
      data: { status: 'active', name: `Tenant ${i}`, slug: `tenant-${i}`, locale: 'en', timezone: 'UTC' },
    })
    ids.push(tenant.id)
  }
  return ids
}

/** Records per request to the batch endpoint (the target is stated for batches of 500). */
const BATCH = 500

/**
 * The first `count` records through POST /api/integrations/v1/records/<type>/batch over HTTP, one
 * request after the other, `BATCH` records of one tenant per request, as that tenant's integration
 * account (integration writer role); then the first `updates` of them again, with other data.
 * Returns records/s of both.
 */
async function insertThroughBatchEndpoint(
  payload: Payload,
  tenants: number[],
  roles: Record<BuiltInRoleKey, number>,
  count: number,
  updates: number,
) {
  const keys: string[] = []
  for (const tenant of tenants) {
    keys.push(randomBytes(24).toString('hex'))
    await payload.create({
      collection: Slugs.integrationAccounts,
      data: {
        name: `bench ${tenant}`,
        tenant,
        roles: [roles[BuiltInRoles.integrationWriter]],
        enableAPIKey: true,
        apiKey: keys.at(-1),
      },
    })
  }
  const server = (await createApp({ payload, settings })).listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as { port: number }
  // Each request holds 500 records of one tenant, drawn like the records (three large tenants send 60 %).
  const batches = Array.from({ length: Math.ceil(count / BATCH) }, (_, b) => ({
    tenant: tenantIndex(),
    items: Array.from({ length: Math.min(BATCH, count - b * BATCH) }, (_, k) => ({
      externalId: `B-${b * BATCH + k}`,
      data: shipment(b * BATCH + k),
    })),
  }))
  const send = async ({ tenant, items }: (typeof batches)[number], expected: number) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/integrations/v1/records/${DemoTypes.shipments}/batch`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `${Slugs.integrationAccounts} API-Key ${keys[tenant]}`,
      },
      body: JSON.stringify({ source: 'bench', items }),
    })
    const body = (await res.json()) as { results?: { status: number }[] }
    const wrong = body.results?.find((result) => result.status !== expected)
    if (res.status !== 200 || !body.results || wrong)
      throw new Error(`batch answered ${res.status}: ${JSON.stringify(wrong ?? body).slice(0, 300)}`)
  }
  try {
    let started = performance.now()
    for (const batch of batches) await send(batch, 201)
    const createRate = count / ((performance.now() - started) / 1000)
    const again: (typeof batches)[number][] = []
    let updated = 0
    for (const batch of batches) {
      if (updated >= updates) break
      again.push(batch)
      updated += batch.items.length
    }
    started = performance.now()
    for (const { tenant, items } of again) {
      const changed = items.map((item) => ({ ...item, data: { ...item.data, pallets: item.data.pallets + 1 } }))
      await send({ tenant, items: changed }, 200)
    }
    return {
      batches: batches.length,
      createRate,
      updated,
      updateRate: updated / ((performance.now() - started) / 1000),
    }
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

const COLUMNS = ['type_id', 'tenant_id', 'data', 'source', 'external_id', 'status_category', 'search_text']
const SLOT_NAMES = RECORD_COLUMNS.map((column) => column)

/** Records `from`…N with multi-row INSERTs, 1,000 a statement, 10,000 a transaction; returns records/s. */
async function insertInBulk(client: pg.Client, typeDoc: RecordTypeDocument, tenants: number[], from: number) {
  const loaded = readRecordType(typeDoc)!
  const validator = validatorFor(loaded.type, loaded.version)
  const names = [...COLUMNS, ...SLOT_NAMES]
  const started = performance.now()
  for (let start = from; start < N; start += 10_000) {
    await client.query('BEGIN')
    for (let chunk = start; chunk < Math.min(N, start + 10_000); chunk += 1000) {
      const values: unknown[] = []
      const rows: string[] = []
      for (let i = chunk; i < Math.min(N, chunk + 1000); i++) {
        const checked = validator.validate(shipment(i))
        if (!checked.ok) throw new Error(`generated record ${i} is invalid`)
        const derived = recordColumns(loaded.type, loaded.assignment, checked.data)
        const row = [
          loaded.id,
          tenants[tenantIndex()],
          JSON.stringify(checked.data),
          'bench',
          `B-${i}`,
          derived.statusCategory,
          derived.searchText,
          ...SLOT_NAMES.map((column) => derived[column]),
        ]
        rows.push(`(${row.map((_, k) => `$${values.length + k + 1}`).join(',')})`)
        values.push(...row)
      }
      await client.query(`INSERT INTO records (${names.join(',')}) VALUES ${rows.join(',')}`, values)
    }
    await client.query('COMMIT')
  }
  await client.query('ANALYZE records')
  return (N - from) / ((performance.now() - started) / 1000)
}

/** Captures the SQL the adapter sends through its pool while `fn` runs. */
async function captureSql(payload: Payload, fn: () => Promise<unknown>) {
  const pool = (payload.db as unknown as { pool: pg.Pool }).pool
  const seen: { text: string; values: unknown[] }[] = []
  const original = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>
  pool.query = ((config: unknown, values?: unknown[]) => {
    const text = typeof config === 'string' ? config : (config as { text: string }).text
    seen.push({ text, values: values ?? (config as { values?: unknown[] }).values ?? [] })
    return original(config, values)
  }) as typeof pool.query
  try {
    await fn()
  } finally {
    pool.query = original as typeof pool.query
  }
  return seen
}

async function explain(client: pg.Client, label: string, text: string, values: unknown[]) {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values)
  console.log(`\n${label}:\n  ${text}\n${rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`)
}

/**
 * How the tenant and status conditions decide whether an index serves "status in … order by ETA",
 * and what a (tenant, type, status, d1, id) index would change. Created on the scratch database
 * only: the config's indexes are the Records collection's business.
 */
async function indexExperiment(client: pg.Client, tenantId: number, typeId: number) {
  const page = (status: string) =>
    `SELECT id, title, status, data, d1 FROM records WHERE tenant_id = $1 AND type_id = $2 AND status = '${status}' ORDER BY d1, id LIMIT ${PAGE}`
  const both = `status IN ('in_transit', 'delayed') ORDER BY d1, id LIMIT ${PAGE}`
  const queries: [string, string][] = [
    // The access Where names tenants as a list: PostgreSQL 15 cannot read an index in d1 order across several.
    [
      'two statuses, tenant = ANY(list)',
      `SELECT id, title, status, data, d1 FROM records WHERE tenant_id = ANY(ARRAY[$1::int]) AND type_id = $2 AND ${both}`,
    ],
    [
      'two statuses, tenant = one value',
      `SELECT id, title, status, data, d1 FROM records WHERE tenant_id = $1 AND type_id = $2 AND ${both}`,
    ],
    ['one status (delayed)', page('delayed')],
    [
      'two statuses, one ordered scan each',
      `(${page('in_transit')}) UNION ALL (${page('delayed')}) ORDER BY d1, id LIMIT ${PAGE}`,
    ],
  ]
  const run = async (when: string) => {
    for (const [label, text] of queries) {
      await measure(`hand-written SQL, ${label}, ${when}`, () => client.query(text, [tenantId, typeId]))
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, [tenantId, typeId])
      const scans = rows.map((row) => row['QUERY PLAN']).filter((line) => /Scan|Sort/.test(line))
      console.log(`    plan: ${scans.map((line) => line.trim().replace(/\s+\(cost.*$/, '')).join(' | ')}`)
    }
  }
  console.log(`\nlarge tenant, index experiment (${RUNS} runs)`)
  await run('existing indexes')
  await client.query('CREATE INDEX bench_tenant_type_status_d1 ON records (tenant_id, type_id, status, d1, id)')
  await client.query('ANALYZE records')
  await run('+ (tenant, type, status, d1, id)')
}

preparePayloadProcess()
const scratch = await createScratchSqlDatabase('postgres', getTestSettings().postgresAdminUrl)
const settings = parseSettings({
  NODE_ENV: 'test',
  DATABASE_URL: scratch.url,
  DATA_DIR: scratch.dataDir,
  PAYLOAD_SECRET: randomBytes(24).toString('hex'),
  LOG_LEVEL: 'silent',
})
const payload = await openPayload(buildAtriumConfig({ settings, push: true }), { migrate: false })
const client = new pg.Client({ connectionString: scratch.url })
await client.connect()
try {
  const roles = await seedRoles(payload)
  const tenants = await createTenants(payload)
  const typeInput = DEMO_RECORD_TYPES.find((type) => type.key === DemoTypes.shipments)!
  const type = await payload.create({ collection: Slugs.recordTypes, data: typeInput })
  const api = await insertThroughBatchEndpoint(payload, tenants, roles, API_N, Math.min(API_N, 5000))
  console.log(`PostgreSQL, ${N} records over ${TENANTS} tenants\n`)
  console.log(
    `batch upsert over HTTP (POST …/records/${DemoTypes.shipments}/batch, ${BATCH} a request, ${api.batches} requests): ` +
      `${API_N} created at ${api.createRate.toFixed(0)} records/s; ${api.updated} updated at ${api.updateRate.toFixed(0)} records/s`,
  )
  console.log(`  (${N} that way would take ${(N / api.createRate / 60).toFixed(1)} min)`)
  if (N > API_N) {
    const bulkRate = await insertInBulk(client, type as unknown as RecordTypeDocument, tenants, API_N)
    console.log(
      `insert, multi-row SQL, same validator + recordColumns: ${N - API_N} records at ${bulkRate.toFixed(0)} records/s`,
    )
  }
  const sizes = await client.query<{ tenant_id: number; n: string }>(
    'SELECT tenant_id, count(*) AS n FROM records GROUP BY tenant_id ORDER BY count(*) DESC',
  )
  console.log(`records per tenant: largest ${sizes.rows[0]?.n}, smallest ${sizes.rows.at(-1)?.n}`)

  const app = await createApp({ payload, settings })
  for (const [label, tenantId] of [
    ['large tenant', tenants[0]!],
    ['small tenant', tenants[TENANTS - 1]!],
  ] as const) {
    const user = await payload.create({
      collection: Slugs.users,
      data: {
        email: `viewer-${tenantId}@bench.example`,
        password: PASSWORD,
        name: 'Viewer',
        kind: 'client',
        memberships: [{ tenant: tenantId, roles: [roles[BuiltInRoles.clientViewer]] }],
      },
    })
    const accessUser = (await payload.findByID({
      collection: Slugs.users,
      id: user.id,
      depth: 0,
    })) as unknown as AccessUser
    const token = (
      (await request(app).post('/api/users/login').send({ email: user.email, password: PASSWORD })).body as {
        token: string
      }
    ).token
    const count = sizes.rows.find((row) => row.tenant_id === tenantId)?.n
    console.log(
      `\n${label} (${count} records), first page of ${PAGE}: status in transit or delayed, by ETA (${RUNS} runs)`,
    )
    const translate = async () => {
      const doc = await payload.findByID({ collection: Slugs.recordTypes, id: type.id, depth: 0 })
      const loaded = readRecordType(doc as unknown as RecordTypeDocument)!
      const where: Where = { and: [{ type: { equals: loaded.id } }, toSlotWhere(loaded.assignment, FILTER)] }
      return { where, sort: [toSlotSort(loaded.assignment, SORT), 'id'] }
    }
    const handSql = `SELECT id, title, status, status_category, data, tenant_id, synced_at, updated_at
      FROM records WHERE tenant_id = ANY($1) AND type_id = $2 AND status = ANY($3)
      ORDER BY d1 ASC, id ASC LIMIT ${PAGE}`
    const handValues = [[tenantId], type.id, ['in_transit', 'delayed']]
    // Every path must answer the same page as the hand-written query.
    const expected = (await client.query<{ id: number }>(handSql, handValues)).rows.map((row) => row.id)
    const check = (docs: { id: unknown }[]) => {
      if (docs.map((doc) => doc.id).join() !== expected.join())
        throw new Error(`expected the same ${expected.length} rows as the hand-written query, got ${docs.length}`)
    }
    await measure('GET /api/records/query (HTTP in-process, JWT, count)', async () => {
      const res = await request(app)
        .get(
          `/api/records/query?type=${DemoTypes.shipments}&filter[status][in]=in_transit,delayed&sort=eta&limit=${PAGE}`,
        )
        .set('Authorization', `JWT ${token}`)
      check((res.body as { docs: { id: unknown }[] }).docs)
    })
    await measure('translation + payload.find as the user (with count)', async () => {
      const { where, sort } = await translate()
      const found = await payload.find({
        collection: Slugs.records,
        where,
        sort,
        limit: PAGE,
        depth: 0,
        overrideAccess: false,
        user,
        context: { [SLOT_QUERY_CONTEXT]: true },
      })
      check(found.docs)
    })
    const dbFind = async () => {
      const { where, sort } = await translate()
      const access = accessWhere(await abilityFor(payload, accessUser), 'read', Slugs.records)
      if (access === false) throw new Error('no access')
      const found = await payload.db.find({
        collection: Slugs.records,
        where: access === true ? where : { and: [where, access] },
        sort,
        limit: PAGE,
        pagination: false,
      })
      check(found.docs)
    }
    await measure('translation + payload.db.find with the access Where', dbFind)
    await measure('hand-written SQL (pg client, same table and indexes)', async () => {
      check((await client.query(handSql, handValues)).rows)
    })
    const captured = await captureSql(payload, dbFind)
    const main = captured.find((query) => /from "records"/i.test(query.text) && /order by/i.test(query.text))
    if (main) await explain(client, 'EXPLAIN payload.db.find', main.text, main.values)
    else console.log('\n(payload.db.find did not go through the pool; no EXPLAIN of its statement)')
    await explain(client, 'EXPLAIN hand-written', handSql, handValues)
  }
  await indexExperiment(client, tenants[0]!, type.id)
} finally {
  await client.end()
  await closePayload(payload)
  await scratch.drop()
}
