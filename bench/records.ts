/**
 * Records at scale on PostgreSQL: N shipments-like records over 50 tenants (three large ones hold
 * 60 %, 47 small ones the rest), in a scratch database.
 * - Insert: the first API_N through the integration API's batch endpoint over HTTP, 500 a request,
 *   as each tenant's integration account (what an integration's sync gets), then 5,000 of them
 *   again as updates; the rest with multi-row INSERTs whose columns come from the same validator
 *   and recordColumns() the hook uses, without any access or unique check (for the size only).
 * - Query: a large and a small tenant's first page (status in transit or delayed, by ETA) as a
 *   client viewer asks for it: GET /api/records/query over HTTP, beside the same endpoint
 *   hand-written (express + jose + pg: bench/handWrittenRecords.ts) and the same page hand-written
 *   in SQL alone, in turns, and the ratios (issue 11's target: p95 under 25 ms and within 2×); what the
 *   endpoint's time is made of; EXPLAIN ANALYZE of the statements Payload sends and of the
 *   hand-written one; then searches (`q`) the same way, and index experiments. Each line gives p50 and
 *   p95 latency and this process's CPU time per run, steadier than latency on a shared machine.
 *
 *   node --conditions=production --import tsx bench/records.ts [N=200000] [API_N=20000] [runs=300]
 *   (BENCH_PROFILE=<file> also writes a CPU profile of the large tenant's filtered page, see profileOf)
 */
import { randomBytes } from 'node:crypto'
import { existsSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { executeAuthStrategies, type Payload } from 'payload'
import pg from 'pg'
import { COUNT_LIMIT, SEARCH_WINDOW } from '../collections/Records/recordPage'
import type { RecordTypeDocument } from '../collections/RecordTypes/storedRecordType'
import { Slugs } from '../collections/slugs'
import { preparePayloadProcess } from '../src/config/settings'
import { createApp } from '../src/http/createApp'
import { DEMO_RECORD_TYPES, DemoTypes } from '../seed/demoRecordTypes'
import { BuiltInRoles, seedRoles, type BuiltInRoleKey } from '../seed/roles'
import { insertRecordsInBulk, random, shipment } from './bulkRecords'
import { COLUMNS_ANSWERED, handWrittenRecords } from './handWrittenRecords'
import { numbersQuery } from '../src/records/searchIndex'
import { openScratchPayload } from './scratchPayload'

const N = Number(process.argv[2] ?? 200_000)
const API_N = Math.min(N, Number(process.argv[3] ?? 20_000))
const RUNS = Number(process.argv[4] ?? 300)
const TENANTS = 50
const PASSWORD = 'correct-horse-battery'
const PAGE = 50
/** Where the hand-written endpoint listens (set once it does). */
let handBase = ''

/** Three large tenants with 20 % each; the others share the remaining 40 %. */
const tenantIndex = () => (random() < 0.6 ? Math.floor(random() * 3) : 3 + Math.floor(random() * (TENANTS - 3)))

interface Timed {
  label: string
  run: () => Promise<unknown>
}

/** Runs of one measurement in a row before the next takes its turn. */
const BLOCK = 20

/**
 * p50 and p95 of each, after a warm-up, in turns of {@link BLOCK} runs, so that whatever else the
 * machine is doing falls on all of them alike, while the garbage one leaves behind is mostly
 * collected during its own runs; prints one line each and returns them by label.
 */
async function measureTogether(timed: Timed[]): Promise<Map<string, { p50: number; p95: number }>> {
  for (let i = 0; i < Math.min(30, RUNS); i++) for (const { run } of timed) await run()
  const times = timed.map(() => [] as number[])
  // This process's CPU time (both ends of HTTP, not PostgreSQL's): steadier than latency on a shared machine.
  const cpu = timed.map(() => 0)
  for (let done = 0; done < RUNS; done += BLOCK) {
    for (const [k, { run }] of timed.entries()) {
      const cpuBefore = process.cpuUsage()
      for (let i = done; i < Math.min(RUNS, done + BLOCK); i++) {
        const started = performance.now()
        await run()
        times[k]!.push(performance.now() - started)
      }
      const used = process.cpuUsage(cpuBefore)
      cpu[k]! += (used.user + used.system) / 1000
    }
  }
  const results = new Map<string, { p50: number; p95: number }>()
  for (const [k, { label }] of timed.entries()) {
    const sorted = times[k]!.sort((x, y) => x - y)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
    results.set(label, { p50: at(0.5), p95: at(0.95) })
    const cpuPerRun = (cpu[k]! / sorted.length).toFixed(2)
    console.log(
      `  ${label.padEnd(84)} p50 ${at(0.5).toFixed(2).padStart(7)} ms  p95 ${at(0.95).toFixed(2).padStart(7)} ms  cpu ${cpuPerRun.padStart(6)} ms`,
    )
  }
  return results
}

const measure = (label: string, run: () => Promise<unknown>) => measureTogether([{ label, run }])

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

/** Records `from`…N in bulk, the data drawn as shipment() draws it, each for a tenant drawn like the batches'. */
function insertInBulk(client: pg.Client, typeDoc: RecordTypeDocument, tenants: number[], from: number) {
  return insertRecordsInBulk(client, typeDoc, from, N, (i) => {
    const data = shipment(i)
    return { data, tenant: tenants[tenantIndex()]!, externalId: `B-${i}` }
  })
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

/** Times a hand-written statement and prints the scans and sorts of its plan. */
async function measureWithPlan(client: pg.Client, label: string, text: string, values: unknown[]) {
  await measure(`hand-written SQL, ${label}`, () => client.query(text, values))
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)
  const steps = rows.map((row) => row['QUERY PLAN']).filter((line) => /Scan|Sort/.test(line))
  console.log(`    plan: ${steps.map((line) => line.trim().replace(/\s+\(cost.*$/, '')).join(' | ')}`)
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
    for (const [label, text] of queries) await measureWithPlan(client, `${label}, ${when}`, text, [tenantId, typeId])
  }
  console.log(`\nlarge tenant, index experiment (${RUNS} runs)`)
  await run('existing indexes')
  await client.query('CREATE INDEX bench_tenant_type_status_d1 ON records (tenant_id, type_id, status, d1, id)')
  await client.query('ANALYZE records')
  await run('+ (tenant, type, status, d1, id)')
}

