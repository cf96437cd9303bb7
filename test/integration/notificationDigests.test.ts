/**
 * Digests, end to end with a real SMTP server: informational events for a person on a digest send
 * nothing at once and one email when their period ends on a fake clock (not a moment before),
 * grouped by item; nothing is sent when there is nothing to say, to a person who turned digests
 * off, or about an item the person can no longer read; the hour is the person's own. Then two real
 * job-runner processes run the digest task for the same due period: one digest per person.
 */
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { PROJECT_ROOT } from '../../src/config/paths'
import { buildAtriumConfig, SCHEDULED_JOBS_CRON } from '../../src/config/payloadConfig'
import { inTransaction } from '../../src/db/inTransaction'
import { latestPeriodEnd } from '../../src/notifications/digestPeriods'
import { digestKey, sendDueDigests } from '../../src/notifications/digests'
import { deliver } from '../../src/notifications/deliver'
import { NOTIFICATION_DELIVERY_TASK, NOTIFICATION_DIGESTS_TASK, publishEvents } from '../../src/notifications/events'
import { DELIVERY_LEASE_MS, requeueAbandonedDeliveries } from '../../src/notifications/markDelivery'
import { notificationDigestsTask, notificationTasks, SCHEDULED_QUEUE } from '../../src/notifications/tasks'
import type { DigestSchedule } from '../../src/notifications/preferences'
import type { Notification, NotificationDelivery, User } from '../../src/payload-types'
import { submitRequest } from '../../src/workflows/service'
import { BuiltInRoles, type BuiltInRoleKey } from '../../seed/roles'
import { describeEachDatabase, type SuiteContext } from '../harness/describeEachDatabase'
import { runQueuedJobs } from '../harness/jobs'
import { cleanEnv, startChild } from '../harness/processes'
import { useSmtpServer, type ReceivedEmail } from '../harness/smtpServer'
import { builtInRoles, createTenant } from '../harness/users'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const mail = useSmtpServer()
const WEEK = 7 * 86_400_000
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const

/** What one test works with: a client account, its people, a rule telling members of comments. */
interface Account {
  tenant: number
  /** a client account the people do not belong to */
  otherTenant: number
  /** who comments (staff) */
  actor: User
  domain: string
  people: User[]
  requests: (number | string)[]
}

let accounts = 0
const fixtures: Partial<Record<string, WorkflowFixture>> = {}

