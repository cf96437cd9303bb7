/**
 * The portal's first screen on PostgreSQL against a hand-written page showing the same data, in
 * the same run, at the same concurrency (issue 13's target: Atrium at least 0.6 of the
 * hand-written page's requests per second).
 *
 * A scratch database holds a client account with SHIPMENTS shipments (and a fifth as many in
 * another account), purchase requests waiting on a finance lead and requests of their own, and a
 * published home page: a status summary of the shipments, pending approvals and my requests. The
 * finance lead signs in (Payload's session cookie); then, in turns, GET /t/<slug>/ on Atrium and
 * the same page on a hand-written express app (the JWT verified with jose, the same SQL with the
 * tenant filter on its own pg pool, one precompiled handlebars template made of the same files).
 * A child process makes the requests, so this process's CPU (process.cpuUsage) is the servers'.
 * Reported per run and in sum: req/s, p50/p95 latency, server CPU ms per request, and the ratio.
 *
 *   node --conditions=production --import tsx bench/portal.ts [SHIPMENTS=3000] [requests per run=2000] [concurrency=8] [rounds=3]
 */
import os from 'node:os'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import pg from 'pg'
import type { RecordTypeDocument } from '../collections/RecordTypes/storedRecordType'
import { Slugs } from '../collections/slugs'
import { preparePayloadProcess } from '../src/config/settings'
import { createApp } from '../src/http/createApp'
import { templateCompileCount } from '../src/templates/compileCache'
import { submitRequest, type Caller } from '../src/workflows/service'
import { DEMO_RECORD_TYPES, DemoTypes } from '../seed/demoRecordTypes'
import { createWorkflowFixture, FIXTURE_PASSWORD } from '../test/harness/workflowFixtures'
import { insertRecordsInBulk, shipment } from './bulkRecords'
import { handWrittenPortal } from './handWrittenPortal'
import { startLoadGenerator, type LoadResult } from './httpLoad'
import { openScratchPayload } from './scratchPayload'

const SHIPMENTS = Number(process.argv[2] ?? 3000)
const REQUESTS = Number(process.argv[3] ?? 2000)
const CONCURRENCY = Number(process.argv[4] ?? 8)
const ROUNDS = Number(process.argv[5] ?? 3)
/** Purchases waiting on the signed-in finance lead, and purchases of their own. */
const PENDING = 8
const OWN = 5

const listen = async (app: { listen: (port: number, host: string) => Server }) => {
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

async function callerOf(payload: Payload, id: number): Promise<Caller> {
  const doc = await payload.findByID({ collection: Slugs.users, id, depth: 0 })
  return { payload, user: { ...doc, collection: Slugs.users } as Caller['user'] }
}

/** What both pages must agree on: the counts, the at-risk shipments, the requests shown. */
function contentOf(html: string): string {
  const all = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1]).join(',')
  return [
    all(/class="count-number">(\d+)/g),
    all(/<strong>([^<]*)<\/strong> ·/g),
    all(/id="request-(\d+)"/g),
    all(/id="my-request-(\d+)"/g),
  ].join(' | ')
}

const fixed = (value: number, digits = 1) => value.toFixed(digits)