/**
 * The list's default order (newest first, no filter: /api/records/query without `sort`) for a
 * large and a small tenant, with the Records collection's (tenant, type, createdAt) index and,
 * dropped from the scratch database, without it.
 */
async function defaultOrderExperiment(client: pg.Client, tenantIds: [string, number][], typeId: number) {
  const newest = `SELECT id, title, status, data FROM records WHERE tenant_id = $1 AND type_id = $2 ORDER BY created_at DESC, id DESC LIMIT ${PAGE}`
  const run = async (when: string) => {
    for (const [label, tenantId] of tenantIds)
      await measureWithPlan(client, `newest first, ${label}, ${when}`, newest, [tenantId, typeId])
  }
  console.log(`\nthe default order, index experiment (${RUNS} runs)`)
  await run('with (tenant, type, created_at)')
  await client.query('DROP INDEX "tenant_type_createdAt_idx"')
  await run('without it')
}

/** A client viewer of `tenantId`, signed in over HTTP as the portal signs in; returns the JWT. */
async function viewerToken(payload: Payload, base: string, viewerRole: number, tenantId: number): Promise<string> {
  const email = `viewer-${tenantId}@bench.example`
  await payload.create({
    collection: Slugs.users,
    data: {
      email,
      password: PASSWORD,
      name: 'Viewer',
      kind: 'client',
      memberships: [{ tenant: tenantId, roles: [viewerRole] }],
    },
  })
  const res = await fetch(`${base}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  return ((await res.json()) as { token: string }).token
}

const ASKED_STATUSES = ['in_transit', 'delayed']

/** One page to ask the endpoint for, and the same page hand-written in SQL ($1 tenant, $2 type). */
interface PageCase {
  /** the endpoint's query string, after `type=` */
  params: string
  /** the conditions after tenant and type */
  where: string
  /** ORDER BY … as the endpoint sorts, id breaking ties */
  orderBy: string
  values: unknown[]
}

interface QueryAnswer {
  docs: { id: number }[]
  totalDocs: number
  totalDocsExact: boolean
  hasNextPage: boolean
}

const handPage = ({ where, orderBy }: PageCase) =>
  `SELECT ${COLUMNS_ANSWERED} FROM records WHERE tenant_id = $1 AND type_id = $2 AND ${where} ORDER BY ${orderBy} LIMIT ${PAGE}`
/** The count the endpoint answers beside the page, hand-written: matches up to one past COUNT_LIMIT. */
const handCount = ({ where }: PageCase) =>
  `SELECT count(*) FROM (SELECT 1 FROM records WHERE tenant_id = $1 AND type_id = $2 AND ${where} LIMIT ${COUNT_LIMIT + 1}) AS matches`

/**
 * One tenant's first page through /api/records/query over HTTP (keep-alive, as the portal asks
 * for it) beside the same page hand-written in SQL, measured in turns, and their ratio. Both must
 * answer the same records, the endpoint also its documented count. Returns what later steps use.
 */
async function comparePage(client: pg.Client, base: string, token: string, scope: number[], page: PageCase) {
  const url = `${base}/api/records/query?type=${DemoTypes.shipments}&${page.params}&limit=${PAGE}`
  const handUrl = `${handBase}/records?${page.params}&limit=${PAGE}`
  const headers = { Authorization: `JWT ${token}` }
  const values = [...scope, ...page.values]
  const sql = handPage(page)
  const expected = (await client.query<{ id: number }>(sql, values)).rows.map((row) => row.id).join()
  const matching = Number(
    (
      await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM records WHERE tenant_id = $1 AND type_id = $2 AND ${page.where}`,
        values,
      )
    ).rows[0]!.n,
  )
  const check = (ids: number[], answer?: QueryAnswer) => {
    if (ids.join() !== expected) throw new Error(`expected the hand-written page, got ${ids.length} other records`)
    if (
      answer &&
      // An exact count, or a lower bound: up to COUNT_LIMIT, or a search's matches among its window.
      ((answer.totalDocsExact
        ? answer.totalDocs !== matching
        : answer.totalDocs > Math.min(matching, COUNT_LIMIT) || answer.totalDocs <= PAGE) ||
        answer.hasNextPage !== matching > PAGE)
    )
      throw new Error(
        `${matching} records match, but the endpoint answered ${JSON.stringify({ ...answer, docs: undefined })}`,
      )
  }
  const endpoint = async () => {
    const answer = (await (await fetch(url, { headers })).json()) as QueryAnswer
    check(
      answer.docs.map((doc) => doc.id),
      answer,
    )
  }
  const handWritten = async () => check((await client.query<{ id: number }>(sql, values)).rows.map((row) => row.id))
  const handEndpoint = async () => {
    const answer = (await (await fetch(handUrl, { headers })).json()) as QueryAnswer
    check(
      answer.docs.map((doc) => doc.id),
      answer,
    )
  }
  const viaHttp = "GET /api/records/query over HTTP (keep-alive, JWT): the portal's path"
  const byHand = 'the same endpoint hand-written: express + jose + pg (page and count)'
  const bySql = 'hand-written SQL of the same page (pg client)'
  console.log(`  ${page.params}: ${matching} match; ${RUNS} runs each, in turns of ${BLOCK}`)
  const results = await measureTogether([
    { label: viaHttp, run: endpoint },
    { label: byHand, run: handEndpoint },
    { label: bySql, run: handWritten },
  ])
  const ratio = (q: 'p50' | 'p95', to: string) => (results.get(viaHttp)![q] / results.get(to)![q]).toFixed(1)
  console.log(
    `  ratio endpoint / hand-written endpoint: p50 ${ratio('p50', byHand)}×, p95 ${ratio('p95', byHand)}×; ` +
      `/ hand-written SQL: p50 ${ratio('p50', bySql)}×, p95 ${ratio('p95', bySql)}×  (target: p95 under 25 ms, within 2×)`,
  )
  return { headers, values, endpoint, handWritten, sql }
}

