/**
 * Notifications end to end on a real SMTP server: staff's rules and a workflow's own messages fan
 * out to each person once per channel (email, bell, a plugin's channel), honouring preferences and
 * the access path at fan-out and again at send time; bad rules are refused; data with line breaks
 * or markup cannot add headers or markup; failures are visible to staff and can be retried.
 */
import type { Express } from 'express'
import type { Plugin } from 'payload'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { NOTIFICATION_FAN_OUT_TASK } from '../../src/notifications/events'
import { readUnsubscribeToken, unsubscribeToken } from '../../src/notifications/unsubscribe'
import type { Notification, NotificationDelivery, User } from '../../src/payload-types'
import { addChannels, type ChannelMessage } from '../../src/plugin/notifications'
import { BuiltInRoles } from '../../seed/roles'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { runQueuedJobs } from '../harness/jobs'
import { useSmtpServer } from '../harness/smtpServer'
import { SHIPMENT_TYPE } from '../harness/shipmentType'
import { builtInRoles } from '../harness/users'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const mail = useSmtpServer()
const PUBLIC_URL = 'http://portal.test'

/** The header section of a raw message, folded lines unfolded. */
const headerBlock = (raw: string) => raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ')

/** What the test channel delivered, in order. */
const texted: ChannelMessage[] = []
const smsPlugin: Plugin = (config) =>
  addChannels(config, {
    key: 'sms',
    label: 'Text message',
    send: async (_payload, message) => {
      texted.push(message)
    },
  })

