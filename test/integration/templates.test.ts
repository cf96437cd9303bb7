/**
 * Templates over REST: only staff write them; an unsafe template is refused with 422 naming its
 * line and nothing is stored; a saved one renders, a tenant's override wins over the shared
 * default, and an edit changes the next render, compiled once per revision.
 */
import type { Express } from 'express'
import request from 'supertest'
import { templateOverrides } from '../../collections/Templates/templateOverrides'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import { templateCompileCount } from '../../src/templates/compileCache'
import { renderTemplate } from '../../src/templates/renderTemplate'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const ADMIN = { email: 'admin@templates.test', password: 'correct-horse-battery' }
const CLIENT = { email: 'client-admin@templates.test', password: 'correct-horse-battery' }

describeEachDatabase('templates over REST', (ctx) => {
  let app: Express
  let staff: string
  let client: string
  let tenant: number
  let other: number
  const as = (token: string) => ({ Authorization: `JWT ${token}` })
  const count = async () => (await ctx.payload.count({ collection: Slugs.templates })).totalDocs
  /** What a page of `tenantId` would show for block `name`, through the compile cache. */
  const rendered = async (name: string, tenantId?: number) => {
    const source = (await templateOverrides(ctx.payload)).source('block', name, tenantId)
    return renderTemplate(source!, { title: 'Shipments', items: [{ name: '<b>A</b>' }] })
  }

  beforeAll(async () => {
    tenant = (await createTenant(ctx.payload, 'templates-a')).id
    other = (await createTenant(ctx.payload, 'templates-b')).id
    await createVendorAdmin(ctx.payload, ADMIN)
    await createClientUser(ctx.payload, CLIENT, tenant, BuiltInRoles.clientAdmin)
    app = await testApp(ctx)
    staff = await login(app, ADMIN.email, ADMIN.password)
    client = await login(app, CLIENT.email, CLIENT.password)
  })

  it('refuses templates to anonymous and client users, storing nothing', async () => {
    const before = await count()
    const data = { kind: 'block' as const, name: 'client-try', source: '<p>{{title}}</p>' }
    expect([401, 403]).toContain((await request(app).post('/api/templates').send(data)).status)
    expect((await request(app).post('/api/templates').set(as(client)).send(data)).status).toBe(403)
    expect(
      (
        await request(app)
          .post('/api/templates')
          .set(as(client))
          .send({ ...data, tenant })
      ).status,
    ).toBe(403)
    const shared = await ctx.payload.create({ collection: Slugs.templates, data: { ...data, name: 'shared-x' } })
    expect((await request(app).patch(`/api/templates/${shared.id}`).set(as(client)).send(data)).status).toBe(404)
    // No client rule names templates: reading any of them is refused outright, not per document.
    expect((await request(app).get(`/api/templates/${shared.id}`).set(as(client))).status).toBe(403)
    expect(await count()).toBe(before + 1)
  })

  it('refuses an unsafe template with 422 naming every problem and its line, storing nothing', async () => {
    const before = await count()
    const source =
      '<section>\n  <h2>{{title}}</h2>\n  {{{body}}}\n  {{> (partialName)}}\n  {{lookup this "constructor"}}\n</section>'
    const res = await request(app).post('/api/templates').set(as(staff)).send({ kind: 'block', name: 'unsafe', source })
    expect(res.status).toBe(422)
    expect(res.body.error.id).toBe('invalid_template')
    expect(res.body.error.message).toMatch(/3 problems/)
    expect(res.body.error.message).toMatch(/source line 3, column 3: unescaped output/)
    expect(res.body.error.message).toMatch(/source line 4, column 3: dynamic partials/)
    expect(res.body.error.message).toMatch(/source line 5, column 3: "lookup" is not a helper/)
    expect(await count()).toBe(before)
  })

  it('refuses an edit that makes a saved template unsafe, keeping the saved one', async () => {
    const saved = await request(app)
      .post('/api/templates')
      .set(as(staff))
      .send({ kind: 'block', name: 'kept', source: '<p>{{title}}</p>' })
    expect(saved.status).toBe(201)
    const res = await request(app)
      .patch(`/api/templates/${saved.body.doc.id}`)
      .set(as(staff))
      .send({ source: '<p>\n{{title.constructor}}</p>' })
    expect(res.status).toBe(422)
    expect(res.body.error.message).toMatch(/line 2, column 3: "constructor" may not be read/)
    expect(await rendered('kept')).toBe('<p>Shipments</p>')
  })

  it("checks an email template's subject and text too, and refuses a second template of one name", async () => {
    const res = await request(app)
      .post('/api/templates')
      .set(as(staff))
      .send({ kind: 'email', name: 'mail', subject: 'Hi {{{name}}}', source: '<p>{{name}}</p>', text: '{{& name}}' })
    expect(res.status).toBe(422)
    expect(res.body.error.message).toMatch(/subject line 1, column 4: unescaped/)
    expect(res.body.error.message).toMatch(/text line 1, column 1: unescaped/)
    const block = { kind: 'block', name: 'twice', source: 'x' }
    expect((await request(app).post('/api/templates').set(as(staff)).send(block)).status).toBe(201)
    const again = await request(app).post('/api/templates').set(as(staff)).send(block)
    expect(again.status).toBe(409)
    expect(again.body.error.id).toBe('template_exists')
    expect(
      (
        await request(app)
          .post('/api/templates')
          .set(as(staff))
          .send({ ...block, tenant })
      ).status,
    ).toBe(201)
  })

  it('renders a saved template; an edit changes the next render, compiled once per revision', async () => {
    const source = '<h2>{{title}}</h2>{{#each items}}<li>{{name}}</li>{{/each}}'
    const created = await request(app)
      .post('/api/templates')
      .set(as(staff))
      .send({ kind: 'block', name: 'status-summary', source })
    expect(created.status).toBe(201)
    const compiles = templateCompileCount()
    expect(await rendered('status-summary')).toBe('<h2>Shipments</h2><li>&lt;b&gt;A&lt;/b&gt;</li>')
    for (let i = 0; i < 20; i++) await rendered('status-summary')
    expect(templateCompileCount()).toBe(compiles + 1)

    const edited = await request(app)
      .patch(`/api/templates/${created.body.doc.id}`)
      .set(as(staff))
      .send({ source: '<h3>{{title}}</h3>' })
    expect(edited.status).toBe(200)
    expect(await rendered('status-summary')).toBe('<h3>Shipments</h3>')
    expect(await rendered('status-summary')).toBe('<h3>Shipments</h3>')
    expect(templateCompileCount()).toBe(compiles + 2)
  })

  it('gives a tenant its own override and every other tenant the shared default', async () => {
    const base = { kind: 'block', name: 'greeting' }
    await request(app)
      .post('/api/templates')
      .set(as(staff))
      .send({ ...base, source: 'Hello {{title}}' })
    const own = await request(app)
      .post('/api/templates')
      .set(as(staff))
      .send({ ...base, tenant, source: 'Welcome {{title}}' })
    expect(own.status).toBe(201)
    expect(await rendered('greeting', tenant)).toBe('Welcome Shipments')
    expect(await rendered('greeting', other)).toBe('Hello Shipments')
    expect(await rendered('greeting')).toBe('Hello Shipments')
  })
})