/** EXPLAIN ANALYZE of the statements on records that `endpoint` makes Payload send (caught at the pool), and of `sql`. */
async function explainEndpoint(
  payload: Payload,
  client: pg.Client,
  endpoint: () => Promise<unknown>,
  sql: string,
  values: unknown[],
) {
  const captured = await captureSql(payload, endpoint)
  const page = captured.find((query) => /from "records"/i.test(query.text) && /order by/i.test(query.text))
  const count = captured.find((query) => /from "records"/i.test(query.text) && !/order by/i.test(query.text))
  for (const [title, statement] of [
    ['EXPLAIN the page statement Payload sends', page],
    ['EXPLAIN the count statement the endpoint sends', count],
  ] as const) {
    if (statement) await explain(client, title, statement.text, statement.values)
    else console.log(`\n(${title}: none sent)`)
  }
  await explain(client, 'EXPLAIN hand-written', sql, values)
}

/**
 * With BENCH_PROFILE=<file>: a CPU profile of this process (the Atrium server and the client
 * asking it) over 2,000 runs of `run`, written to <file> for Chrome's DevTools, once.
 */
async function profileOf(run: () => Promise<unknown>) {
  const file = process.env.BENCH_PROFILE
  if (!file || existsSync(file)) return
  const session = new Session()
  session.connect()
  const post = promisify(session.post.bind(session)) as (method: string) => Promise<unknown>
  await post('Profiler.enable')
  await post('Profiler.start')
  for (let i = 0; i < 2000; i++) await run()
  const { profile } = (await post('Profiler.stop')) as { profile: unknown }
  writeFileSync(file, JSON.stringify(profile))
  session.disconnect()
  console.log(`  CPU profile of 2,000 runs written to ${file}`)
}