preparePayloadProcess()
const { payload, settings, url, close } = await openScratchPayload('postgres', { logLevel: 'silent' })
const client = new pg.Client({ connectionString: url })
await client.connect()
const load = startLoadGenerator()
try {
  const f = await createWorkflowFixture(payload, 'bench')
  const typeInput = DEMO_RECORD_TYPES.find((type) => type.key === DemoTypes.shipments)!
  const type = await payload.create({ collection: Slugs.recordTypes, data: typeInput })
  const others = Math.round(SHIPMENTS / 5)
  await insertRecordsInBulk(client, type as unknown as RecordTypeDocument, 0, SHIPMENTS + others, (i) => ({
    data: shipment(i),
    tenant: i < SHIPMENTS ? f.tenant : f.otherTenant,
    externalId: `B-${i}`,
  }))
  // Distinct times of change, so that "newest first" is one order on both sides; some older than a day (stale).
  await client.query(`UPDATE records SET updated_at = now() - id * interval '37 seconds'`)
  const lead = f.financeLeads[2]!
  const requester = await callerOf(payload, f.requester.id)
  const leadCaller = await callerOf(payload, lead.id)
  for (let i = 0; i < PENDING; i++)
    await submitRequest(requester, { type: 'purchase', data: { title: `Forklift ${i}`, amount: 20_000 + i } })
  for (let i = 0; i < OWN; i++)
    await submitRequest(leadCaller, { type: 'purchase', data: { title: `Toner ${i}`, amount: 200 + i } })
  await payload.create({
    collection: Slugs.pages,
    data: {
      title: 'Home',
      slug: 'home',
      tenant: f.tenant,
      status: 'published',
      layout: [
        { blockType: 'statusSummary', recordType: DemoTypes.shipments },
        { blockType: 'pendingApprovals' },
        { blockType: 'myRequests' },
      ],
    } as never,
  })
  await client.query('VACUUM ANALYZE')

  const atrium = await listen(await createApp({ payload, settings }))
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  const hand = await listen(await handWrittenPortal(payload, pool))
  try {
    const login = await fetch(`${atrium.base}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: lead.email, password: FIXTURE_PASSWORD }),
    })
    const { token } = (await login.json()) as { token: string }
    const headers = { cookie: `${payload.config.cookiePrefix}-token=${token}` }
    const slug = 'bench-acme'
    const targets = [
      { label: 'Atrium GET /t/<slug>/', url: `${atrium.base}/t/${slug}/` },
      { label: 'hand-written express + pg + handlebars', url: `${hand.base}/t/${slug}/` },
    ]
    // Not compared: what every signed-in portal request costs before any page (tenant, session, headers).
    const floor = { label: 'Atrium GET /t/<slug>/brand.css (floor)', url: `${atrium.base}/t/${slug}/brand.css` }
    const pages = await Promise.all(targets.map(async (t) => (await fetch(t.url, { headers })).text()))
    const [atriumContent, handContent] = pages.map(contentOf)
    console.log(
      `first screen of ${slug}: ${SHIPMENTS} shipments (${others} in another account), ${PENDING} approvals waiting, ${OWN} own requests`,
    )
    console.log(`  content (counts | at risk | approvals | own): ${atriumContent}`)
    console.log(`  page sizes: Atrium ${pages[0]!.length} B, hand-written ${pages[1]!.length} B`)
    if (atriumContent !== handContent || !/count-number/.test(pages[0]!))
      throw new Error(`the pages differ:\n  Atrium: ${atriumContent}\n  hand:   ${handContent}`)

    for (const target of targets) await load.run({ url: target.url, headers, n: 300, concurrency: CONCURRENCY })
    const compilesBefore = templateCompileCount()
    const totals = [...targets, floor].map(() => ({
      requests: 0,
      seconds: 0,
      cpuMs: 0,
      p50: [] as number[],
      p95: [] as number[],
    }))
    console.log(
      `\n${ROUNDS} rounds of ${REQUESTS} requests each, concurrency ${CONCURRENCY}, in turns; load average ${os
        .loadavg()
        .map((l) => fixed(l, 2))
        .join(' ')}`,
    )
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [k, target] of [...targets, floor].entries()) {
        const cpuBefore = process.cpuUsage()
        const result: LoadResult = await load.run({ url: target.url, headers, n: REQUESTS, concurrency: CONCURRENCY })
        const cpu = process.cpuUsage(cpuBefore)
        if (result.statuses['200'] !== REQUESTS) throw new Error(`${target.label}: ${JSON.stringify(result.statuses)}`)
        const cpuMs = (cpu.user + cpu.system) / 1000
        const total = totals[k]!
        total.requests += result.requests
        total.seconds += result.seconds
        total.cpuMs += cpuMs
        total.p50.push(result.p50)
        total.p95.push(result.p95)
        console.log(
          `  round ${round} ${target.label.padEnd(42)} ${fixed(result.requests / result.seconds, 0).padStart(5)} req/s  ` +
            `p50 ${fixed(result.p50).padStart(6)} ms  p95 ${fixed(result.p95).padStart(6)} ms  CPU ${fixed(cpuMs / result.requests, 2)} ms/req`,
        )
      }
    }
    const rate = (k: number) => totals[k]!.requests / totals[k]!.seconds
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
    console.log('\nall rounds:')
    for (const [k, target] of [...targets, floor].entries()) {
      const total = totals[k]!
      console.log(
        `  ${target.label.padEnd(42)} ${fixed(rate(k), 0).padStart(5)} req/s  p50 ${fixed(median(total.p50))} ms  ` +
          `p95 ${fixed(median(total.p95))} ms (medians of rounds)  CPU ${fixed(total.cpuMs / total.requests, 2)} ms/req`,
      )
    }
    console.log(`  ratio Atrium / hand-written req/s: ${fixed(rate(0) / rate(1), 2)} (goal: at least 0.6)`)
    console.log(`  templates compiled while measuring: ${templateCompileCount() - compilesBefore}`)
  } finally {
    atrium.server.close()
    hand.server.close()
    await pool.end()
  }
} finally {
  load.close()
  await client.end()
  await close()
}
process.exit(0)