describeEachDatabase(
  'notification digests',
  (ctx) => {
    it('is scheduled every five minutes by Payload on processes that run jobs', async () => {
      expect(notificationTasks).toContain(notificationDigestsTask)
      expect(notificationDigestsTask.schedule).toEqual([{ cron: '0 */5 * * * *', queue: SCHEDULED_QUEUE }])
      const running = await buildAtriumConfig({ settings: { ...ctx.settings, runJobs: true } })
      expect(running.jobs.autoRun).toEqual(
        expect.arrayContaining([expect.objectContaining({ cron: SCHEDULED_JOBS_CRON, queue: SCHEDULED_QUEUE })]),
      )
      // What the once-a-minute cron does: Payload's scheduler queues the next run, once.
      const before = Date.now()
      await ctx.payload.jobs.handleSchedules({ queue: SCHEDULED_QUEUE })
      await ctx.payload.jobs.handleSchedules({ queue: SCHEDULED_QUEUE })
      const { docs } = await ctx.payload.find({
        collection: 'payload-jobs',
        where: { taskSlug: { equals: NOTIFICATION_DIGESTS_TASK } },
      })
      expect(docs).toHaveLength(1)
      const waitUntil = Date.parse(String(docs[0]!.waitUntil))
      expect(waitUntil).toBeGreaterThan(before)
      expect(waitUntil - before).toBeLessThanOrEqual(5 * 60_000)
      expect(waitUntil % (5 * 60_000)).toBe(0)
      // Run now (not at its time), it completes: nothing is due.
      await ctx.payload.jobs.runByID({ id: docs[0]!.id, silent: true })
      expect(
        await ctx.payload.count({
          collection: 'payload-jobs',
          where: { taskSlug: { equals: NOTIFICATION_DIGESTS_TASK } },
        }),
      ).toEqual({ totalDocs: 0 })
    })

    it('sends nothing at once, then one digest at the end of the week, grouped by item', async () => {
      const a = await account(ctx, 1)
      const [person] = a.people
      const schedule = await prefer(ctx.payload, a, person!, { frequency: 'weekly', day: farDay(), hour: 15 })
      await comment(ctx.payload, a, a.requests[0]!, 'Is <b>the invoice</b> attached?')
      await comment(ctx.payload, a, a.requests[0]!, 'Found it')
      await comment(ctx.payload, a, a.requests[1]!, 'Shipped')
      expect(inbox(a)).toEqual([])
      const items = await waiting(ctx.payload, person!)
      expect(items.map((n) => n.digest)).toEqual(['pending', 'pending', 'pending'])

      const end = nextEnd(schedule, 'UTC')
      expect(new Date(end).getUTCDay()).toBe(schedule.day)
      expect(await sendDueDigests(ctx.payload, new Date(end - 1))).toMatchObject({ claimed: 0 })
      await runQueuedJobs(ctx.payload)
      expect(inbox(a)).toEqual([])

      expect(await sendDueDigests(ctx.payload, new Date(end))).toMatchObject({ claimed: 1, alreadyClaimed: 0 })
      await runQueuedJobs(ctx.payload)
      const [digest, ...more] = inbox(a)
      expect(more).toEqual([])
      expect(digest!.parsed.subject).toBe(`${a.domain}-acme: Weekly digest, 3 updates on 2 items`)
      const html = String(digest!.parsed.html)
      const text = digest!.parsed.text ?? ''
      // Each item once, its events under it, with a deep link to the item in the person's portal.
      for (const id of a.requests) {
        const link = `/t/${a.domain}-acme/requests/${id}`
        expect(text.split(link).length - 1).toBe(1)
        expect(html).toContain(`${link}"`)
      }
      expect(text.split('Someone commented on a request').length - 1).toBe(3)
      expect(text.indexOf('Found it')).toBeLessThan(text.indexOf(`/requests/${a.requests[0]}`))
      expect(text.indexOf('Shipped')).toBeGreaterThan(text.indexOf(`/requests/${a.requests[0]}`))
      // Names and comments are escaped in the HTML part.
      expect(html).toContain('Hello Member &lt;0&gt;,')
      expect(html).toContain('Is &lt;b&gt;the invoice&lt;/b&gt; attached?')
      expect(html).not.toContain('<b>the invoice')
      // The footer, and RFC 8058 one-click unsubscribe.
      expect(text).toContain('Choose what you hear about: ')
      expect(text).toContain('Unsubscribe from "Weekly digest" emails: ')
      expect(digest!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m)
      expect(digest!.raw).toMatch(/^List-Unsubscribe:\s+<[^>\s]*\/unsubscribe\?token=[\w.-]+>/m)

      const key = digestKey(person!.id, a.tenant, new Date(end))
      expect((await waiting(ctx.payload, person!)).map((n) => [n.digest, n.digestKey])).toEqual([
        ['sent', key],
        ['sent', key],
        ['sent', key],
      ])
      expect(await delivery(ctx.payload, key)).toMatchObject({ status: 'sent', channel: 'digest', reason: null })
      // The same period again (a second run, a second process): nothing more.
      expect(await sendDueDigests(ctx.payload, new Date(end + 60_000))).toMatchObject({ claimed: 0 })
      await runQueuedJobs(ctx.payload)
      expect(inbox(a)).toHaveLength(1)
    })

    it('sends nothing at all when there is nothing to say', async () => {
      const a = await account(ctx, 1)
      const schedule = await prefer(ctx.payload, a, a.people[0]!, { frequency: 'daily', day: 0, hour: 9 })
      const end = nextEnd(schedule, 'UTC')
      expect(await sendDueDigests(ctx.payload, new Date(end))).toMatchObject({ claimed: 0 })
      await runQueuedJobs(ctx.payload)
      expect(inbox(a)).toEqual([])
      expect(await ctx.payload.count({ collection: Slugs.notificationDeliveries, where: recipientIs(a) })).toEqual({
        totalDocs: 0,
      })
    })

    it('sends no digest to a person who turned digests off since, and drops what waited', async () => {
      const a = await account(ctx, 1)
      const [person] = a.people
      const schedule = await prefer(ctx.payload, a, person!, { frequency: 'weekly', day: farDay(), hour: 10 })
      await comment(ctx.payload, a, a.requests[0]!, 'First')
      await prefer(ctx.payload, a, person!, { frequency: 'off', day: 0, hour: 10 })
      expect(await sendDueDigests(ctx.payload, new Date(nextEnd(schedule, 'UTC')))).toMatchObject({
        claimed: 0,
        dropped: 1,
      })
      await runQueuedJobs(ctx.payload)
      expect(inbox(a)).toEqual([])
      // Still in the bell; no longer waiting for a digest.
      expect((await waiting(ctx.payload, person!)).map((n) => [n.inBell, n.digest])).toEqual([[true, 'skipped']])
    })

    it('leaves out a type the person no longer wants in a digest: nothing left, no email, the skip recorded', async () => {
      const a = await account(ctx, 1)
      const [person] = a.people
      const schedule = await prefer(ctx.payload, a, person!, { frequency: 'daily', day: 0, hour: 8 })
      await comment(ctx.payload, a, a.requests[0]!, 'Unwanted')
      // Comments now: email off (the bell only). The digest is still on.
      const { docs } = await ctx.payload.find({
        collection: Slugs.notificationPreferences,
        where: { key: { equals: `${person!.id}:${a.tenant}` } },
      })
      await ctx.payload.update({
        collection: Slugs.notificationPreferences,
        id: docs[0]!.id,
        data: { choices: { 'request.commented': { email: false } } },
      })
      const end = nextEnd(schedule, 'UTC')
      expect(await sendDueDigests(ctx.payload, new Date(end))).toMatchObject({ claimed: 1 })
      await runQueuedJobs(ctx.payload)
      expect(inbox(a)).toEqual([])
      const key = digestKey(person!.id, a.tenant, new Date(end))
      expect(await delivery(ctx.payload, key)).toMatchObject({
        status: 'skipped',
        reason: 'Nothing left to say. 1 left out: The person no longer wants it in a digest',
      })
      expect((await waiting(ctx.payload, person!)).map((n) => [n.digest, n.digestKey])).toEqual([['skipped', key]])
    })

    it('leaves out an item the person can no longer read, and records the skip', async () => {
      const a = await account(ctx, 1)
      const [person] = a.people
      const schedule = await prefer(ctx.payload, a, person!, { frequency: 'daily', day: 0, hour: 7 })
      await comment(ctx.payload, a, a.requests[0]!, 'Kept')
      await comment(ctx.payload, a, a.requests[1]!, 'Moved away')
      // The second request moves to another client account, which the person does not belong to.
      await ctx.payload.db.updateOne({
        collection: Slugs.requests,
        id: a.requests[1]!,
        data: { tenant: a.otherTenant },
        returning: false,
      })
      const end = nextEnd(schedule, 'UTC')
      expect(await sendDueDigests(ctx.payload, new Date(end))).toMatchObject({ claimed: 1 })
      await runQueuedJobs(ctx.payload)
      const [digest, ...more] = inbox(a)
      expect(more).toEqual([])
      expect(digest!.parsed.subject).toContain('Daily digest, 1 update on 1 item')
      expect(digest!.parsed.text).toContain('Kept')
      expect(digest!.parsed.text).not.toContain('Moved away')
      expect(digest!.parsed.text).not.toContain(`/requests/${a.requests[1]}`)
      const key = digestKey(person!.id, a.tenant, new Date(end))
      expect((await waiting(ctx.payload, person!)).map((n) => [n.body, n.digest, n.digestKey])).toEqual([
        ['Kept', 'sent', key],
        ['Moved away', 'skipped', key],
      ])
      expect(await delivery(ctx.payload, key)).toMatchObject({
        status: 'sent',
        reason: '1 left out: The person can no longer read the item',
      })
    })

    it('sends a claimed digest once when its job runs twice at once', async () => {
      const { a, key } = await claimedDigest(ctx, 'Once')
      // Payload's runner can hand one job to two processes: both deliver the same row at once.
      await Promise.all([deliver(ctx.payload, key), deliver(ctx.payload, key)])
      await runQueuedJobs(ctx.payload)
      expect(inbox(a)).toHaveLength(1)
      expect(await delivery(ctx.payload, key)).toMatchObject({ status: 'sent', attempts: 1 })
    })

    it('sends a digest whose process died mid-send once it is found abandoned', async () => {
      const { a, key } = await claimedDigest(ctx, 'Not lost')
      // As a process leaves it that took the row and died: `sending`, its job gone with it.
      const row = (await delivery(ctx.payload, key))!
      await ctx.payload.db.deleteMany({
        collection: 'payload-jobs',
        where: { taskSlug: { equals: NOTIFICATION_DELIVERY_TASK } },
      })
      const longAgo = new Date(Date.now() - DELIVERY_LEASE_MS - 1000).toISOString()
      await ctx.payload.db.updateOne({
        collection: Slugs.notificationDeliveries,
        id: row.id,
        data: { status: 'sending', updatedAt: longAgo },
        returning: false,
      })
      expect(await requeueAbandonedDeliveries(ctx.payload)).toBe(1)
      await runQueuedJobs(ctx.payload)
      expect(inbox(a)).toHaveLength(1)
      expect(inbox(a)[0]!.parsed.text).toContain('Not lost')
      expect(await delivery(ctx.payload, key)).toMatchObject({ status: 'sent' })
    })

    it("sends a person's digest at their own hour in their time zone", async () => {
      const a = await account(ctx, 2)
      const [tokyo, newYork] = a.people
      await ctx.payload.update({ collection: Slugs.users, id: tokyo!.id, data: { timeZone: 'Asia/Tokyo' } })
      await ctx.payload.update({ collection: Slugs.users, id: newYork!.id, data: { timeZone: 'America/New_York' } })
      const schedule = { frequency: 'daily', day: 0, hour: 9 } as const
      await prefer(ctx.payload, a, tokyo!, schedule)
      await prefer(ctx.payload, a, newYork!, schedule)
      await comment(ctx.payload, a, a.requests[0]!, 'Morning news')
      const tokyoEnd = nextEnd(schedule, 'Asia/Tokyo')
      const newYorkEnd = nextEnd(schedule, 'America/New_York')
      expect(hourIn(tokyoEnd, 'Asia/Tokyo')).toBe('09')
      expect(hourIn(newYorkEnd, 'America/New_York')).toBe('09')
      // 09:00 in Tokyo and in New York are 13 or 14 hours apart, whichever comes first.
      const [first, second] = tokyoEnd < newYorkEnd ? [tokyo!, newYork!] : [newYork!, tokyo!]
      const firstEnd = Math.min(tokyoEnd, newYorkEnd)
      expect(await sendDueDigests(ctx.payload, new Date(firstEnd - 1))).toMatchObject({ claimed: 0 })
      expect(await sendDueDigests(ctx.payload, new Date(firstEnd))).toMatchObject({ claimed: 1 })
      await runQueuedJobs(ctx.payload)
      expect(inbox(a).map((m) => m.envelope.to)).toEqual([[first.email]])
      expect(await sendDueDigests(ctx.payload, new Date(Math.max(tokyoEnd, newYorkEnd)))).toMatchObject({ claimed: 1 })
      await runQueuedJobs(ctx.payload)
      expect(inbox(a).map((m) => m.envelope.to)).toEqual([[first.email], [second.email]])
    })

    it('sends one digest per person when two job runners run the digest task at once', async () => {
      const PEOPLE = 5
      const a = await account(ctx, PEOPLE)
      // Daily at an hour that has passed today: what waited since yesterday is due now, on the real clock.
      const hour = (new Date().getUTCHours() + 23) % 24
      for (const person of a.people) await prefer(ctx.payload, a, person, { frequency: 'daily', day: 0, hour })
      await comment(ctx.payload, a, a.requests[0]!, 'One')
      await comment(ctx.payload, a, a.requests[1]!, 'Two')
      await ctx.payload.db.updateMany({
        collection: Slugs.notifications,
        where: { and: [recipientIs(a), { digest: { equals: 'pending' } }] },
        data: { createdAt: new Date(Date.now() - 86_400_000).toISOString() },
      })
      // Both start at one moment, once both have booted: when the file `go` appears.
      const go = path.join(tmpdir(), `atrium-digests-go-${process.pid}-${a.domain}`)
      const runners = [0, 1].map(() =>
        startChild(
          process.execPath,
          [
            '--conditions=production',
            '--import',
            'tsx',
            path.join(PROJECT_ROOT, 'test', 'fixtures', 'jobRunner.ts'),
            NOTIFICATION_DIGESTS_TASK,
            SCHEDULED_QUEUE,
            go,
          ],
          cleanEnv({
            DATABASE_URL: ctx.database.url,
            DATA_DIR: ctx.database.dataDir,
            PAYLOAD_SECRET: ctx.settings.secret,
            SMTP_URL: mail.server.url,
            EMAIL_FROM: 'Atrium <atrium@vendor.test>',
            // Each runner logs what its digest run claimed.
            LOG_LEVEL: 'info',
          }),
        ),
      )
      try {
        await Promise.all(runners.map((runner) => runner.waitFor(/runner: ready/, 90_000)))
        writeFileSync(go, '')
        await Promise.all(runners.map((runner) => runner.waitFor(/notificationDigests done/, 60_000)))
        await waitUntil(async () => {
          const { docs } = await ctx.payload.find({
            collection: Slugs.notificationDeliveries,
            where: { and: [recipientIs(a), { channel: { equals: 'digest' } }] },
            depth: 0,
            limit: 100,
          })
          return docs.length === PEOPLE && docs.every((d) => d.status === 'sent')
        }, 60_000)
      } finally {
        for (const runner of runners) runner.process.kill('SIGKILL')
      }
      await Promise.all(runners.map((runner) => runner.exited))
      rmSync(go, { force: true })
      // Between them the two runs claimed each person's digest once (the other found it claimed, or sent).
      // eslint-disable-next-line no-control-regex
      const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '')
      const claimed = runners.map((runner) =>
        [...plain(runner.output()).matchAll(/\bclaimed"?:\s*(\d+)/g)].map((m) => Number(m[1])),
      )
      expect(claimed.flat().reduce((sum, n) => sum + n, 0)).toBe(PEOPLE)
      const received = inbox(a)
        .map((m) => m.envelope.to.join())
        .sort()
      expect(received).toEqual(a.people.map((p) => p.email).sort())
      for (const message of inbox(a)) expect(message.parsed.subject).toContain('2 updates on 2 items')
    }, 180_000)
  },
  () => ({ env: { SMTP_URL: mail.server.url, EMAIL_FROM: 'Atrium <atrium@vendor.test>' } }),
)

/**
 * A client account of its own for one test (so no test sees another's people): two requests,
 * `count` viewers and a rule telling viewers of every comment. The workflow fixture (the request
 * type, the account manager who comments) is the suite's.
 */
async function account(ctx: SuiteContext, count: number): Promise<Account> {
  fixtures[ctx.kind] ??= await createWorkflowFixture(ctx.payload, `digests-${ctx.kind}`)
  const f = fixtures[ctx.kind]!
  const domain = `dg${++accounts}-${ctx.kind}`
  const tenant = (await createTenant(ctx.payload, `${domain}-acme`)).id
  const roles = await builtInRoles(ctx.payload)
  const person = async (email: string, name: string, role: BuiltInRoleKey) =>
    (await ctx.payload.create({
      collection: Slugs.users,
      data: {
        email,
        password: FIXTURE_PASSWORD,
        name,
        kind: 'client',
        memberships: [{ tenant, roles: [roles[role]] }],
      } as never,
    })) as User
  const requester = await person(`requester@${domain}.test`, 'Requester', BuiltInRoles.clientMember)
  const people: User[] = []
  for (let i = 0; i < count; i++)
    people.push(await person(`member-${i}@${domain}.test`, `Member <${i}>`, BuiltInRoles.clientViewer))
  await ctx.payload.create({
    collection: Slugs.notificationRules,
    data: {
      name: 'Comments to viewers',
      event: 'request.commented',
      tenant,
      tier: 'informational',
      recipients: [{ kind: 'role', role: roles[BuiltInRoles.clientViewer] }],
    },
  })
  const caller = { payload: ctx.payload, user: { ...requester, collection: Slugs.users } as never }
  const requests: (number | string)[] = []
  for (const title of ['Chairs', 'Desks'])
    requests.push((await submitRequest(caller, { type: 'purchase', data: { title, amount: 100 } })).id)
  await runQueuedJobs(ctx.payload)
  return { tenant, otherTenant: f.otherTenant, actor: f.accountManager, domain, people, requests }
}

/** A member of a new account with one comment waiting, and their daily digest claimed (not yet sent). */
async function claimedDigest(ctx: SuiteContext, text: string) {
  const a = await account(ctx, 1)
  const [person] = a.people
  const schedule = await prefer(ctx.payload, a, person!, { frequency: 'daily', day: 0, hour: 6 })
  await comment(ctx.payload, a, a.requests[0]!, text)
  const end = nextEnd(schedule, 'UTC')
  expect(await sendDueDigests(ctx.payload, new Date(end))).toMatchObject({ claimed: 1 })
  return { a, key: digestKey(person!.id, a.tenant, new Date(end)) }
}

/** Sets `person`'s digest schedule in the account, with comments going to their digest. */
async function prefer(payload: Payload, a: Account, person: User, schedule: DigestSchedule) {
  const data = {
    user: person.id,
    tenant: a.tenant,
    choices: { 'request.commented': { mode: 'digest' } },
    digestFrequency: schedule.frequency,
    digestDay: DAYS[schedule.day],
    digestHour: schedule.hour,
  } as const
  const { docs } = await payload.find({
    collection: Slugs.notificationPreferences,
    where: { key: { equals: `${person.id}:${a.tenant}` } },
  })
  if (docs[0]) await payload.update({ collection: Slugs.notificationPreferences, id: docs[0].id, data })
  else await payload.create({ collection: Slugs.notificationPreferences, data })
  return schedule
}

/** The account manager comments on a request: the event is published and fanned out. */
async function comment(payload: Payload, a: Account, request: number | string, text: string) {
  await inTransaction(payload, (req) =>
    publishEvents(payload, req, [
      {
        type: 'request.commented',
        tenant: String(a.tenant),
        item: { id: String(request) },
        actor: String(a.actor.id),
        detail: { comment: text },
      },
    ]),
  )
  await runQueuedJobs(payload)
}

/** The messages the account's members received. */
const inbox = (a: Account): ReceivedEmail[] =>
  mail.server.received.filter((m) =>
    m.envelope.to.every((to) => to.startsWith('member-') && to.endsWith(`@${a.domain}.test`)),
  )

const recipientIs = (a: Account) => ({ recipient: { in: a.people.map((p) => p.id) } })

/** The person's notifications of comments, oldest first. */
async function waiting(payload: Payload, person: User): Promise<Notification[]> {
  const { docs } = await payload.find({
    collection: Slugs.notifications,
    where: { recipient: { equals: person.id } },
    sort: 'createdAt',
    depth: 0,
    limit: 100,
  })
  return docs as Notification[]
}

async function delivery(payload: Payload, key: string): Promise<NotificationDelivery | undefined> {
  const { docs } = await payload.find({ collection: Slugs.notificationDeliveries, where: { key: { equals: key } } })
  return docs[0] as NotificationDelivery | undefined
}

/** A weekday three days from today (UTC): its 15:00 is days away, whenever the test runs. */
const farDay = () => (new Date().getUTCDay() + 3) % 7

/** The end of the first period of `schedule` in `timeZone` after now (ms). */
function nextEnd(schedule: DigestSchedule, timeZone: string): number {
  const now = Date.now()
  // The latest end a week (or a day) from now is the next one after now, or one after that.
  let end = latestPeriodEnd(schedule, timeZone, new Date(now + WEEK))!.getTime()
  for (let earlier = end; earlier > now; ) {
    end = earlier
    earlier = latestPeriodEnd(schedule, timeZone, new Date(end - 1))!.getTime()
  }
  return end
}

const hourIn = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at)

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
