/**
 * Notification fan-out on a scratch PostgreSQL (or SQLite) database: 10,000 events to a population
 * of 2,000 recipients, run as the server runs them (payload.jobs.run, 100 jobs a run), each event
 * matching the rules, resolving their people, applying each person's preferences, checking each
 * person's access to the item, writing the bell entries and queueing the emails. Issue 14 asks for
 * events per second and the database work per event.
 *
 * Population: 200 client accounts of 10 people each (client viewers); 1,000 shipments (5 an
 * account). Rules: a default "record.statusCategory at_risk → viewers" and, for every tenth
 * account, its own rule to the same people (deduplicated per person). Preferences: a quarter of
 * the people take these by digest, a quarter turned email off, an eighth turned the bell off.
 * Each event is about one shipment, so it reaches its account's 10 people.
 *
 *   node --conditions=production --import tsx bench/notifications.ts [postgres|sqlite=postgres] [EVENTS=10000] [jobs per run=100]
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { Slugs } from '../collections/slugs'
import { JOBS_PER_RUN } from '../src/config/payloadConfig'
import { BuiltInRoles } from '../seed/roles'
import { inTransaction } from '../src/db/inTransaction'
import { NOTIFICATION_FAN_OUT_TASK, publishEvents, type PublishedEvent } from '../src/notifications/events'
import { SHIPMENT_TYPE } from '../test/harness/shipmentType'
import { builtInRoles } from '../test/harness/users'
import { statementsDuring } from '../test/harness/sqlStatements'
import { openScratchPayload } from './scratchPayload'

const kind = (process.argv[2] ?? 'postgres') as 'postgres' | 'sqlite'
const EVENTS = Number(process.argv[3] ?? 10_000)
/** How many jobs a run takes, as the server's cron does (JOBS_PER_RUN) unless told. */
const PER_RUN = Number(process.argv[4] ?? JOBS_PER_RUN)
const TENANTS = 200
const PEOPLE_PER_TENANT = 10
const SHIPMENTS_PER_TENANT = 5