/**
 * A tenant's filtered, sorted first page (status in transit or delayed, by ETA), endpoint beside
 * hand-written SQL; what the endpoint's time is made of; and the plans of both.
 */
async function queryPhase(payload: Payload, client: pg.Client, base: string, token: string, scope: number[]) {
  const filtered: PageCase = {
    params: `filter[status][in]=${ASKED_STATUSES.join(',')}&sort=eta`,
    where: 'status = ANY($3)',
    orderBy: 'd1, id',
    values: [ASKED_STATUSES],
  }
  const { headers, values, endpoint, handWritten, sql } = await comparePage(client, base, token, scope, filtered)
  await profileOf(endpoint)
  console.log('  what the endpoint is made of:')
  await measureTogether([
    {
      label: 'GET /healthz over HTTP (the HTTP floor: no sign-in, no query)',
      run: async () => (await fetch(`${base}/healthz`)).text(),
    },
    {
      // What every signed-in API request runs to know its user (payload.auth would also work out
      // the user's permissions on every collection, which API requests do not).
      label: "Payload's auth strategies with the JWT (every signed-in API request)",
      run: () => executeAuthStrategies({ headers: new Headers(headers), payload, canSetHeaders: false }),
    },
    {
      label: `hand-written SQL, page + count up to ${COUNT_LIMIT + 1} (the endpoint's two record statements)`,
      run: () => Promise.all([handWritten(), client.query(handCount(filtered), values)]),
    },
  ])
  await explainEndpoint(payload, client, endpoint, sql, values)
}

/** The numbers index's expression (searchIndex.ts), hand-written. */
const NUMBERS = `array_to_tsvector(array_remove(regexp_split_to_array(regexp_replace(search_text, '[0-9]{100}', '\\& ', 'g'), '[^0-9]+'), ''))`

/**
 * Searches (`q`), newest first as the endpoint answers them, beside the same search hand-written
 * as PostgreSQL's trigram index answers a term of three or more characters (src/records/searchIndex.ts):
 * part of a reference (a few hundred matches in a large tenant) and a city (thousands).
 */
