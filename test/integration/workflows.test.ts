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
import { fireTimer } from '../../src/workflows/service/timers'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { runQueuedJobs } from '../harness/jobs'
import { startSmtpServer, type TestSmtpServer } from '../harness/smtpServer'
import {
  createPolicyWorkflow,
  createWorkflowFixture,
  FIXTURE_PASSWORD,
  purchaseDefinition,
  type WorkflowFixture,
} from '../harness/workflowFixtures'

let smtp: TestSmtpServer
beforeAll(async () => {
  smtp = await startSmtpServer()
})
afterAll(async () => {
  await smtp.close()
})

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
          pagination: false,
        })
      ).docs as WorkflowEvent[]
    const stored = (id: unknown) =>
      ctx.payload.findByID({ collection: Slugs.requests, id: id as number, depth: 0 }) as Promise<RequestDoc>

    beforeAll(async () => {
      app = await testApp(ctx)
      f = await createWorkflowFixture(ctx.payload, 'wf', 20)
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
      })
    })
  },
  () => ({ env: { SMTP_URL: smtp.url, EMAIL_FROM: 'Atrium <atrium@vendor.test>' } }),
)
