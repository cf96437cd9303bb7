/**
 * Requests in the portal: the request form (only for its audience and for people whose rules let
 * them submit), submitting as the signed-in person with every problem shown at its input and
 * nothing stored on a refusal, the request's own page (404 for anything the person may not read),
 * deciding from that page, and the tasks block showing only what the person may see.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import { idOf } from '../../src/access/ids'
import type { Request as RequestDoc, User } from '../../src/payload-types'
import { submitRequest } from '../../src/workflows/service'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { csrfOf, portalSignIn } from '../harness/portal'
import { testApp } from '../harness/http'
import { builtInRoles } from '../harness/users'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const SLUG = 'pr-acme'
const OTHER_SLUG = 'pr-globex'
const BASE = `/t/${SLUG}`
const SCRIPT = '<script>alert(1)</script>'

const hidden = (html: string, name: string): string =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? ''

describeEachDatabase('portal requests', (ctx) => {
  let server: Server
  let origin: string
  let f: WorkflowFixture
  let ownCrate: number
  let foreignCrate: number

  const signedIn = (user: User, slug = SLUG) =>
    portalSignIn(server, origin, slug, { email: user.email, password: FIXTURE_PASSWORD })
  const requestCount = () => ctx.payload.count({ collection: Slugs.requests }).then((r) => r.totalDocs)
  const asUser = (user: User) => ({ payload: ctx.payload, user: { ...user, collection: Slugs.users } as never })

  /** The form of page `page` as the browser shows it, and a post of `fields` (input names without f.). */
  async function postForm(browser: request.Agent, page: string, fields: Record<string, string>) {
    const form = await browser.get(`${BASE}/p/${page}`)
    expect(form.status).toBe(200)
    const body: Record<string, string> = {
      csrf: csrfOf(form.text),
      requestType: hidden(form.text, 'requestType'),
      block: hidden(form.text, 'block'),
      back: hidden(form.text, 'back'),
    }
    for (const [name, value] of Object.entries(fields)) body[`f.${name}`] = value
    return browser.post(`${BASE}/requests`).set('Origin', origin).type('form').send(body)
  }

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, 'pr')
    const roles = await builtInRoles(ctx.payload)
    const crates = await ctx.payload.create({
      collection: Slugs.recordTypes,
      data: {
        key: 'crates',
        singularLabel: 'Crate',
        pluralLabel: 'Crates',
        titleField: 'code',
        fields: [{ key: 'code', label: 'Code', kind: 'text', required: true }],
      } as never,
    })
    const crate = (tenant: number, code: string) =>
      ctx.payload.create({
        collection: Slugs.records,
        data: { type: crates.id, tenant, source: 'test', data: { code } } as never,
      })
    ownCrate = (await crate(f.tenant, 'CR-OWN')).id
    foreignCrate = (await crate(f.otherTenant, 'CR-FOREIGN')).id
    await ctx.payload.create({
      collection: Slugs.requestTypes,
      data: {
        key: 'crate_change',
        singularLabel: 'Crate change',
        pluralLabel: 'Crate changes',
        titleField: 'title',
        workflow: 'purchase-approval',
        fields: [
          { key: 'title', label: 'Summary', kind: 'text', required: true },
          { key: 'crate', label: 'Crate', kind: 'reference', referenceType: 'crates', required: true },
          { key: 'budget', label: 'Budget', kind: 'money', helpText: 'In the currency of the invoice.' },
          { key: 'urgent', label: 'Urgent', kind: 'boolean' },
        ],
      } as never,
    })
    const page = (slug: string, layout: unknown[]) =>
      ctx.payload.create({
        collection: Slugs.pages,
        data: { title: slug, slug, tenant: f.tenant, status: 'published', layout } as never,
      })
    await page('buy', [{ blockType: 'requestForm', requestType: 'purchase' }])
    await page('crates', [{ blockType: 'requestForm', requestType: 'crate_change', heading: 'Change a crate' }])
    await page('finance', [
      { blockType: 'requestForm', requestType: 'purchase', audience: [roles[BuiltInRoles.clientFinanceLead]] },
      { blockType: 'requestForm', requestType: 'no_such_type' },
    ])
    await page('tasks', [
      { blockType: 'tasks', heading: 'Mine' },
      { blockType: 'tasks', heading: 'Everyone', show: 'tenant' },
    ])
    server = (await testApp(ctx)).listen(0)
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('refuses a submission posted without the form token (403) and stores nothing', async () => {
    const browser = await signedIn(f.requester)
    const before = await requestCount()
    const res = await browser
      .post(`${BASE}/requests`)
      .set('Origin', origin)
      .type('form')
      .send({ requestType: 'purchase', 'f.title': 'No token', 'f.amount': '10' })
    expect(res.status).toBe(403)
    expect(res.text).toContain('csrf_token_invalid')
    expect(await requestCount()).toBe(before)
  })

  it('keeps the GraphQL schema building with the new blocks (a block type named like a collection type breaks it)', async () => {
    const res = await request(server).post('/api/graphql').send({ query: '{ __typename }' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ data: { __typename: 'Query' } })
  })

  it('shows the form only to its audience, and none to someone whose role may not submit', async () => {
    const member = await (await signedIn(f.requester)).get(`${BASE}/p/finance`)
    expect(member.status).toBe(200)
    expect(member.text).not.toContain('name="requestType"')
    expect(member.text).toContain('This form is not available.')
    const lead = await (await signedIn(f.financeLeads[0]!)).get(`${BASE}/p/finance`)
    expect(lead.text).toContain('name="requestType" value="purchase"')
    const viewer = await (await signedIn(f.viewer)).get(`${BASE}/p/buy`)
    expect(viewer.text).not.toContain('name="requestType"')
    expect(viewer.text).toContain('Your role does not let you submit purchase requests here.')
  })

  it('renders the form with labels, required marks, help text and the tenant’s records to pick from', async () => {
    const view = await (await signedIn(f.requester)).get(`${BASE}/p/crates`)
    expect(view.text).toContain('<h2 id="request-form-heading-')
    expect(view.text).toContain('Change a crate')
    expect(view.text).toMatch(/<label for="rf-[\w-]+-title">Summary <span class="required"/)
    expect(view.text).toMatch(/<select id="rf-[\w-]+-crate" name="f\.crate" required/)
    expect(view.text).toContain(`<option value="${ownCrate}">CR-OWN</option>`)
    expect(view.text).not.toContain('CR-FOREIGN')
    expect(view.text).toMatch(/aria-describedby="rf-[\w-]+-budget-help"/)
    expect(view.text).toContain('In the currency of the invoice.')
    expect(view.text).toContain('<legend>Crate change</legend>')
  })

  it('refuses a missing field, a bad number and keeps a script as typed, escaped: 400, nothing stored', async () => {
    const browser = await signedIn(f.requester)
    const before = await requestCount()
    const res = await postForm(browser, 'buy', { title: `${SCRIPT} Chairs`, amount: 'a lot', supplier: '' })
    expect(res.status).toBe(400)
    expect(res.text).toMatch(/<p class="field-error" id="rf-[\w-]+-amount-error">Amount must be a number<\/p>/)
    expect(res.text).toMatch(/aria-describedby="rf-[\w-]+-amount-error"/)
    expect(res.text).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt; Chairs"')
    expect(res.text).toContain('value="a lot"')
    expect(res.text).not.toContain(SCRIPT)
    expect(await requestCount()).toBe(before)
    const empty = await postForm(browser, 'buy', { title: ' ', amount: '' })
    expect(empty.status).toBe(400)
    expect(empty.text).toContain('What is required')
    expect(empty.text).toContain('Amount is required')
    const huge = await postForm(browser, 'buy', { title: 'x'.repeat(600), amount: '1e400' })
    expect(huge.status).toBe(400)
    expect(huge.text).toContain('What must be at most 500 characters long')
    expect(huge.text).toContain('Amount must be a number')
    expect(await requestCount()).toBe(before)
  })

  it("refuses a reference to another tenant's record, and money without its currency", async () => {
    const browser = await signedIn(f.requester)
    const before = await requestCount()
    const foreign = await postForm(browser, 'crates', { title: 'Move it', crate: String(foreignCrate) })
    expect(foreign.status).toBe(400)
    expect(foreign.text).toContain('Crate names no crates record of this client that you can see')
    const money = await postForm(browser, 'crates', {
      title: 'Move it',
      crate: String(ownCrate),
      'budget.amount': '12.50',
    })
    expect(money.status).toBe(400)
    expect(money.text).toContain('Budget needs its currency, a code such as EUR')
    expect(money.text).toContain('value="12.50"')
    expect(await requestCount()).toBe(before)
  })

  it('refuses an unknown request type, and one the person may not submit, with a message; nothing stored', async () => {
    const before = await requestCount()
    const member = await signedIn(f.requester)
    const home = await member.get(`${BASE}/`)
    const unknown = await member
      .post(`${BASE}/requests`)
      .set('Origin', origin)
      .type('form')
      .send({ csrf: csrfOf(home.text), requestType: 'nope', 'f.title': 'x' })
    expect(unknown.status).toBe(400)
    expect(unknown.text).toContain('There is no request form &quot;nope&quot; that you can use here')
    const viewer = await signedIn(f.viewer)
    const viewerHome = await viewer.get(`${BASE}/`)
    const refused = await viewer
      .post(`${BASE}/requests`)
      .set('Origin', origin)
      .type('form')
      .send({ csrf: csrfOf(viewerHome.text), requestType: 'purchase', 'f.title': 'Pens', 'f.amount': '5' })
    expect(refused.status).toBe(403)
    expect(refused.text).toContain('You may not submit Purchase requests for this client account')
    expect(await requestCount()).toBe(before)
  })

  it("submits as the signed-in person, for their tenant, and opens the new request's page", async () => {
    const browser = await signedIn(f.requester)
    const res = await postForm(browser, 'crates', {
      title: 'Move crate',
      crate: String(ownCrate),
      'budget.amount': '12.50',
      'budget.currency': 'eur',
      urgent: 'true',
    })
    expect(res.status).toBe(303)
    const id = /\/requests\/(\w+)\?done=submitted$/.exec(res.headers.location as string)?.[1]
    expect(res.headers.location).toBe(`${BASE}/requests/${id}?done=submitted`)
    const stored = (await ctx.payload.findByID({ collection: Slugs.requests, id: Number(id), depth: 0 })) as RequestDoc
    expect(idOf(stored.requester)).toBe(f.requester.id)
    expect(idOf(stored.tenant)).toBe(f.tenant)
    expect(stored.data).toEqual({
      title: 'Move crate',
      crate: ownCrate,
      budget: { amount: 1250, currency: 'EUR' },
      urgent: true,
    })
    const page = await browser.get(res.headers.location as string)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Your request was sent.')
    expect(page.text).toContain('<h1>Move crate</h1>')
    expect(page.text).toContain(`<a href="${BASE}/records/crates/${ownCrate}">CR-OWN</a>`)
    expect(page.text).toContain('12.50 EUR')
    expect(page.text).toMatch(/<dt>Waiting on<\/dt><dd>Our account manager<\/dd>/)
    expect(page.text).toMatch(/Sent by you/)
    expect(page.text).toContain('Moved to account manager')
    expect(page.text).not.toMatch(/Moved to (route|draft)/)
    const home = await browser.get(`${BASE}/`)
    expect(home.text).toContain(`href="${BASE}/requests/${id}"`)
    expect(home.text).toMatch(/Next step<\/dt><dd>One approval needed/)
  })

  it('answers 404 for unknown ids and for another tenant’s request, and sends the signed out to sign-in', async () => {
    const other = await submitRequest(asUser(f.outsider), {
      type: 'purchase',
      data: { title: 'Globex pens', amount: 5 },
    })
    const mine = await submitRequest(asUser(f.requester), { type: 'purchase', data: { title: 'Acme pens', amount: 5 } })
    const member = await signedIn(f.requester)
    for (const path of [`${BASE}/requests/${other.id}`, `${BASE}/requests/999999`, `${BASE}/requests/abc`]) {
      const res = await member.get(path)
      expect(res.status).toBe(404)
      expect(res.text).not.toContain('Globex pens')
    }
    const outsider = await signedIn(f.outsider, OTHER_SLUG)
    expect((await outsider.get(`/t/${OTHER_SLUG}/requests/${mine.id}`)).status).toBe(404)
    expect((await outsider.get(`/t/${OTHER_SLUG}/requests/${other.id}`)).status).toBe(200)
    const anonymous = await request(server).get(`${BASE}/requests/${mine.id}`)
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.location).toBe(`${BASE}/sign-in?next=${encodeURIComponent(`${BASE}/requests/${mine.id}`)}`)
  })

  it('approves from the request page once, and answers a second, stale approval with the friendly 409', async () => {
    const pending = await submitRequest(asUser(f.requester), {
      type: 'purchase',
      data: { title: `${SCRIPT} Desks`, amount: 20_000 },
    })
    const path = `${BASE}/requests/${pending.id}`
    const lead = await signedIn(f.financeLeads[2]!)
    const page = await lead.get(path)
    expect(page.status).toBe(200)
    expect(page.text).not.toContain(SCRIPT)
    expect(page.text).toContain('Your decision')
    expect(page.text).toContain(`<input type="hidden" name="back" value="${path}">`)
    expect(page.text).toContain('<option value="missing-quote">')
    const decision = { csrf: csrfOf(page.text), type: 'approve', step: hidden(page.text, 'step'), back: path }
    const first = await lead.post(`${path}/act`).set('Origin', origin).type('form').send(decision)
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe(`${path}?done=approved`)
    const after = await lead.get(first.headers.location as string)
    expect(after.text).toContain('Approved. Thank you.')
    expect(after.text).not.toContain('Your decision')
    expect(after.text).toMatch(/Approved by you/)
    const second = await lead.post(`${path}/act`).set('Origin', origin).type('form').send(decision)
    expect(second.status).toBe(409)
    expect(second.text).toContain('This request moved on since you opened the page')
    expect(second.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Desks</h1>')
  })

  it('lists open tasks the person may see: their own, or their tenant’s, never another tenant’s', async () => {
    const day = 86_400_000
    const task = (title: string, tenant: number, assignee: number, status = 'open', due = Date.now() + day) =>
      ctx.payload.create({
        collection: Slugs.tasks,
        data: { title, tenant, assignee, status, due: new Date(due).toISOString() } as never,
      })
    await task('Sign the delivery note', f.tenant, f.requester.id, 'open', Date.now() - day)
    await task('Book the truck', f.tenant, f.accountManager.id)
    await task('Already done', f.tenant, f.requester.id, 'done')
    await task('Globex task', f.otherTenant, f.outsider.id)
    const view = await (await signedIn(f.requester)).get(`${BASE}/p/tasks`)
    expect(view.status).toBe(200)
    const [mine, everyone] = view.text.split('<h2 id="tasks-heading">Everyone</h2>')
    expect(mine).toMatch(/Sign the delivery note[\s\S]*?Overdue/)
    expect(mine).not.toContain('Book the truck')
    expect(everyone).toContain('Sign the delivery note')
    expect(everyone).toContain('Book the truck')
    expect(view.text).not.toContain('Already done')
    expect(view.text).not.toContain('Globex task')
  })
})