async function searchPhase(payload: Payload, client: pg.Client, base: string, token: string, scope: number[]) {
  const search = (term: string): PageCase => ({
    params: `q=${encodeURIComponent(term)}`,
    where: 'search_text ILIKE $3',
    orderBy: 'created_at DESC, id DESC',
    values: [`%${term}%`],
  })
  // What the endpoint sends for a search's first page (src/db/selectRows.ts, searchedPage): the page
  // among the tenant and type's first SEARCH_WINDOW records in order (their ids from the index, each
  // record looked up by id), with how many of them match;
  // when that cannot answer, the first 1,001 matches in any order, counted, and the page among them;
  // the page in order only when neither holds it.
  const fromWindow = ({ where, orderBy }: PageCase) =>
    `SELECT ${COLUMNS_ANSWERED}, count(*) OVER () AS in_window, window_size FROM (SELECT r.*, count(*) OVER () AS window_size FROM (SELECT id FROM records WHERE tenant_id = $1 AND type_id = $2 ORDER BY ${orderBy} LIMIT ${SEARCH_WINDOW}) AS n CROSS JOIN LATERAL (SELECT * FROM records WHERE records.id = n.id LIMIT 1) AS r) AS records WHERE ${where} ORDER BY ${orderBy} LIMIT ${PAGE}`
  const fromMatches = ({ where, orderBy }: PageCase) =>
    `SELECT *, count(*) OVER () AS matches FROM (SELECT ${COLUMNS_ANSWERED} FROM records WHERE tenant_id = $1 AND type_id = $2 AND ${where} LIMIT ${COUNT_LIMIT + 1}) AS m ORDER BY ${orderBy} LIMIT ${PAGE}`
  // A term that names a number (searchQuery.ts, numbersIn) asks for its matches first, through the
  // index of the numbers in records (searchIndex.ts), then the page in order if more than 1,001 match.
  const numbersWhere = (term: string): PageCase => ({
    ...search(term),
    where: `${NUMBERS} @@ $4::tsquery AND coalesce(search_text, '') ILIKE $3`,
    values: [`%${term}%`, numbersQuery(term)],
  })
  console.log('  search:')
  for (const term of ['SHP-1001', 'Hamburg']) {
    const page = search(term)
    const compared = await comparePage(client, base, token, scope, page)
    if (numbersQuery(term)) {
      const numbered = numbersWhere(term)
      const values = [...scope, ...numbered.values]
      await measure(
        `hand-written SQL, ${term}: ${COUNT_LIMIT + 1} matches through the numbers index, the page in order if more match`,
        async () => {
          const { rows } = await client.query<{ matches: string }>(fromMatches(numbered), values)
          if (Number(rows[0]?.matches ?? 0) > COUNT_LIMIT) await client.query(handPage(numbered), values)
        },
      )
    } else
      await measure(
        `hand-written SQL, ${term}: a window of ${SEARCH_WINDOW} counted, then ${COUNT_LIMIT + 1} matches if it cannot answer`,
        async () => {
          const windowed = await client.query<{ in_window: string; window_size: string }>(
            fromWindow(page),
            compared.values,
          )
          const first = windowed.rows[0]
          if (first && (Number(first.in_window) > PAGE || Number(first.window_size) < SEARCH_WINDOW)) return
          const { rows } = await client.query<{ matches: string }>(fromMatches(page), compared.values)
          // More than COUNT_LIMIT match: the page is then read in order.
          if (Number(rows[0]?.matches ?? 0) > COUNT_LIMIT) await client.query(compared.sql, compared.values)
        },
      )
    if (term === 'SHP-1001') await explainEndpoint(payload, client, compared.endpoint, compared.sql, compared.values)
  }
}

preparePayloadProcess()
const { payload, settings, url, close } = await openScratchPayload('postgres', { logLevel: 'silent' })
const client = new pg.Client({ connectionString: url })
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

  // The table as autovacuum leaves it after a bulk load (visibility map set, so PostgreSQL may
  // answer counts from an index alone); the insert phase above is measured before this.
  await client.query('VACUUM ANALYZE records')
  const app = await createApp({ payload, settings })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const handPool = new pg.Pool({ connectionString: url, max: 10 })
  const handServer = handWrittenRecords(payload, handPool, type.id).listen(0, '127.0.0.1')
  await new Promise((resolve) => handServer.once('listening', resolve))
  handBase = `http://127.0.0.1:${(handServer.address() as AddressInfo).port}`
  try {
    for (const [label, tenantId] of [
      ['large tenant', tenants[0]!],
      ['small tenant', tenants[TENANTS - 1]!],
    ] as const) {
      const size = sizes.rows.find((row) => row.tenant_id === tenantId)?.n
      console.log(`\n${label} (${size} records), first page of ${PAGE}: status in transit or delayed, by ETA`)
      const token = await viewerToken(payload, base, roles[BuiltInRoles.clientViewer]!, tenantId)
      await queryPhase(payload, client, base, token, [tenantId, type.id])
      await searchPhase(payload, client, base, token, [tenantId, type.id])
    }
  } finally {
    server.close()
    handServer.close()
    await handPool.end()
  }
  await indexExperiment(client, tenants[0]!, type.id)
  await defaultOrderExperiment(
    client,
    [
      ['large tenant', tenants[0]!],
      ['small tenant', tenants[TENANTS - 1]!],
    ],
    type.id,
  )
} finally {
  await client.end()
  await close()
}
