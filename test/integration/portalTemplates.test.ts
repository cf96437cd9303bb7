/**
 * Stored templates in the portal and in emails: an unsafe one is refused at save naming its line;
 * a tenant's override changes that tenant's next page only, a shared one every tenant without its
 * own, deleting it brings the file back; a page compiles nothing after warm-up; an override that
 * is too much work fails alone.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { templateOverrides } from '../../collections/Templates/templateOverrides'
import { Slugs } from '../../collections/slugs'
import { renderEmailTemplate } from '../../src/email/emailTemplates'
import type { User } from '../../src/payload-types'
import { templateCompileCount } from '../../src/templates/compileCache'
import { submitRequest } from '../../src/workflows/service'
import { requestEmailContext } from '../../src/workflows/service/emailContext'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { portalSignIn } from '../harness/portal'
import { login } from '../harness/http'
import { testApp } from '../harness/http'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const PREFIX = 'ptpl'
const HOME = `/t/${PREFIX}-acme/`
const OTHER_HOME = `/t/${PREFIX}-globex/`
/** The requester's requests: enough that four nested loops over them pass the render budget (12⁴ > 10,000). */
const REQUESTS = 12

describeEachDatabase('stored templates in the portal and emails', (ctx) => {
  let server: Server
  let origin: string
  let f: WorkflowFixture
  let staff: string
  const api = () => request(server)
  const as = () => ({ Authorization: `JWT ${staff}` })
  const count = async () => (await ctx.payload.count({ collection: Slugs.templates })).totalDocs

  const signedIn = (user: User, slug = `${PREFIX}-acme`) =>
    portalSignIn(server, origin, slug, { email: user.email, password: FIXTURE_PASSWORD })
  async function save(data: Record<string, unknown>): Promise<number> {
    const res = await api().post('/api/templates').set(as()).send(data)
    expect(res.status).toBe(201)
    return res.body.doc.id as number
  }
  const remove = async (id: number) => expect((await api().delete(`/api/templates/${id}`).set(as())).status).toBe(200)

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, PREFIX)
    const requester = { payload: ctx.payload, user: { ...f.requester, collection: Slugs.users } as never }
    for (let i = 0; i < REQUESTS; i++)
      await submitRequest(requester, { type: 'purchase', data: { title: `Pallets ${i}`, amount: 100 + i } })
    const app = await testApp(ctx)
    server = app.listen(0)
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    staff = await login(app, f.admin.email, FIXTURE_PASSWORD)
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it.each([
    ['triple-stash output', '<p>\n{{{heading}}}</p>', /source line 2, column 1: unescaped output/],
    ['a dynamic partial', '<p>\n\n{{> (which)}}</p>', /source line 3, column 1: dynamic partials/],
    ['a decorator', '{{heading}}\n{{* inline}}', /source line 2, column 1: .*decorator/i],
    [
      'an unknown helper',
      '<p>{{heading}}</p>\n<p>{{shout heading}}</p>',
      /source line 2, column 4: "shout" is not a helper/,
    ],
    [
      'a constructor lookup',
      '<p>\n{{heading.constructor}}</p>',
      /source line 2, column 3: "constructor" may not be read/,
    ],
    ['a prototype lookup', '<p>\n{{items.__proto__}}</p>', /source line 2, column 3: "__proto__" may not be read/],
  ])('refuses %s with 422 naming the line, storing nothing', async (_what, source, message) => {
    const before = await count()
    const res = await api().post('/api/templates').set(as()).send({ kind: 'block', name: 'my-requests', source })
    expect(res.status).toBe(422)
    expect(res.body.error.id).toBe('invalid_template')
    expect(res.body.error.message).toMatch(message)
    expect(await count()).toBe(before)
  })

  it('refuses a template to an anonymous visitor and to a client user, storing nothing', async () => {
    const before = await count()
    const data = { kind: 'block', name: 'my-requests', source: '<p>{{heading}}</p>' }
    expect([401, 403]).toContain((await api().post('/api/templates').send(data)).status)
    const client = await login(await testApp(ctx), f.requester.email, FIXTURE_PASSWORD)
    expect(
      (
        await api()
          .post('/api/templates')
          .set({ Authorization: `JWT ${client}` })
          .send(data)
      ).status,
    ).toBe(403)
    expect(await count()).toBe(before)
  })

  it("changes a tenant's next page with its override, not another tenant's; a shared one reaches the rest; deleting returns to the file", async () => {
    const requester = await signedIn(f.requester)
    const outsider = await signedIn(f.outsider, `${PREFIX}-globex`)
    const fileMarker = 'You have no requests yet.'
    expect((await outsider.get(OTHER_HOME)).text).toContain(fileMarker)

    const own = await save({ kind: 'block', name: 'my-requests', tenant: f.tenant, source: '<p>OWN {{heading}}</p>' })
    expect((await requester.get(HOME)).text).toContain('<p>OWN Your requests</p>')
    const other = (await outsider.get(OTHER_HOME)).text
    expect(other).toContain(fileMarker)
    expect(other).not.toContain('OWN')

    const shared = await save({ kind: 'block', name: 'my-requests', source: '<p>SHARED {{heading}}</p>' })
    expect((await outsider.get(OTHER_HOME)).text).toContain('<p>SHARED Your requests</p>')
    expect((await requester.get(HOME)).text).toContain('<p>OWN Your requests</p>')

    await remove(own)
    expect((await requester.get(HOME)).text).toContain('<p>SHARED Your requests</p>')
    await remove(shared)
    expect((await requester.get(HOME)).text).toMatch(/id="my-request-\d+"/)
    expect((await outsider.get(OTHER_HOME)).text).toContain(fileMarker)
  })

  it('overrides the layout and page templates per tenant; a layout that fails renders the file instead', async () => {
    const requester = await signedIn(f.requester)
    const layout = await save({
      kind: 'layout',
      name: 'layout',
      tenant: f.tenant,
      source: '<!doctype html><title>{{title}}</title><body class="acme-frame">{{> content}}</body>',
    })
    const page = await save({
      kind: 'layout',
      name: 'page',
      tenant: f.tenant,
      source: '<h1 class="acme">{{heading}}</h1>',
    })
    const home = (await requester.get(HOME)).text
    expect(home).toContain('<body class="acme-frame">')
    expect(home).toContain('<h1 class="acme">')
    expect(home).not.toContain('skip-link')

    // Strict mode: a name the layout's data does not have fails its render; the page still goes out.
    await api()
      .patch(`/api/templates/${layout}`)
      .set(as())
      .send({ source: '<body>{{nosuchthing}}{{> content}}</body>' })
    const fallback = await requester.get(HOME)
    expect(fallback.status).toBe(200)
    expect(fallback.text).toContain('skip-link')
    expect(fallback.text).toContain('<h1 class="acme">')
    await remove(layout)
    await remove(page)
    expect((await requester.get(HOME)).text).not.toContain('class="acme"')
  })

  it('sees a change made without this process knowing (another process) within a few seconds', async () => {
    const requester = await signedIn(f.requester)
    const id = await save({ kind: 'block', name: 'my-requests', tenant: f.tenant, source: '<p>BEFORE</p>' })
    expect((await requester.get(HOME)).text).toContain('<p>BEFORE</p>')
    // Below Payload's operations: no hook runs, as when another process saves.
    await ctx.payload.db.updateOne({
      collection: Slugs.templates,
      id,
      data: { source: '<p>AFTER</p>', updatedAt: new Date(Date.now() + 1000).toISOString() },
    })
    const started = Date.now()
    let text = ''
    while (Date.now() - started < 5000 && !text.includes('<p>AFTER</p>')) {
      text = (await requester.get(HOME)).text
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(text).toContain('<p>AFTER</p>')
    expect(Date.now() - started).toBeLessThan(3000)
    await remove(id)
  })

  it('replaces only the block whose override loops too long with the error block', async () => {
    const requester = await signedIn(f.requester)
    const id = await save({
      kind: 'block',
      name: 'my-requests',
      source:
        '{{#each items}}{{#each ../items}}{{#each ../../items}}{{#each ../../../items}}<i>{{title}}</i>{{/each}}{{/each}}{{/each}}{{/each}}',
    })
    const res = await requester.get(HOME)
    expect(res.status).toBe(200)
    expect(res.text).toContain('This part of the page could not be shown just now.')
    expect(res.text).toContain('Nothing is waiting for you.')
    expect(res.text).toContain('skip-link')
    expect(res.text).not.toContain('<i>Pallets')
    await remove(id)
  })

  it('compiles nothing across 1,000 signed-in page requests after warm-up', async () => {
    const requester = await signedIn(f.requester)
    const id = await save({ kind: 'block', name: 'my-requests', tenant: f.tenant, source: '<p>WARM {{heading}}</p>' })
    expect((await requester.get(HOME)).text).toContain('WARM')
    const compiles = templateCompileCount()
    for (let i = 0; i < 1000; i++) {
      const res = await requester.get(HOME)
      if (res.status !== 200) throw new Error(`request ${i} answered ${res.status}`)
    }
    expect(templateCompileCount()).toBe(compiles)
    await remove(id)
  }, 120_000)

  it("renders an email from the tenant's override part by part, the file for what it leaves out", async () => {
    const context = requestEmailContext({
      serverURL: 'https://portal.example',
      request: { id: 7, title: 'Forklift', state: 'financeLead', dueAt: null, promisedBy: null, requester: 9 },
      user: { id: 4, name: 'Dana', kind: 'client' },
      tenant: { id: f.tenant, name: 'Acme', slug: `${PREFIX}-acme` },
      type: { singularLabel: 'Purchase request' },
      note: { reason: 'over-budget' },
    })
    const file = renderEmailTemplate('request-approved', context)
    const id = await save({
      kind: 'email',
      name: 'request-approved',
      tenant: f.tenant,
      subject: 'Acme: {{request.title}} <approved>',
      source: '<p>Acme says yes to {{request.title}}</p>',
    })
    const failures: unknown[] = []
    const stored = { overrides: await templateOverrides(ctx.payload), onFailure: (e: unknown) => failures.push(e) }
    const own = renderEmailTemplate('request-approved', context, { ...stored, tenant: f.tenant })
    expect(own.subject).toBe('Acme: Forklift <approved>')
    expect(own.html).toBe('<p>Acme says yes to Forklift</p>')
    expect(own.text).toBe(file.text)
    expect(renderEmailTemplate('request-approved', context, { ...stored, tenant: f.otherTenant })).toEqual(file)
    expect(failures).toEqual([])
    await remove(id)
  })
})
