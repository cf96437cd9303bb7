/**
 * The demo workflows the seed adds outside production: the three example definitions published
 * with their request types, the people their steps need, and demo requests left in the states the
 * seed claims, with the history and queued effects real use would leave; and a second seed that
 * changes nothing.
 */
import type { CollectionSlug } from 'payload'
import { Slugs } from '../../collections/slugs'
import { seed, type SeedReport } from '../../seed'
import { DEMO_REQUESTS, DemoPeople } from '../../seed/demoRequestData'
import { DEMO_REQUEST_TYPES } from '../../seed/demoRequestTypes'
import { DEMO_LOGINS } from '../../seed/demoTenants'
import { FINANCE_LEAD_LIMIT } from '../../seed/demoWorkflowPeople'
import type { Request as RequestDoc, User, WorkflowEvent } from '../../src/payload-types'
import { EXAMPLE_WORKFLOWS } from '../../src/workflows/examples'
import { actOnRequest, pendingApprovals } from '../../src/workflows/service'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { runQueuedJobs } from '../harness/jobs'

describeEachDatabase('demo workflows', (ctx) => {
  let report: SeedReport
  const people = new Map<string, User>()
  const requests = new Map<string, RequestDoc>()

  const all = async (collection: CollectionSlug) =>
    (await ctx.payload.find({ collection, pagination: false, depth: 0, sort: 'id' })).docs
  const history = async (request: RequestDoc) =>
    (
      await ctx.payload.find({
        collection: Slugs.workflowEvents,
        where: { request: { equals: request.id } },
        sort: 'id',
        pagination: false,
        depth: 0,
      })
    ).docs as WorkflowEvent[]
  const requestTitled = (title: string) => {
    const found = requests.get(title)
    if (!found) throw new Error(`no demo request "${title}"`)
    return found
  }
  const idOf = (email: string) => people.get(email)!.id
  const asCaller = (email: string) => ({
    payload: ctx.payload,
    user: { ...people.get(email)!, collection: Slugs.users },
  })

  beforeAll(async () => {
    report = await seed(ctx.payload, ctx.settings)
    for (const user of (await all(Slugs.users)) as User[]) people.set(user.email, user)
    for (const request of (await all(Slugs.requests)) as RequestDoc[]) requests.set(request.title, request)
  }, 120_000)

  it('publishes version 1 of each example workflow, with a request type running it', async () => {
    const { docs } = await ctx.payload.find({ collection: Slugs.workflowDefinitions, pagination: false, sort: 'id' })
    expect(docs.map(({ key, version, status }) => ({ key, version, status }))).toEqual(
      EXAMPLE_WORKFLOWS.map(({ input }) => ({ key: input.key, version: 1, status: 'published' })),
    )
    const types = await ctx.payload.find({ collection: Slugs.requestTypes, pagination: false, sort: 'id' })
    expect(types.docs.map(({ key, workflow }) => ({ key, workflow }))).toEqual(
      DEMO_REQUEST_TYPES.map(({ key, workflow }) => ({ key, workflow })),
    )
    expect(report.demoWorkflows).toEqual({
      workflows: 3,
      requestTypes: 3,
      people: 4,
      delegations: 1,
      requests: DEMO_REQUESTS.length,
      skipped: [],
    })
  })

  it('seeds the finance people with their approval limits, and lists every demo person as a login', () => {
    const membership = (email: string) => people.get(email)!.memberships![0]!
    expect(membership('finance-lead@northwind.example')).toMatchObject({ approvalLimit: FINANCE_LEAD_LIMIT })
    expect(membership('controller@northwind.example')).toMatchObject({ approvalUnlimited: true })
    expect(membership('cfo@northwind.example')).toMatchObject({ approvalUnlimited: true })
    expect(membership('cfo@bluebird.example')).toMatchObject({ approvalUnlimited: true })
    const logins = new Set(DEMO_LOGINS.map((login) => login.email))
    expect([...people.keys()].filter((email) => email !== ctx.settings.seedAdmin!.email).sort()).toEqual(
      [...logins].sort(),
    )
  })

  it('leaves every demo request in the state the seed claims, with its history from submission on', async () => {
    expect(requests.size).toBe(DEMO_REQUESTS.length)
    for (const demo of DEMO_REQUESTS) {
      const request = requestTitled(demo.data.title)
      expect({ title: demo.data.title, state: request.state }).toEqual({ title: demo.data.title, state: demo.state })
      expect(request.requester).toBe(idOf(demo.requester))
      const actions = (await history(request)).filter((e) => e.actor !== null).map((e) => [e.action, e.actor])
      expect(actions).toEqual([
        ['submit', idOf(demo.requester)],
        ...demo.steps.map((step) => [step.event.type, idOf(step.as)]),
      ])
    }
  })

  it('assigns the people whose approval limits cover the amount', () => {
    const assignees = (title: string) => [...(requestTitled(title).assignees ?? [])].sort()
    const lead = idOf('finance-lead@northwind.example')
    const controller = idOf('controller@northwind.example')
    expect(assignees('Replacement batteries for two reach trucks')).toEqual([lead, controller].sort())
    expect(assignees('Mezzanine racking for hall B')).toEqual([controller])
    expect(assignees('Stretch film, 40 rolls')).toEqual([idOf(DemoPeople.accountManager)])
    expect(requestTitled('Mezzanine racking for hall B').dueAt).toBeTruthy()
  })

  it('records the approver acting for the away finance lead through the demo delegation', async () => {
    const events = await history(requestTitled('Dock leveller service contract'))
    expect(events.find((e) => e.action === 'approve' && e.state === 'financeLead')).toMatchObject({
      actor: idOf(DemoPeople.northwindApprover),
      onBehalfOf: idOf(DemoPeople.financeLead),
    })
  })

  it("refuses the substitute an approval above the delegation's amount limit, changing nothing", async () => {
    const batteries = requestTitled('Replacement batteries for two reach trucks')
    await expect(
      actOnRequest(asCaller(DemoPeople.northwindApprover) as never, batteries.id, { type: 'approve' }),
    ).rejects.toMatchObject({ status: 403 })
    const after = await ctx.payload.findByID({ collection: Slugs.requests, id: batteries.id, depth: 0 })
    expect(after.revision).toBe(batteries.revision)
  })

  it("lists for a substitute only the approvals their delegation's amount limit covers", async () => {
    const pending = await pendingApprovals(asCaller(DemoPeople.northwindApprover) as never)
    expect(pending.map((p) => p.request.title)).toEqual([])
  })

  it('keeps reasons and comments: a rejection and a request for changes', async () => {
    const rejected = await history(requestTitled('Second label printer for the dispatch desk'))
    expect(rejected.find((e) => e.action === 'reject')).toMatchObject({ reason: 'not-needed' })
    expect(requestTitled('Second label printer for the dispatch desk').outcome).toBe('rejected')
    const sentBack = await history(requestTitled('Temperature loggers for the cold store'))
    expect(sentBack.find((e) => e.action === 'requestChanges')).toMatchObject({
      reason: 'missing-quote',
      comment: expect.stringContaining('quote'),
    })
  })

  it('ties the change requests to real Northwind shipments, and half-approves a Bluebird document', async () => {
    for (const title of ['Deliver to the side gate', 'Move a delivery to the next working day']) {
      const request = requestTitled(title)
      const shipment = await ctx.payload.findByID({
        collection: Slugs.records,
        id: (request.data as { shipment: number }).shipment,
        depth: 1,
      })
      expect(shipment.tenant).toMatchObject({ slug: 'northwind' })
      expect(request.records).toEqual([shipment.id])
    }
    const document = requestTitled('Supply chain diagnostic: interim report')
    expect(document.approvals).toEqual([expect.objectContaining({ by: String(idOf(DemoPeople.bluebirdAdmin)) })])
    expect([...(document.assignees ?? [])].sort()).toEqual(
      [idOf(DemoPeople.bluebirdAdmin), idOf(DemoPeople.bluebirdApprover)].sort(),
    )
  })

  it('queues the effects for the job runner, which then creates the vendor task and records the events', async () => {
    expect(await all(Slugs.tasks)).toEqual([])
    await runQueuedJobs(ctx.payload)
    const tasks = (await all(Slugs.tasks)) as { title: string; assignee: number; request: number }[]
    const change = requestTitled('Move a delivery to the next working day')
    const purchase = requestTitled('Dock leveller service contract')
    expect(
      tasks.map(({ title, assignee, request }) => ({ title, assignee, request })).sort((a, b) => a.request - b.request),
    ).toEqual(
      [
        { title: 'Place the order', assignee: idOf(DemoPeople.accountManager), request: purchase.id },
        { title: 'Carry out the approved change', assignee: idOf(DemoPeople.accountManager), request: change.id },
      ].sort((a, b) => a.request - b.request),
    )
    const events = ((await all(Slugs.outgoingEvents)) as { event: string }[]).map((e) => e.event).sort()
    expect(events).toEqual(['change-request.approved', 'purchase.approved'])
    // What is left are the SLA timers, due in days.
    const jobs = (await all('payload-jobs')) as { taskSlug: string }[]
    expect(new Set(jobs.map((job) => job.taskSlug))).toEqual(new Set(['workflowTimer']))
  })

  it('changes nothing when seeded again', async () => {
    const collections: CollectionSlug[] = [
      Slugs.users,
      Slugs.workflowDefinitions,
      Slugs.requestTypes,
      Slugs.requests,
      Slugs.workflowEvents,
      Slugs.delegations,
      Slugs.tasks,
      Slugs.outgoingEvents,
      'payload-jobs',
    ]
    const snapshot = async () => Promise.all(collections.map((collection) => all(collection)))
    const before = await snapshot()
    const again = await seed(ctx.payload, ctx.settings)
    expect(again.demoWorkflows).toEqual({
      workflows: 0,
      requestTypes: 0,
      people: 0,
      delegations: 0,
      requests: 0,
      skipped: [],
    })
    expect(await snapshot()).toEqual(before)
  })

  it('skips, and reports, the demo requests an older installation refuses, seeding nothing half-way', async () => {
    // An installation seeded before account managers could submit requests keeps its role as it was.
    const { docs } = await ctx.payload.find({ collection: Slugs.roles, where: { key: { equals: 'account-manager' } } })
    const role = docs[0]!
    const withoutCreate = role.permissions!.filter(
      (rule) => !(rule.subject === Slugs.requests && rule.action === 'create'),
    )
    await ctx.payload.update({ collection: Slugs.roles, id: role.id, data: { permissions: withoutCreate } })
    // The Bluebird documents, renamed, are missing as far as the seed can tell.
    const documents = DEMO_REQUESTS.filter((demo) => demo.tenant === 'bluebird').map((demo) => demo.data.title)
    for (const title of documents)
      await ctx.payload.update({
        collection: Slugs.requests,
        id: requestTitled(title).id,
        data: { title: `${title} (old)` },
      })
    const before = (await all(Slugs.requests)).length
    const again = await seed(ctx.payload, ctx.settings)
    expect(again.demoWorkflows?.requests).toBe(0)
    expect(again.demoWorkflows?.skipped).toEqual(
      documents.map((title) => expect.stringContaining(`${title}: forbidden`)),
    )
    expect((await all(Slugs.requests)).length).toBe(before)
  })
})
