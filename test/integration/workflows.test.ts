/**
 * Requests and their workflows through the REST API, as outsiders and insiders: who may submit and
 * act (refusals first), threshold routing, reasons, delegation, 20 approvers at once on "any" and
 * "all" steps, SLA timers, versions and migration, and the effects a job carries out (a real SMTP
 * server receives the emails).
 */
import type { Express } from 'express'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import type { Request as RequestDoc, WorkflowEvent } from '../../src/payload-types'
import { RevisionConflict, writeRequest } from '../../src/workflows/service/commit'
import { definitionById, instanceOf } from '../../src/workflows/service/context'
import { fireTimer } from '../../src/workflows/service/timers'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { runQueuedJobs } from '../harness/jobs'
import { useSmtpServer } from '../harness/smtpServer'
import {
  createPolicyWorkflow,
  createWorkflowFixture,
  FIXTURE_PASSWORD,
  purchaseDefinition,
  type WorkflowFixture,
} from '../harness/workflowFixtures'

const mail = useSmtpServer()

describeEachDatabase(
  'workflows',
  (ctx) => {
    let app: Express
    let f: WorkflowFixture
    const tokens = new Map<string, string>()
    const as = async (user: { email: string }) => {
      if (!tokens.has(user.email)) tokens.set(user.email, await login(app, user.email, FIXTURE_PASSWORD))
      return { Authorization: `JWT ${tokens.get(user.email)}` }
    }
    const submit = async (
      user: { email: string },
      data: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ) =>
      request(app)
        .post('/api/requests/submit')
        .set(await as(user))
        .send({ type: 'purchase', data, ...extra })
    const act = async (user: { email: string }, id: unknown, body: Record<string, unknown>) =>
      request(app)
        .post(`/api/requests/${String(id)}/act`)
        .set(await as(user))
        .send(body)
    const history = async (id: unknown) =>
      (
        await ctx.payload.find({
          collection: Slugs.workflowEvents,
          where: { request: { equals: id } },
          sort: 'id',
          depth: 0,
          pagination: false,
        })
      ).docs as WorkflowEvent[]
    /** The messages with `subject` sent to this suite's people (the SMTP server serves every database's suite). */
    const mailAbout = (subject: string) =>
      mail.server.received.filter(
        (m) => m.parsed.subject === subject && m.envelope.to.every((to) => to.endsWith(`@wf-${ctx.kind}.test`)),
      )
    const stored = (id: unknown) =>
      ctx.payload.findByID({ collection: Slugs.requests, id: id as number, depth: 0 }) as Promise<RequestDoc>

    beforeAll(async () => {
      app = await testApp(ctx)
      f = await createWorkflowFixture(ctx.payload, `wf-${ctx.kind}`, 20)
      await createPolicyWorkflow(ctx.payload, 'any-approval', 'any')
      await createPolicyWorkflow(ctx.payload, 'all-approval', 'all')
    }, 120_000)

    describe('refusals', () => {
      it('answers 401 to anonymous callers on every request route', async () => {
        for (const [method, path] of [
          ['post', '/api/requests/submit'],
          ['post', '/api/requests/1/act'],
          ['get', '/api/requests/pending'],
          ['get', '/api/requests/1/history'],
          ['post', '/api/requests/migrate'],
        ] as const) {
          const res = await request(app)[method](path).send({})
          expect([path, res.status, res.body.error?.id]).toEqual([path, 401, 'unauthorized'])
        }
      })

      it('refuses a viewer (no rule to create requests) with 403, and an outsider naming another tenant with 400', async () => {
        const viewer = await submit(f.viewer, { title: 'Pens', amount: 10 })
        expect([viewer.status, viewer.body.error.id]).toEqual([403, 'forbidden'])
        const outsider = await submit(f.outsider, { title: 'Pens', amount: 10 }, { tenant: f.tenant })
        expect([outsider.status, outsider.body.error.id]).toEqual([400, 'unknown_tenant'])
      })

      it('lists every field problem of data that does not fit the form in one 400, and stores nothing', async () => {
        const before = await ctx.payload.count({ collection: Slugs.requests })
        const res = await submit(f.requester, { amount: 'lots', colour: 'red' })
        expect(res.status).toBe(400)
        expect(res.body.error.id).toBe('invalid_request_data')
        expect(res.body.error.message).toMatch(/title is required/)
        expect(res.body.error.message).toMatch(/amount/)
        expect(res.body.error.message).toMatch(/colour is not a field/)
        expect(await ctx.payload.count({ collection: Slugs.requests })).toEqual(before)
      })

      it('refuses unknown request types, malformed bodies and unknown actions with 400 naming them', async () => {
        const unknown = await request(app)
          .post('/api/requests/submit')
          .set(await as(f.requester))
          .send({ type: 'nope', data: {} })
        expect([unknown.status, unknown.body.error.id]).toEqual([400, 'unknown_request_type'])
        const shape = await request(app)
          .post('/api/requests/submit')
          .set(await as(f.requester))
          .send({ type: 'purchase', data: {}, surprise: 1 })
        expect([shape.status, shape.body.error.id]).toEqual([400, 'invalid_request'])
        const created = await submit(f.requester, { title: 'Pens', amount: 10 })
        const action = await act(f.requester, created.body.doc.id, { type: 'explode' })
        expect([action.status, action.body.error.id]).toEqual([400, 'invalid_workflow_action'])
      })

      it('never lets anyone write requests or their history over REST or GraphQL', async () => {
        const created = await submit(f.requester, { title: 'Paper', amount: 20 })
        const id = created.body.doc.id
        const admin = await as(f.admin)
        const patch = await request(app).patch(`/api/requests/${id}`).set(admin).send({ state: 'approved' })
        expect(patch.status).toBe(403)
        const post = await request(app).post('/api/requests').set(admin).send({ title: 'x' })
        expect(post.status).toBe(403)
        const [event] = await history(id)
        const del = await request(app).delete(`/api/workflow-events/${event!.id}`).set(admin)
        expect(del.status).toBe(403)
        const gql = await request(app)
          .post('/api/graphql')
          .set(admin)
          .send({ query: `mutation { updateRequest(id: ${id}, data: { state: "approved" }) { id } }` })
        expect(JSON.stringify(gql.body)).toMatch(/not allowed|forbidden/i)
        expect((await stored(id)).state).toBe('accountManager')
      })

      it('refuses absurd input with 4xx and stores nothing: huge data, odd ids, long comments', async () => {
        const before = await ctx.payload.count({ collection: Slugs.requests })
        const huge = await submit(f.requester, { title: 'Big', amount: 1, supplier: 'x'.repeat(70_000) })
        expect(huge.status).toBe(400)
        const notObject = await request(app)
          .post('/api/requests/submit')
          .set(await as(f.requester))
          .send({ type: 'purchase', data: ['a'] })
        expect([notObject.status, notObject.body.error.id]).toEqual([400, 'invalid_request_data'])
        expect(await ctx.payload.count({ collection: Slugs.requests })).toEqual(before)
        for (const id of ['abc', '99999999', '-1', '1e3', '%00']) {
          const res = await act(f.requester, id, { type: 'comment', comment: 'x' })
          expect([id, res.status]).toEqual([id, id === '%00' ? 400 : 404])
        }
        const created = await submit(f.requester, { title: 'Ink', amount: 5 })
        const long = await act(f.requester, created.body.doc.id, { type: 'comment', comment: 'x'.repeat(5001) })
        expect([long.status, long.body.error.id]).toEqual([400, 'invalid_workflow_action'])
        const revision = await act(f.accountManager, created.body.doc.id, { type: 'approve', revision: 'two' })
        expect([revision.status, revision.body.error.id]).toEqual([400, 'invalid_workflow_action'])
      })

      it('runs a test run for staff who edit workflows, refuses others, and names what is wrong with the input', async () => {
        const run = (who: { email: string }, body: Record<string, unknown>) =>
          as(who).then((auth) => request(app).post('/api/workflow-definitions/simulate').set(auth).send(body))
        const script = [
          { at: '2026-01-05T09:30:00Z', actor: { id: 'requester' }, event: { type: 'submit' } },
          { at: '2026-01-05T10:00:00Z', actor: { id: 'am' }, event: { type: 'approve' } },
        ]
        const candidates = [{ id: 'am', role: 'account-manager', scope: 'vendor' }]
        const body = { definition: { key: 'x', ...purchaseDefinition }, sampleData: { amount: 50 }, candidates, script }
        const client = await run(f.requester, body)
        expect([client.status, client.body.error.id]).toEqual([403, 'forbidden'])
        const bad = await run(f.admin, { ...body, script: [{ at: 'soon' }] })
        expect([bad.status, bad.body.error.id]).toEqual([400, 'invalid_simulation'])
        const ok = await run(f.admin, body)
        expect(ok.status).toBe(200)
        expect(ok.body.path).toEqual(['draft', 'route', 'accountManager', 'approved'])
        expect(ok.body.steps.map((step: { refusal?: unknown }) => step.refusal)).toEqual([undefined, undefined])
        expect(await ctx.payload.count({ collection: Slugs.requests, where: { title: { equals: 'x' } } })).toEqual({
          totalDocs: 0,
        })
      })

      it("answers 404 to another tenant's user acting on or reading a request", async () => {
        const created = await submit(f.requester, { title: 'Chairs', amount: 300 })
        const res = await act(f.outsider, created.body.doc.id, { type: 'comment', comment: 'hi' })
        expect([res.status, res.body.error.id]).toEqual([404, 'request_not_found'])
        const read = await request(app)
          .get(`/api/requests/${created.body.doc.id}/history`)
          .set(await as(f.outsider))
        expect(read.status).toBe(404)
      })
    })

    describe('routing and approvals', () => {
      it('routes small amounts to the account manager and refuses anyone else with 403 not_an_assignee', async () => {
        const created = await submit(f.requester, { title: 'Toner', amount: 500 })
        expect(created.status).toBe(201)
        expect(created.body.doc).toMatchObject({ state: 'accountManager', revision: 2 })
        expect(created.body.doc.assignees).toEqual([f.accountManager.id])
        const lead = await act(f.financeLeads[2]!, created.body.doc.id, { type: 'approve' })
        expect([lead.status, lead.body.error.id]).toEqual([403, 'not_an_assignee'])
        expect((await stored(created.body.doc.id)).revision).toBe(2)
      })

      it('carries out the final state’s effects once each: a task, a recorded event and the email', async () => {
        const created = await submit(f.requester, { title: 'Stapler', amount: 40 })
        const id = created.body.doc.id
        const approved = await act(f.accountManager, id, { type: 'approve', comment: 'fine' })
        expect(approved.status).toBe(200)
        expect(approved.body.doc).toMatchObject({ state: 'approved', outcome: 'approved' })
        await runQueuedJobs(ctx.payload)
        const tasks = await ctx.payload.find({ collection: Slugs.tasks, where: { request: { equals: id } }, depth: 0 })
        expect(tasks.docs.map((t) => [t.title, t.assignee])).toEqual([['Place the order', f.accountManager.id]])
        const events = await ctx.payload.find({ collection: Slugs.outgoingEvents, where: { request: { equals: id } } })
        expect(events.docs.map((e) => e.event)).toEqual(['purchase.approved'])
        const mail = mailAbout('Approved: Stapler')
        expect(mail.map((m) => m.envelope.to)).toEqual([[f.requester.email]])
        expect(mail[0]!.parsed.text).toMatch(/Your Purchase request "Stapler" has been approved/)
      })

      it('routes amounts over 10,000 to the finance leads whose limit covers them, not the others', async () => {
        const created = await submit(f.requester, { title: 'Forklift', amount: 20_000 })
        expect(created.body.doc.state).toBe('financeLead')
        expect([...created.body.doc.assignees].sort()).toEqual([f.financeLeads[1]!.id, f.financeLeads[2]!.id].sort())
        const small = await act(f.financeLeads[0]!, created.body.doc.id, { type: 'approve' })
        expect([small.status, small.body.error.id]).toEqual([403, 'not_an_assignee'])
        const next = await act(f.financeLeads[1]!, created.body.doc.id, { type: 'approve' })
        expect(next.body.doc).toMatchObject({ state: 'accountManager', assignees: [f.accountManager.id] })
      })

      it('needs a reason code from the list to reject, changes nothing without one, and refuses approval after rejection', async () => {
        const created = await submit(f.requester, { title: 'Espresso machine', amount: 900 })
        const id = created.body.doc.id
        const none = await act(f.accountManager, id, { type: 'reject' })
        expect([none.status, none.body.error.id]).toEqual([400, 'reason_required'])
        const unknown = await act(f.accountManager, id, { type: 'reject', reason: 'ugly' })
        expect([unknown.status, unknown.body.error.id]).toEqual([400, 'unknown_reason'])
        expect(unknown.body.error.message).toMatch(/out-of-stock/)
        expect((await stored(id)).revision).toBe(2)
        const rejected = await act(f.accountManager, id, {
          type: 'reject',
          reason: 'price-changed',
          comment: 'Up 30 %',
        })
        expect(rejected.body.doc).toMatchObject({ state: 'rejected', outcome: 'rejected' })
        const late = await act(f.accountManager, id, { type: 'approve' })
        expect([late.status, late.body.error.id]).toEqual([409, 'final_state'])
        const reject = (await history(id)).find((e) => e.action === 'reject')
        expect(reject).toMatchObject({ reason: 'price-changed', comment: 'Up 30 %', actor: f.accountManager.id })
      })

      it('sends a request back for changes, lets the requester amend it (checked against the form) and submit it again', async () => {
        const created = await submit(f.requester, { title: 'Desk', amount: 700 })
        const id = created.body.doc.id
        const back = await act(f.accountManager, id, { type: 'requestChanges', reason: 'missing-quote' })
        expect(back.body.doc.state).toBe('changesRequested')
        const bad = await act(f.requester, id, { type: 'amend', data: { amount: 'seven hundred' } })
        expect([bad.status, bad.body.error.id]).toEqual([400, 'invalid_request_data'])
        const notMine = await act(f.viewer, id, { type: 'submit' })
        expect([notMine.status, notMine.body.error.id]).toEqual([403, 'not_the_requester'])
        const again = await act(f.requester, id, { type: 'submit', data: { supplier: 'Office Co' } })
        expect(again.body.doc).toMatchObject({
          state: 'accountManager',
          data: { title: 'Desk', supplier: 'Office Co' },
        })
      })

      it('keeps a draft in its form until the requester submits it, then starts the promised answer time', async () => {
        const draft = await submit(f.requester, { title: 'Chair', amount: 80 }, { draft: true })
        expect(draft.body.doc).toMatchObject({ state: 'draft', submittedAt: null, promisedBy: null })
        const renamed = await act(f.requester, draft.body.doc.id, { type: 'amend', data: { title: 'Two chairs' } })
        expect(renamed.body.doc).toMatchObject({ state: 'draft', title: 'Two chairs' })
        const sent = await act(f.requester, draft.body.doc.id, { type: 'submit' })
        expect(sent.body.doc.state).toBe('accountManager')
        const stored_ = await stored(draft.body.doc.id)
        expect(stored_.title).toBe('Two chairs')
        expect(Date.parse(stored_.promisedBy!) - Date.parse(stored_.submittedAt!)).toBe(3 * 86_400_000)
      })

      it('refuses an action with 409 when the request moved on since the revision or step the caller saw', async () => {
        const created = await submit(f.requester, { title: 'Lamp', amount: 60 })
        const id = created.body.doc.id
        await act(f.requester, id, { type: 'comment', comment: 'Urgent please' })
        const stale = await act(f.accountManager, id, { type: 'approve', revision: 1 })
        expect([stale.status, stale.body.error.id]).toEqual([409, 'request_changed'])
        const step = await act(f.accountManager, id, { type: 'approve', step: created.body.doc.stepEpoch + 5 })
        expect([step.status, step.body.error.id]).toEqual([409, 'request_changed'])
        const ok = await act(f.accountManager, id, { type: 'approve', step: created.body.doc.stepEpoch })
        expect(ok.status).toBe(200)
      })

      it('lets a substitute act for an assignee through an active delegation, and records both', async () => {
        const created = await submit(f.requester, { title: 'Crane', amount: 30_000 })
        const id = created.body.doc.id
        const [substitute, principal] = [f.financeLeads[0]!, f.financeLeads[1]!]
        const before = await act(substitute, id, { type: 'approve' })
        expect([before.status, before.body.error.id]).toEqual([403, 'not_an_assignee'])
        const delegation = await request(app)
          .post('/api/delegations')
          .set(await as(principal))
          .send({
            user: principal.id,
            substitute: substitute.id,
            from: new Date(Date.now() - 60_000).toISOString(),
            to: new Date(Date.now() + 86_400_000).toISOString(),
          })
        expect(delegation.status).toBe(201)
        const pending = await request(app)
          .get('/api/requests/pending')
          .set(await as(substitute))
        expect([pending.status, pending.body.error]).toEqual([200, undefined])
        const mine = (pending.body.docs as { request: { id: number }; onBehalfOf?: string }[]).find(
          (p) => p.request.id === id,
        )
        expect(mine?.onBehalfOf).toBe(String(principal.id))
        const approved = await act(substitute, id, { type: 'approve' })
        expect(approved.status).toBe(200)
        const entry = (await history(id)).find((e) => e.action === 'approve')
        expect(entry).toMatchObject({ actor: substitute.id, onBehalfOf: principal.id })
      })

      it('refuses a delegation to oneself, to someone of another client, or ending before it starts', async () => {
        const principal = f.financeLeads[1]!
        const post = async (body: Record<string, unknown>) =>
          request(app)
            .post('/api/delegations')
            .set(await as(principal))
            .send({ user: principal.id, from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', ...body })
        for (const body of [
          { substitute: principal.id },
          { substitute: f.outsider.id },
          { substitute: f.cfo.id, to: '2025-01-01T00:00:00Z' },
        ]) {
          const res = await post(body)
          expect([res.status, res.body.error?.id]).toEqual([400, 'invalid_delegation'])
        }
        const forOther = await post({ user: f.cfo.id, substitute: principal.id })
        expect(forOther.status).toBe(403)
      })
    })

    describe('concurrency', () => {
      const submitAs = async (type: string) =>
        (
          await request(app)
            .post('/api/requests/submit')
            .set(await as(f.requester))
            .send({ type, data: { title: `${type} request`, amount: 1 } })
        ).body.doc as RequestDoc

      it('writes with compare-and-set: a write from a stale read is refused and changes nothing', async () => {
        const created = await submit(f.requester, { title: 'Pallet', amount: 70 })
        const stale = await stored(created.body.doc.id)
        await act(f.requester, stale.id, { type: 'comment', comment: 'bump' })
        const definition = await definitionById(ctx.payload, stale.workflow as number)
        const moved = { ...instanceOf(stale), state: 'approved', revision: stale.revision + 1 }
        await expect(
          writeRequest(
            { payload: ctx.payload },
            definition,
            { ...stale, revision: stale.revision - 1 },
            moved,
            new Date().toISOString(),
          ),
        ).rejects.toBeInstanceOf(RevisionConflict)
        expect((await stored(stale.id)).state).toBe('accountManager')
      })

      it('on an "any" step, 20 assignees approving at once make exactly one transition; the other 19 get 409', async () => {
        const doc = await submitAs('any_approval')
        expect(doc.assignees).toHaveLength(20)
        for (const approver of f.approvers) await as(approver)
        const results = await Promise.all(f.approvers.map((approver) => act(approver, doc.id, { type: 'approve' })))
        const statuses = results.map((res) => res.status).sort()
        expect(statuses).toEqual([200, ...Array<number>(19).fill(409)])
        const events = await history(doc.id)
        expect(events.filter((e) => e.action === 'approve')).toHaveLength(1)
        expect(events.filter((e) => e.action === 'entered' && e.state === 'approved')).toHaveLength(1)
        expect((await stored(doc.id)).state).toBe('approved')
      })

      it('on an "all" step of 20 assignees, 20 approvals at once are all recorded and make one transition', async () => {
        const doc = await submitAs('all_approval')
        const results = await Promise.all(f.approvers.map((approver) => act(approver, doc.id, { type: 'approve' })))
        expect(results.map((res) => res.status)).toEqual(Array<number>(20).fill(200))
        const events = await history(doc.id)
        expect(events.filter((e) => e.action === 'approve').map((e) => e.actor)).toHaveLength(20)
        expect(new Set(events.filter((e) => e.action === 'approve').map((e) => e.actor)).size).toBe(20)
        expect(events.filter((e) => e.action === 'entered' && e.state === 'approved')).toHaveLength(1)
        const final = await stored(doc.id)
        expect(final).toMatchObject({ state: 'approved', revision: 2 + 20 })
        await runQueuedJobs(ctx.payload)
        const done = await ctx.payload.count({
          collection: Slugs.outgoingEvents,
          where: { and: [{ request: { equals: doc.id } }, { event: { equals: 'all-approval.done' } }] },
        })
        expect(done.totalDocs).toBe(1)
      })
    })

    describe('SLA timers', () => {
      it('queues the step’s reminder and breach as jobs due when they are', async () => {
        const created = await submit(f.requester, { title: 'Truck', amount: 40_000 })
        const jobs = await ctx.payload.find({
          collection: 'payload-jobs',
          where: { taskSlug: { equals: 'workflowTimer' } },
          pagination: false,
        })
        const mine = jobs.docs.filter(
          (job) => (job.input as { request: string }).request === String(created.body.doc.id),
        )
        expect(mine.map((job) => (job.input as { timer: string }).timer).sort()).toEqual(['breach', 'reminder'])
        const breach = mine.find((job) => (job.input as { timer: string }).timer === 'breach')!
        expect(new Date(breach.waitUntil!).toISOString()).toBe(created.body.doc.dueAt)
      })

      it('escalates to the CFO on breach once, and ignores (with an audit entry) a timer from an earlier step', async () => {
        const created = await submit(f.requester, { title: 'Boat', amount: 45_000 })
        const doc = created.body.doc as RequestDoc
        const timer = { request: String(doc.id), timer: 'breach' as const, epoch: doc.stepEpoch, at: doc.dueAt! }
        await fireTimer(ctx.payload, timer)
        await fireTimer(ctx.payload, timer) // a job run twice
        const escalated = await stored(doc.id)
        expect(escalated.assignees).toContain(f.cfo.id)
        const events = await history(doc.id)
        expect(events.filter((e) => e.action === 'escalated')).toHaveLength(1)
        await fireTimer(ctx.payload, { ...timer, timer: 'reminder', epoch: doc.stepEpoch - 1 })
        const ignored = (await history(doc.id)).filter((e) => e.action === 'timerIgnored')
        expect(ignored).toHaveLength(1)
        expect((await stored(doc.id)).revision).toBe(escalated.revision)
        await runQueuedJobs(ctx.payload)
        const told = mailAbout('Overdue approval now yours: Boat')
        expect(told.map((m) => m.envelope.to)).toEqual([[f.cfo.email]])
      })
    })

    describe('versions', () => {
      const definitions = () => request(app).post('/api/workflow-definitions')

      it('refuses malformed definitions with 400 naming the state, and a change to a published version with 409', async () => {
        const admin = await as(f.admin)
        const broken = {
          ...purchaseDefinition,
          states: (purchaseDefinition.states as { key: string }[]).map((s) =>
            s.key === 'financeLead' ? { ...s, onApprove: 'nowhere' } : s,
          ),
        }
        const res = await definitions().set(admin).send({ key: 'broken', title: 'Broken', definition: broken })
        expect([res.status, res.body.error.id]).toEqual([400, 'invalid_workflow_definition'])
        expect(res.body.error.message).toMatch(/financeLead/)
        expect(res.body.error.message).toMatch(/nowhere/)
        const states = purchaseDefinition.states as Record<string, unknown>[]
        const variants: [string, Record<string, unknown>[], RegExp][] = [
          [
            'unknown action',
            states.map((st) => (st.key === 'approved' ? { ...st, onEnter: [{ type: 'explode' }] } : st)),
            /approved/,
          ],
          [
            'unknown template',
            states.map((st) =>
              st.key === 'rejected'
                ? { ...st, onEnter: [{ type: 'notify', template: 'nope', to: ['requester'] }] }
                : st,
            ),
            /rejected.*nope|nope.*rejected/,
          ],
          [
            'no reject path',
            states.map((st) => (st.key === 'accountManager' ? { ...st, onReject: undefined } : st)),
            /accountManager/,
          ],
          ['unreachable state', [...states, { key: 'orphan', kind: 'final', outcome: 'done' }], /orphan/],
        ]
        for (const [what, variant, names] of variants) {
          const res = await definitions()
            .set(admin)
            .send({ key: 'broken', title: what, definition: { ...purchaseDefinition, states: variant } })
          expect([what, res.status, res.body.error.id]).toEqual([what, 400, 'invalid_workflow_definition'])
          expect(res.body.error.message).toMatch(names)
        }
        expect(
          await ctx.payload.count({ collection: Slugs.workflowDefinitions, where: { key: { equals: 'broken' } } }),
        ).toEqual({ totalDocs: 0 })
        const frozen = await request(app)
          .patch(`/api/workflow-definitions/${f.purchaseWorkflow}`)
          .set(admin)
          .send({ definition: { ...purchaseDefinition, cancel: undefined } })
        expect([frozen.status, frozen.body.error.id]).toEqual([409, 'workflow_version_frozen'])
      })

      it('keeps running requests on their version when a new one is published, and migrates them with an audit entry', async () => {
        const running = (await submit(f.requester, { title: 'Van', amount: 15_000 })).body.doc as RequestDoc
        const admin = await as(f.admin)
        const v2 = await definitions()
          .set(admin)
          .send({
            key: 'purchase-approval',
            title: 'Purchase approval v2',
            status: 'published',
            definition: {
              ...purchaseDefinition,
              states: (purchaseDefinition.states as { key: string; rejectReasons?: string[] }[])
                .map((s) => (s.key === 'financeLead' ? { ...s, key: 'finance', rejectReasons: ['too-expensive'] } : s))
                .map((s) =>
                  JSON.stringify(s).includes('"financeLead"')
                    ? (JSON.parse(JSON.stringify(s).replaceAll('"financeLead"', '"finance"')) as typeof s)
                    : s,
                ),
            },
          })
        expect(v2.status).toBe(201)
        expect(v2.body.doc.version).toBe(2)
        expect((await stored(running.id)).workflow).toBe(f.purchaseWorkflow)
        const fresh = (await submit(f.requester, { title: 'Bike', amount: 15_000 })).body.doc as RequestDoc
        expect([fresh.workflow, fresh.state]).toEqual([v2.body.doc.id, 'finance'])
        const badMap = await request(app)
          .post('/api/requests/migrate')
          .set(admin)
          .send({
            from: f.purchaseWorkflow,
            to: v2.body.doc.id,
            stateMap: { financeLead: 'nowhere' },
            requests: [running.id],
          })
        expect([badMap.status, badMap.body.error.id]).toEqual([400, 'invalid_request_migration'])
        expect((await stored(running.id)).revision).toBe(running.revision)
        const byClient = await request(app)
          .post('/api/requests/migrate')
          .set(await as(f.requester))
          .send({ from: f.purchaseWorkflow, to: v2.body.doc.id, stateMap: { financeLead: 'finance' } })
        expect(byClient.status).toBe(400)
        const moved = await request(app)
          .post('/api/requests/migrate')
          .set(admin)
          .send({
            from: f.purchaseWorkflow,
            to: v2.body.doc.id,
            stateMap: { financeLead: 'finance' },
            requests: [running.id],
          })
        expect(moved.status).toBe(200)
        expect(moved.body.moved).toEqual([{ request: String(running.id), from: 'financeLead', to: 'finance' }])
        const after = await stored(running.id)
        expect([after.workflow, after.state]).toEqual([v2.body.doc.id, 'finance'])
        const audit = (await history(running.id)).find((e) => e.action === 'migrated')
        expect(audit).toMatchObject({
          actor: f.admin.id,
          detail: { from: { version: 1 }, to: { version: 2, state: 'finance' } },
        })
        const reject = await act(f.financeLeads[2]!, running.id, { type: 'reject', reason: 'over-budget' })
        expect([reject.status, reject.body.error.id]).toEqual([400, 'unknown_reason'])
      })
    })

    describe('reading', () => {
      it('gives the requester the history, oldest first, and the approver their pending approvals', async () => {
        const created = await submit(f.requester, { title: 'Monitor', amount: 250 })
        const id = created.body.doc.id
        const res = await request(app)
          .get(`/api/requests/${id}/history`)
          .set(await as(f.requester))
        expect([res.status, res.body.error]).toEqual([200, undefined])
        expect((res.body.docs as WorkflowEvent[]).map((e) => [e.action, e.state])).toEqual([
          ['entered', 'draft'],
          ['submit', 'draft'],
          ['entered', 'route'],
          ['entered', 'accountManager'],
        ])
        const pending = await request(app)
          .get('/api/requests/pending')
          .set(await as(f.accountManager))
        expect((pending.body.docs as { request: { id: number } }[]).map((p) => p.request.id)).toContain(id)
      })
    })
  },
  () => ({ env: { SMTP_URL: mail.server.url, EMAIL_FROM: 'Atrium <atrium@vendor.test>' } }),
)