async function main() {
  const scratch = await openScratchPayload(kind, { logLevel: 'silent' })
  const { payload } = scratch
  try {
    let started = performance.now()
    const roles = await builtInRoles(payload)
    const type = await payload.create({ collection: Slugs.recordTypes, data: SHIPMENT_TYPE as never })
    const viewer = roles[BuiltInRoles.clientViewer]
    const shipments: { id: number; tenant: number }[] = []
    let person = 0
    for (let t = 0; t < TENANTS; t++) {
      const tenant = await payload.create({
        collection: Slugs.tenants,
        data: { name: `Account ${t}`, slug: `account-${t}`, status: 'active', locale: 'en', timezone: 'UTC' } as never,
      })
      for (let p = 0; p < PEOPLE_PER_TENANT; p++, person++) {
        // Straight through the adapter: no password to hash (nobody signs in here), a second each otherwise.
        const now = new Date().toISOString()
        const user = await payload.db.create({
          collection: Slugs.users,
          data: {
            email: `person-${person}@bench.test`,
            name: `Person ${person}`,
            kind: 'client',
            active: true,
            // Array rows carry the id Payload's hooks would have made.
            memberships: [{ id: randomBytes(12).toString('hex'), tenant: tenant.id, roles: [viewer] }],
            createdAt: now,
            updatedAt: now,
          },
        })
        const choice =
          person % 4 === 0
            ? { mode: 'digest' }
            : person % 4 === 1
              ? { email: false }
              : person % 8 === 2
                ? { bell: false }
                : undefined
        if (choice)
          await payload.create({
            collection: Slugs.notificationPreferences,
            data: { user: user.id, tenant: tenant.id, choices: { 'record.statusCategory': choice } } as never,
          })
      }
      for (let s = 0; s < SHIPMENTS_PER_TENANT; s++) {
        const record = await payload.create({
          collection: Slugs.records,
          data: { type: type.id, tenant: tenant.id, data: { ref: `SHP-${t}-${s}`, state: 'moving' } } as never,
        })
        shipments.push({ id: record.id as number, tenant: tenant.id as number })
      }
      if (t % 10 === 0)
        await payload.create({
          collection: Slugs.notificationRules,
          data: {
            name: `Account ${t}: late shipments`,
            event: 'record.statusCategory',
            tenant: tenant.id,
            tier: 'informational',
            recipients: [{ kind: 'role', role: viewer }],
          } as never,
        })
    }
    await payload.create({
      collection: Slugs.notificationRules,
      data: {
        name: 'Late shipments',
        event: 'record.statusCategory',
        tier: 'informational',
        conditions: [{ field: 'statusCategory', operator: 'eq', value: 'at_risk' }],
        recipients: [{ kind: 'role', role: viewer }],
      } as never,
    })
    // The setup's own events (people joining) are not what is measured.
    await payload.delete({ collection: 'payload-jobs', where: { id: { exists: true } } })
    const events: PublishedEvent[] = Array.from({ length: EVENTS }, (_, i) => {
      const shipment = shipments[i % shipments.length]!
      return {
        type: 'record.statusCategory',
        tenant: String(shipment.tenant),
        item: { id: String(shipment.id) },
        actor: null,
        detail: { statusCategory: 'at_risk' },
      }
    })
    for (let i = 0; i < events.length; i += 500)
      await inTransaction(payload, (req) => publishEvents(payload, req, events.slice(i, i + 500)))
    console.log(
      `${kind}: set up ${TENANTS * PEOPLE_PER_TENANT} people, ${shipments.length} shipments, ${EVENTS} events queued in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    )

    const cpu = process.cpuUsage()
    started = performance.now()
    const statements = await statementsDuring(payload, async () => {
      for (;;) {
        const result = await payload.jobs.run({
          limit: PER_RUN,
          silent: true,
          where: { taskSlug: { equals: NOTIFICATION_FAN_OUT_TASK } },
        })
        if (result.noJobsRemaining) break
      }
    })
    const seconds = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    const count = async (collection: Parameters<typeof payload.count>[0]['collection'], where = {}) =>
      (await payload.count({ collection, where })).totalDocs
    const notifications = await count(Slugs.notifications)
    const digest = await count(Slugs.notifications, { digest: { equals: 'pending' } })
    const inBell = await count(Slugs.notifications, { inBell: { equals: true } })
    const queued = await count(Slugs.notificationDeliveries, { status: { equals: 'queued' } })
    const left = await count('payload-jobs', { taskSlug: { equals: NOTIFICATION_FAN_OUT_TASK } })
    const byVerb = new Map<string, number>()
    for (const { sql } of statements) {
      const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '?'
      byVerb.set(verb, (byVerb.get(verb) ?? 0) + 1)
    }
    console.log(
      `${kind}: ${EVENTS} events fanned out in ${seconds.toFixed(1)} s: ${(EVENTS / seconds).toFixed(0)} events/s`,
    )
    console.log(
      `  written: ${notifications} notifications (${inBell} in the bell, ${digest} waiting for a digest), ${queued} emails queued; fan-out jobs left: ${left}`,
    )
    console.log(
      `  per event: ${(statements.length / EVENTS).toFixed(1)} statements (${[...byVerb]
        .sort((a, b) => b[1] - a[1])
        .map(([verb, n]) => `${verb} ${(n / EVENTS).toFixed(1)}`)
        .join(
          ', ',
        )}), ${((used.user + used.system) / 1000 / EVENTS).toFixed(2)} ms CPU in this process, ${((seconds * 1000) / EVENTS).toFixed(2)} ms wall`,
    )
    console.log(`  machine: ${os.cpus().length} cores, Node ${process.version}`)
  } finally {
    await scratch.close()
  }
}

await main()