describeEachDatabase(
  'notifications',
  (ctx) => {
    let app: Express
    let f: WorkflowFixture
    let domain: string
    const tokens = new Map<string, string>()
    const as = async (user: { email: string }) => {
      if (!tokens.has(user.email)) tokens.set(user.email, await login(app, user.email, FIXTURE_PASSWORD))
      return { Authorization: `JWT ${tokens.get(user.email)}` }
    }
    const submit = async (user: { email: string }, data: Record<string, unknown>) =>
      request(app)
        .post('/api/requests/submit')
        .set(await as(user))
        .send({ type: 'purchase', data })
    const act = async (user: { email: string }, id: unknown, body: Record<string, unknown>) =>
      request(app)
        .post(`/api/requests/${String(id)}/act`)
        .set(await as(user))
        .send(body)
    /** The messages about `title` this suite's database sent. */
    const mailAbout = (title: string) =>
      mail.server.received.filter(
        (m) => (m.parsed.subject ?? '').includes(title) && m.envelope.to.every((to) => to.endsWith(`@${domain}`)),
      )
    const bellOf = async (user: User, itemId?: unknown) =>
      (
        await ctx.payload.find({
          collection: Slugs.notifications,
          where: {
            and: [{ recipient: { equals: user.id } }, ...(itemId ? [{ itemId: { equals: String(itemId) } }] : [])],
          },
          pagination: false,
          depth: 0,
        })
      ).docs as Notification[]
    const deliveriesAbout = async (type: string) =>
      (
        await ctx.payload.find({
          collection: Slugs.notificationDeliveries,
          where: { type: { equals: type } },
          pagination: false,
          depth: 0,
        })
      ).docs as NotificationDelivery[]
    const rule = async (data: Record<string, unknown>) =>
      request(app)
        .post('/api/notification-rules')
        .set(await as(f.admin))
        .send({ name: 'test rule', tier: 'informational', ...data })
    const roleId = async (key: string) =>
      (await builtInRoles(ctx.payload))[key as keyof Awaited<ReturnType<typeof builtInRoles>>]

    beforeAll(async () => {
      domain = `nt-${ctx.kind}.test`
      app = await testApp(ctx)
      f = await createWorkflowFixture(ctx.payload, `nt-${ctx.kind}`)
    }, 120_000)

    afterEach(async () => {
      // Each test makes its own rules and preferences.
      await ctx.payload.delete({ collection: Slugs.notificationRules, where: { id: { exists: true } } })
      await ctx.payload.delete({ collection: Slugs.notificationPreferences, where: { id: { exists: true } } })
    })

    describe('rules staff save', () => {
      it('refuses a rule with an unknown event, recipient, operator or template with 422, storing nothing', async () => {
        const before = (await ctx.payload.count({ collection: Slugs.notificationRules })).totalDocs
        const cases: [Record<string, unknown>, RegExp][] = [
          [{ event: 'request.exploded', recipients: [{ kind: 'requester' }] }, /no event "request.exploded"/],
          [{ event: 'request.approved', recipients: [{ kind: 'everyone' }] }, /no recipient kind "everyone"/],
          [{ event: 'request.approved', recipients: [{ kind: 'role' }] }, /choose the role/],
          [
            {
              event: 'request.approved',
              recipients: [{ kind: 'requester' }],
              conditions: [{ field: 'data.amount', operator: 'regex', value: '.*' }],
            },
            /conditions must be a list/,
          ],
          [
            {
              event: 'request.approved',
              recipients: [{ kind: 'requester' }],
              conditions: [{ field: '__proto__.x', operator: 'eq', value: 1 }],
            },
            /may not be named/,
          ],
          [
            { event: 'request.approved', recipients: [{ kind: 'requester' }], template: '../../etc/passwd' },
            /no email template/,
          ],
        ]
        for (const [body, message] of cases) {
          const res = await rule(body)
          expect([res.status, res.body.error?.id]).toEqual([422, 'invalid_notification_rule'])
          expect(res.body.error.message).toMatch(message)
        }
        expect((await ctx.payload.count({ collection: Slugs.notificationRules })).totalDocs).toBe(before)
      })

      it('refuses rules to anonymous callers and client users', async () => {
        const anonymous = await request(app)
          .post('/api/notification-rules')
          .send({ name: 'x', event: 'request.approved', recipients: [{ kind: 'requester' }] })
        expect(anonymous.status).toBe(403)
        const client = await request(app)
          .post('/api/notification-rules')
          .set(await as(f.requester))
          .send({ name: 'x', event: 'request.approved', recipients: [{ kind: 'requester' }] })
        expect(client.status).toBe(403)
        const read = await request(app)
          .get('/api/notification-rules')
          .set(await as(f.requester))
        expect(read.body.docs ?? []).toEqual([])
      })
    })

    describe('an approval needed', () => {
      it('sends each assignee one email at once with a deep link and the unsubscribe headers, and a bell entry', async () => {
        // A rule to the same people on top of the workflow's own message: still one of each per person.
        const saved = await rule({
          event: 'approval.needed',
          tier: 'critical',
          recipients: [{ kind: 'assignees' }, { kind: 'role', role: await roleId(BuiltInRoles.clientFinanceLead) }],
        })
        expect(saved.status).toBe(201)
        const created = await submit(f.requester, { title: 'Crane', amount: 20_000 })
        expect(created.status).toBe(201)
        const id = created.body.doc.id
        const assignees = created.body.doc.assignees as number[]
        expect(assignees.sort()).toEqual([f.financeLeads[1]!.id, f.financeLeads[2]!.id].sort())
        await runQueuedJobs(ctx.payload)

        // The assignees, each once, in the workflow's own words; the finance lead whose limit is too
        // small hears of it too (the rule's role), once, in the rule's (the generic message).
        const messages = mailAbout('Crane')
        expect(messages.map((m) => [m.envelope.to.join(), m.parsed.subject]).sort()).toEqual(
          [
            [f.financeLeads[0]!.email, 'Your approval is needed: Crane'],
            [f.financeLeads[1]!.email, 'Approval needed: Crane'],
            [f.financeLeads[2]!.email, 'Approval needed: Crane'],
          ].sort(),
        )
        const lead = messages.find((m) => m.envelope.to[0] === f.financeLeads[2]!.email)!
        const slug = `nt-${ctx.kind}-acme`
        expect(lead.parsed.text).toContain(`${PUBLIC_URL}/t/${slug}/requests/${id}`)
        const headers = headerBlock(lead.raw)
        expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m)
        const unsubscribe = /^List-Unsubscribe:\s*<([^>]+)>$/m.exec(headers)![1]!
        expect(unsubscribe.startsWith(`${PUBLIC_URL}/`)).toBe(true)
        const token = decodeURIComponent(/token=(.+)$/.exec(unsubscribe)![1]!)
        expect(readUnsubscribeToken(ctx.payload, token)).toEqual({
          user: String(f.financeLeads[2]!.id),
          type: 'approval.needed',
        })

        for (const person of f.financeLeads) {
          const bell = await bellOf(person, id)
          expect(bell.map((n) => [n.type, n.url, n.readAt ?? null])).toEqual([
            ['approval.needed', `/t/${slug}/requests/${id}`, null],
          ])
        }
        // The requester acted (submitted): they are not told about it.
        expect(await bellOf(f.requester, id)).toEqual([])
      })

      it('keeps critical approvals on for the assignees who must give them, whatever they chose', async () => {
        const assignee = f.financeLeads[2]!
        await ctx.payload.create({
          collection: Slugs.notificationPreferences,
          data: {
            user: assignee.id,
            tenant: f.tenant,
            choices: { 'approval.needed': { email: false, bell: false } },
          },
        })
        const created = await submit(f.requester, { title: 'Hoist', amount: 30_000 })
        await runQueuedJobs(ctx.payload)
        expect(mailAbout('Approval needed: Hoist').map((m) => m.envelope.to.join())).toContain(assignee.email)
        expect(await bellOf(assignee, created.body.doc.id)).toHaveLength(1)
      })
    })

    describe('preferences', () => {
      it('turning a type off stops it on every channel; turning off email alone keeps the bell', async () => {
        await rule({
          event: 'request.approved',
          recipients: [{ kind: 'requester' }, { kind: 'role', role: await roleId(BuiltInRoles.clientViewer) }],
        })
        await ctx.payload.create({
          collection: Slugs.notificationPreferences,
          data: {
            user: f.requester.id,
            tenant: f.tenant,
            choices: { 'request.approved': { email: false, bell: false } },
          },
        })
        await ctx.payload.create({
          collection: Slugs.notificationPreferences,
          data: { user: f.viewer.id, tenant: f.tenant, choices: { 'request.approved': { email: false } } },
        })
        const created = await submit(f.requester, { title: 'Ladder', amount: 50 })
        expect((await act(f.accountManager, created.body.doc.id, { type: 'approve' })).status).toBe(200)
        await runQueuedJobs(ctx.payload)
        // The definition's own "request-approved" message to the requester is of the same type: off too.
        expect(mailAbout('Approved: Ladder')).toEqual([])
        expect(await bellOf(f.requester, created.body.doc.id)).toEqual([])
        const viewerBell = await bellOf(f.viewer, created.body.doc.id)
        expect(viewerBell.map((n) => n.type)).toEqual(['request.approved'])
        expect(mailAbout('Ladder').filter((m) => m.envelope.to.includes(f.viewer.email))).toEqual([])
      })

      it('lets a client administrator set the account’s defaults (and nothing else of it); a person’s own choice wins', async () => {
        const roles = await builtInRoles(ctx.payload)
        const admin = await ctx.payload.create({
          collection: Slugs.users,
          data: {
            email: `defaults-admin@${domain}`,
            password: FIXTURE_PASSWORD,
            name: 'Defaults admin',
            kind: 'client',
            memberships: [{ tenant: f.tenant, roles: [roles[BuiltInRoles.clientAdmin]] }],
          } as never,
        })
        const defaults = { choices: { 'request.approved': { email: false } }, digestFrequency: 'daily' }
        const renamed = await request(app)
          .patch(`/api/tenants/${f.tenant}`)
          .set(await as(admin))
          .send({ name: 'Taken over' })
        expect(renamed.status).toBe(403)
        const byMember = await request(app)
          .patch(`/api/tenants/${f.tenant}`)
          .set(await as(f.requester))
          .send({ notificationDefaults: defaults })
        expect(byMember.status).toBe(403)
        const foreign = await request(app)
          .patch(`/api/tenants/${f.otherTenant}`)
          .set(await as(admin))
          .send({ notificationDefaults: defaults })
        expect(foreign.status).toBe(404)
        const bad = await request(app)
          .patch(`/api/tenants/${f.tenant}`)
          .set(await as(admin))
          .send({ notificationDefaults: { choices: { 'request.approved': { pigeon: true } } } })
        expect([bad.status, bad.body.error?.id]).toEqual([400, 'invalid_notification_preferences'])
        const set = await request(app)
          .patch(`/api/tenants/${f.tenant}`)
          .set(await as(admin))
          .send({ notificationDefaults: defaults })
        expect(set.status).toBe(200)
        try {
          await rule({
            event: 'request.approved',
            recipients: [{ kind: 'role', role: await roleId(BuiltInRoles.clientViewer) }, { kind: 'requester' }],
          })
          await ctx.payload.create({
            collection: Slugs.notificationPreferences,
            data: { user: f.requester.id, tenant: f.tenant, choices: { 'request.approved': { email: true } } },
          })
          const created = await submit(f.requester, { title: 'Bucket', amount: 5 })
          expect((await act(f.accountManager, created.body.doc.id, { type: 'approve' })).status).toBe(200)
          await runQueuedJobs(ctx.payload)
          // The viewer follows the account's default (no email, the bell); the requester chose email.
          expect(mailAbout('pproved: Bucket').map((m) => m.envelope.to.join())).toEqual([f.requester.email])
          expect(await bellOf(f.viewer, created.body.doc.id)).toHaveLength(1)
        } finally {
          await ctx.payload.update({
            collection: Slugs.tenants,
            id: f.tenant,
            data: { notificationDefaults: { choices: null, digestFrequency: 'weekly' } },
          })
        }
      })

      it('refuses preferences naming an unknown event, channel or mode with 400', async () => {
        for (const choices of [
          { 'request.exploded': { email: true } },
          { 'request.approved': { pigeon: true } },
          { 'request.approved': { mode: 'hourly' } },
          { 'request.approved': 'yes' },
        ]) {
          const res = await request(app)
            .post('/api/notification-preferences')
            .set(await as(f.requester))
            .send({ user: f.requester.id, tenant: f.tenant, choices })
          expect([res.status, res.body.error?.id]).toEqual([400, 'invalid_notification_preferences'])
          expect(res.body.error.message).toMatch(/choices|event|channel|mode/)
        }
      })

      it('lets each person write only their own preferences and read only their own notifications', async () => {
        const other = await request(app)
          .post('/api/notification-preferences')
          .set(await as(f.requester))
          .send({ user: f.viewer.id, tenant: f.tenant, choices: {} })
        expect(other.status).toBe(403)
        const own = await request(app)
          .post('/api/notification-preferences')
          .set(await as(f.requester))
          .send({ user: f.requester.id, tenant: f.tenant, choices: { 'request.approved': { email: false } } })
        expect(own.status).toBe(201)
        const theirs = await request(app)
          .get('/api/notifications?limit=100&depth=0')
          .set(await as(f.viewer))
        expect(theirs.status).toBe(200)
        expect((theirs.body.docs as Notification[]).every((n) => n.recipient === f.viewer.id)).toBe(true)
        const leadBell = await bellOf(f.financeLeads[2]!)
        expect(leadBell.length).toBeGreaterThan(0)
        const foreign = await request(app)
          .patch(`/api/notifications/${leadBell[0]!.id}`)
          .set(await as(f.viewer))
          .send({ readAt: new Date().toISOString() })
        expect(foreign.status).toBe(404)
        const mine = await request(app)
          .patch(`/api/notifications/${leadBell[0]!.id}`)
          .set(await as(f.financeLeads[2]!))
          .send({ title: 'renamed' })
        expect(mine.status).toBe(403)
        const read = await request(app)
          .patch(`/api/notifications/${leadBell[0]!.id}`)
          .set(await as(f.financeLeads[2]!))
          .send({ readAt: new Date().toISOString() })
        expect(read.status).toBe(200)
      })
    })

    describe('safety', () => {
      it('tells nobody who can no longer read the item, checked again at send time, and records the skip', async () => {
        await rule({
          event: 'request.submitted',
          recipients: [{ kind: 'role', role: await roleId(BuiltInRoles.accountManager) }],
        })
        const manager = f.accountManager
        await submit(f.requester, { title: 'Rope', amount: 10 })
        // Fan out, then take the manager off the tenant before the email goes.
        await ctx.payload.jobs.run({ where: { taskSlug: { equals: NOTIFICATION_FAN_OUT_TASK } }, silent: true })
        await ctx.payload.update({ collection: Slugs.users, id: manager.id, data: { assignedTenants: [] } })
        await runQueuedJobs(ctx.payload)
        expect(mailAbout('Rope').filter((m) => m.envelope.to.includes(manager.email))).toEqual([])
        const skipped = (await deliveriesAbout('request.submitted')).filter(
          (d) => d.recipient === manager.id && d.status === 'skipped',
        )
        expect(skipped.map((d) => d.reason)).toEqual(['The person can no longer read the item'])

        // Fanned out after losing access: no bell entry, no email, the skip recorded.
        await submit(f.requester, { title: 'Chain', amount: 10 })
        await runQueuedJobs(ctx.payload)
        expect(mailAbout('Chain').filter((m) => m.envelope.to.includes(manager.email))).toEqual([])
        const bell = await bellOf(manager)
        expect(bell.filter((n) => n.title.includes('Chain'))).toEqual([])
        await ctx.payload.update({ collection: Slugs.users, id: manager.id, data: { assignedTenants: [f.tenant] } })
      })

      it('keeps line breaks out of headers and markup out of the HTML', async () => {
        await rule({
          event: 'request.submitted',
          recipients: [{ kind: 'role', role: await roleId(BuiltInRoles.clientViewer) }],
        })
        const title = `Boat <b>big</b>\r\nBcc: eve@evil.example`
        await submit(f.requester, { title, amount: 10 })
        await runQueuedJobs(ctx.payload)
        const [message, ...more] = mailAbout('A request was submitted: Boat')
        expect(more).toEqual([])
        expect(message!.envelope.to).toEqual([f.viewer.email])
        expect(message!.parsed.subject).toBe('A request was submitted: Boat <b>big</b> Bcc: eve@evil.example')
        expect(headerBlock(message!.raw)).not.toMatch(/^Bcc:/im)
        expect(message!.parsed.html).toContain('Boat &lt;b&gt;big&lt;/b&gt;')
        expect(message!.parsed.html).not.toContain('<b>big</b>')
      })

      it('delivers critical events to a plugin channel only for those who opted in', async () => {
        texted.length = 0
        const lead = f.financeLeads[1]!
        await ctx.payload.create({
          collection: Slugs.notificationPreferences,
          data: { user: lead.id, tenant: f.tenant, choices: { 'approval.needed': { sms: true } } },
        })
        await submit(f.requester, { title: 'Winch', amount: 25_000 })
        await runQueuedJobs(ctx.payload)
        expect(texted.map((m) => [m.user.email, m.event.type])).toEqual([[lead.email, 'approval.needed']])
        expect(texted[0]!.url).toMatch(/\/requests\/\d+$/)
      })

      it('shows a failed delivery to staff with its reason, and sends it when staff queue it again', async () => {
        await rule({
          event: 'request.submitted',
          recipients: [{ kind: 'role', role: await roleId(BuiltInRoles.clientViewer) }],
        })
        mail.server.refuse.add(f.viewer.email)
        try {
          await submit(f.requester, { title: 'Pulley', amount: 10 })
          await runQueuedJobs(ctx.payload)
          const [failed] = (await deliveriesAbout('request.submitted')).filter(
            (d) => d.recipient === f.viewer.id && d.status === 'failed',
          )
          expect(failed!.reason).toMatch(/550|refused|not/i)
          mail.server.refuse.delete(f.viewer.email)
          const retried = await request(app)
            .patch(`/api/notification-deliveries/${failed!.id}`)
            .set(await as(f.admin))
            .send({ status: 'queued' })
          expect(retried.status).toBe(200)
          await runQueuedJobs(ctx.payload)
          const after = await ctx.payload.findByID({ collection: Slugs.notificationDeliveries, id: failed!.id })
          expect(after.status).toBe('sent')
          expect(mailAbout('A request was submitted: Pulley').map((m) => m.envelope.to.join())).toEqual([
            f.viewer.email,
          ])
        } finally {
          mail.server.refuse.delete(f.viewer.email)
        }
      })
    })

    describe('events of records, tasks and people', () => {
      let typeId: number
      beforeAll(async () => {
        typeId = (await ctx.payload.create({ collection: Slugs.recordTypes, data: SHIPMENT_TYPE as never })).id
      })

      it('tells the rule’s people when a record enters "at risk", through the API and a batch upsert alike', async () => {
        await rule({
          event: 'record.statusCategory',
          conditions: [{ field: 'statusCategory', operator: 'eq', value: 'at_risk' }],
          recipients: [{ kind: 'role', role: await roleId(BuiltInRoles.clientViewer) }],
        })
        const moving = await ctx.payload.create({
          collection: Slugs.records,
          data: { type: typeId, tenant: f.tenant, data: { ref: 'SHP-1', state: 'moving' } } as never,
        })
        await runQueuedJobs(ctx.payload)
        expect(mailAbout('SHP-1')).toEqual([])
        await ctx.payload.update({
          collection: Slugs.records,
          id: moving.id,
          data: { data: { ref: 'SHP-1', state: 'late' } } as never,
        })
        // Staying late is no news.
        await ctx.payload.update({
          collection: Slugs.records,
          id: moving.id,
          data: { data: { ref: 'SHP-1', state: 'late', eta: '2026-12-24' } } as never,
        })
        await runQueuedJobs(ctx.payload)
        const slug = `nt-${ctx.kind}-acme`
        const [message, ...more] = mailAbout('SHP-1')
        expect(more).toEqual([])
        expect(message!.envelope.to).toEqual([f.viewer.email])
        expect(message!.parsed.text).toContain(`${PUBLIC_URL}/t/${slug}/records/shipment/${moving.id}`)
        const bell = await bellOf(f.viewer, moving.id)
        expect(bell.map((n) => [n.type, n.url])).toEqual([
          ['record.statusCategory', `/t/${slug}/records/shipment/${moving.id}`],
        ])

        // The same through the integrations' batch upsert (its own statements, no hooks).
        const key = `key-nt-${ctx.kind}-${'k'.repeat(24)}`
        await ctx.payload.create({
          collection: Slugs.integrationAccounts,
          data: {
            name: `erp ${ctx.kind}`,
            tenant: f.tenant,
            roles: [await roleId(BuiltInRoles.integrationWriter)],
            enableAPIKey: true,
            apiKey: key,
          } as never,
        })
        const batch = (items: unknown[]) =>
          request(app)
            .post('/api/integrations/v1/records/shipment/batch')
            .set({ Authorization: `${Slugs.integrationAccounts} API-Key ${key}` })
            .send({ source: 'erp', items })
        const first = await batch([
          { externalId: 'A', data: { ref: 'SHP-A', state: 'moving' } },
          { externalId: 'B', data: { ref: 'SHP-B', state: 'late' } },
        ])
        expect(first.status).toBe(200)
        const second = await batch([
          { externalId: 'A', data: { ref: 'SHP-A', state: 'late' } },
          { externalId: 'B', data: { ref: 'SHP-B', state: 'late' } },
        ])
        expect(second.status).toBe(200)
        await runQueuedJobs(ctx.payload)
        expect(mailAbout('SHP-A').map((m) => m.envelope.to.join())).toEqual([f.viewer.email])
        expect(mailAbout('SHP-B').map((m) => m.envelope.to.join())).toEqual([f.viewer.email])
      })

      it('publishes nothing for records while no rule listens', async () => {
        const jobs = () =>
          ctx.payload.count({ collection: 'payload-jobs', where: { taskSlug: { equals: NOTIFICATION_FAN_OUT_TASK } } })
        await runQueuedJobs(ctx.payload)
        await ctx.payload.create({
          collection: Slugs.records,
          data: { type: typeId, tenant: f.tenant, data: { ref: 'SHP-Q', state: 'late' } } as never,
        })
        expect((await jobs()).totalDocs).toBe(0)
      })

      it('tells the assignee of a task, and a tenant’s people about a person invited', async () => {
        await rule({ event: 'task.assigned', recipients: [{ kind: 'assignees' }] })
        // The client's administrators may read the people of their account; a viewer may not, so hears nothing.
        await rule({
          event: 'user.invited',
          recipients: [
            { kind: 'role', role: await roleId(BuiltInRoles.clientAdmin) },
            { kind: 'role', role: await roleId(BuiltInRoles.clientViewer) },
          ],
        })
        const task = await request(app)
          .post('/api/tasks')
          .set(await as(f.accountManager))
          .send({ title: 'Sign the <customs> form', assignee: f.requester.id, tenant: f.tenant })
        expect(task.status).toBe(201)
        const roles = await builtInRoles(ctx.payload)
        const clientAdmin = await ctx.payload.create({
          collection: Slugs.users,
          data: {
            email: `client-admin@${domain}`,
            password: FIXTURE_PASSWORD,
            name: 'Client admin',
            kind: 'client',
            memberships: [{ tenant: f.tenant, roles: [roles[BuiltInRoles.clientAdmin]] }],
          } as never,
        })
        await ctx.payload.create({
          collection: Slugs.users,
          data: {
            email: `newcomer@${domain}`,
            password: FIXTURE_PASSWORD,
            name: 'Newcomer',
            kind: 'client',
            memberships: [{ tenant: f.tenant, roles: [roles[BuiltInRoles.clientMember]] }],
          } as never,
        })
        await runQueuedJobs(ctx.payload)
        const [assigned] = mailAbout('A task was assigned to you: Sign the <customs> form')
        expect(assigned!.envelope.to).toEqual([f.requester.email])
        expect(assigned!.parsed.html).toContain('Sign the &lt;customs&gt; form')
        const joined = mailAbout('Someone joined the account: Newcomer').map((m) => m.envelope.to.join())
        expect(joined).toContain(clientAdmin.email)
        expect(joined).not.toContain(f.viewer.email)
        const newcomer = (await ctx.payload.find({ collection: Slugs.users, where: { name: { equals: 'Newcomer' } } }))
          .docs[0]!
        const aboutNewcomer = (await deliveriesAbout('user.invited')).filter(
          (d) => (d.event as { item?: { id?: string } }).item?.id === String(newcomer.id),
        )
        const statusOf = (user: number) => aboutNewcomer.find((d) => d.recipient === user)?.status
        expect([statusOf(clientAdmin.id), statusOf(f.viewer.id)]).toEqual(['sent', 'skipped'])
      })
    })

    describe('unsubscribe tokens', () => {
      it('are refused when changed in any way, or carried over to another person', () => {
        const token = unsubscribeToken(ctx.payload, { user: String(f.requester.id), type: 'request.approved' })
        expect(readUnsubscribeToken(ctx.payload, token)).toEqual({
          user: String(f.requester.id),
          type: 'request.approved',
        })
        const [body, signature] = token.split('.') as [string, string]
        const forged = Buffer.from(JSON.stringify({ u: String(f.viewer.id), t: 'request.approved' })).toString(
          'base64url',
        )
        for (const bad of [
          `${forged}.${signature}`,
          `${body}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
          `${body}.`,
          body,
          `${token}.x`,
          'x'.repeat(10_000),
        ])
          expect(readUnsubscribeToken(ctx.payload, bad)).toBeUndefined()
      })
    })
  },
  () => ({
    plugins: [smsPlugin],
    env: { SMTP_URL: mail.server.url, EMAIL_FROM: 'Atrium <atrium@vendor.test>', PUBLIC_URL },
  }),
)
