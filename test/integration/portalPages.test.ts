/**
 * Composed portal pages and the request blocks: one-click approval with its form token and the
 * step the approver saw, the requester's view of where things stand, pages and blocks shown only
 * to their audience, and data escaped wherever it lands.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import type { Request as RequestDoc, User } from '../../src/payload-types'
import { submitRequest } from '../../src/workflows/service'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { csrfOf, portalSignIn } from '../harness/portal'
import { builtInRoles } from '../harness/users'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const SLUG = 'pp-acme'
const HOSTILE_TITLE = '<script>alert(1)</script> Laptops'

const stepOf = (html: string, id: number | string): string =>
  new RegExp(`id="request-${id}"[\\s\\S]*?name="step" value="(\\d+)"`).exec(html)?.[1] ?? ''

const text = (value: string) => ({
  type: 'text',
  version: 1,
  text: value,
  format: 0,
  detail: 0,
  mode: 'normal',
  style: '',
})
const paragraph = (...children: unknown[]) => ({
  type: 'paragraph',
  version: 1,
  format: '',
  indent: 0,
  direction: null,
  textFormat: 0,
  children,
})
const richText = (...children: unknown[]) => ({
  root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children },
})

describeEachDatabase('portal pages and request blocks', (ctx) => {
  let server: Server
  let origin: string
  let f: WorkflowFixture
  let pending: RequestDoc

  const signedIn = (user: User) => portalSignIn(server, origin, SLUG, { email: user.email, password: FIXTURE_PASSWORD })
  const state = async (id: number) =>
    ((await ctx.payload.findByID({ collection: Slugs.requests, id })) as RequestDoc).state

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, 'pp')
    const requester = { payload: ctx.payload, user: { ...f.requester, collection: Slugs.users } as never }
    pending = await submitRequest(requester, { type: 'purchase', data: { title: HOSTILE_TITLE, amount: 20_000 } })
    server = (await testApp(ctx)).listen(0)
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('refuses an approval posted without the form token (403 csrf_token_invalid), changing nothing', async () => {
    const browser = await signedIn(f.financeLeads[2]!)
    const home = await browser.get(`/t/${SLUG}/`)
    const res = await browser
      .post(`/t/${SLUG}/requests/${pending.id}/act`)
      .set('Origin', origin)
      .type('form')
      .send({ type: 'approve', step: stepOf(home.text, pending.id) })
    expect(res.status).toBe(403)
    expect(res.text).toContain('csrf_token_invalid')
    expect(await state(pending.id)).toBe('financeLead')
  })

  it('escapes a request title with a script in every block it appears in', async () => {
    for (const user of [f.financeLeads[2]!, f.requester]) {
      const home = await (await signedIn(user)).get(`/t/${SLUG}/`)
      expect(home.status).toBe(200)
      expect(home.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Laptops')
      expect(home.text).not.toContain('<script>')
    }
  })

  it('shows the requester where the request stands and that it waits on the vendor', async () => {
    const home = await (await signedIn(f.requester)).get(`/t/${SLUG}/`)
    expect(home.text).toMatch(/id="my-request-\d+"[\s\S]*?Finance lead[\s\S]*?Waiting on us/)
    expect(home.text).toContain('Nothing is waiting for you.')
  })

  it('refuses an action on a step the approver no longer sees with the friendly 409 page', async () => {
    const browser = await signedIn(f.financeLeads[2]!)
    const home = await browser.get(`/t/${SLUG}/`)
    const step = Number(stepOf(home.text, pending.id))
    const res = await browser
      .post(`/t/${SLUG}/requests/${pending.id}/act`)
      .set('Origin', origin)
      .type('form')
      .send({ csrf: csrfOf(home.text), type: 'approve', step: String(step + 1), back: `/t/${SLUG}/` })
    expect(res.status).toBe(409)
    expect(res.text).toContain('This request moved on since you opened the page')
    expect(await state(pending.id)).toBe('financeLead')
  })

  it('approves in one click and comes back to the page with a message', async () => {
    const browser = await signedIn(f.financeLeads[2]!)
    const home = await browser.get(`/t/${SLUG}/`)
    expect(home.text).toContain(`action="/t/${SLUG}/requests/${pending.id}/act"`)
    expect(home.text).toContain('<option value="missing-quote">')
    const res = await browser
      .post(`/t/${SLUG}/requests/${pending.id}/act`)
      .set('Origin', origin)
      .type('form')
      .send({ csrf: csrfOf(home.text), type: 'approve', step: stepOf(home.text, pending.id), back: `/t/${SLUG}/` })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/t/${SLUG}/?done=approved`)
    expect(await state(pending.id)).not.toBe('financeLead')
    const after = await browser.get(res.headers.location as string)
    expect(after.text).toContain('Approved. Thank you.')
    expect(after.text).not.toContain(`id="request-${pending.id}"`)
  })

  it('shows a page and its blocks only to the roles in their audience', async () => {
    const roles = await builtInRoles(ctx.payload)
    await ctx.payload.create({
      collection: Slugs.pages,
      data: {
        title: 'Guides',
        slug: 'guides',
        tenant: f.tenant,
        status: 'published',
        layout: [
          {
            blockType: 'richText',
            content: richText(
              paragraph(text('<script>alert(2)</script> For everyone'), {
                type: 'link',
                version: 3,
                format: '',
                indent: 0,
                direction: null,
                fields: { url: 'javascript:alert(3)', newTab: false, linkType: 'custom' },
                children: [text('a link')],
              }),
            ),
          },
          {
            blockType: 'richText',
            audience: [roles[BuiltInRoles.clientFinanceLead]],
            content: richText(paragraph(text('For finance only'))),
          },
        ],
      } as never,
    })
    await ctx.payload.create({
      collection: Slugs.pages,
      data: {
        title: 'Finance',
        slug: 'finance',
        tenant: f.tenant,
        status: 'published',
        audience: [roles[BuiltInRoles.clientFinanceLead]],
        layout: [],
      } as never,
    })
    await ctx.payload.create({
      collection: Slugs.pages,
      data: { title: 'Draft', slug: 'draft', tenant: f.tenant, status: 'draft', layout: [] } as never,
    })
    const lead = await signedIn(f.financeLeads[2]!)
    const member = await signedIn(f.requester)
    const leadView = await lead.get(`/t/${SLUG}/p/guides`)
    const memberView = await member.get(`/t/${SLUG}/p/guides`)
    expect(leadView.text).toContain('For finance only')
    expect(memberView.status).toBe(200)
    expect(memberView.text).toContain('For everyone')
    expect(memberView.text).not.toContain('For finance only')
    expect(memberView.text).toContain('&lt;script&gt;alert(2)')
    expect(memberView.text).toContain('<a href="#">a link</a>')
    expect(memberView.text).not.toMatch(/javascript:|style=/)
    expect((await lead.get(`/t/${SLUG}/p/finance`)).status).toBe(200)
    expect((await member.get(`/t/${SLUG}/p/finance`)).status).toBe(404)
    // The menu names the pages each person sees (drafts never), the one open marked current.
    const menu = (html: string) => /<nav aria-label="Portal">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? ''
    expect(menu(leadView.text)).toContain(`<a href="/t/${SLUG}/p/guides" aria-current="page">Guides</a>`)
    expect(menu(leadView.text)).toContain(`<a href="/t/${SLUG}/p/finance">Finance</a>`)
    expect(menu(memberView.text)).toContain('Guides')
    expect(menu(memberView.text)).not.toContain('Finance')
    expect(menu(memberView.text)).not.toContain('Draft')
    expect((await lead.get(`/t/${SLUG}/p/draft`)).status).toBe(404)
    expect((await lead.get(`/t/${SLUG}/p/nothing-here`)).status).toBe(404)
  })

  it('summarises a record type by status category, at-risk first, with a stale mark', async () => {
    const type = await ctx.payload.create({
      collection: Slugs.recordTypes,
      data: {
        key: 'parcels',
        singularLabel: 'Parcel',
        pluralLabel: 'Parcels',
        titleField: 'code',
        statusField: 'stage',
        staleAfterMinutes: 60,
        fields: [
          { key: 'code', label: 'Code', kind: 'text', required: true },
          {
            key: 'stage',
            label: 'Stage',
            kind: 'status',
            statuses: [
              { value: 'moving', label: 'Moving', colour: '#1e88e5', category: 'open' },
              { value: 'late', label: 'Late', colour: '#f4511e', category: 'at_risk' },
              { value: 'arrived', label: 'Arrived', colour: '#43a047', category: 'done' },
            ],
          },
        ],
      } as never,
    })
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()
    const parcels: [string, string, number, number][] = [
      ['P-1', 'moving', f.tenant, 0],
      ['P-2', 'late', f.tenant, 3],
      ['P-3', 'arrived', f.tenant, 0],
      ['P-4', 'late', f.otherTenant, 0],
    ]
    for (const [code, stage, tenant, age] of parcels) {
      await ctx.payload.create({
        collection: Slugs.records,
        data: { type: type.id, tenant, source: 'test', syncedAt: hoursAgo(age), data: { code, stage } } as never,
      })
    }
    await ctx.payload.create({
      collection: Slugs.pages,
      data: {
        title: 'Parcels',
        slug: 'parcels',
        status: 'published',
        layout: [
          { blockType: 'statusSummary', recordType: 'parcels' },
          { blockType: 'statusSummary', recordType: 'nope' },
        ],
      } as never,
    })
    const view = await (await signedIn(f.requester)).get(`/t/${SLUG}/p/parcels`)
    expect(view.status).toBe(200)
    const counts = [...view.text.matchAll(/class="count count-(\w+)"><span class="count-number">(\d+)/g)].map(
      ([, category, count]) => `${category}:${count}`,
    )
    expect(counts).toEqual(['at_risk:1', 'open:1', 'done:1', 'cancelled:0'])
    expect(view.text).toMatch(
      /<a href="\/t\/pp-acme\/records\/parcels\/\d+"><strong>P-2<\/strong><\/a> · Late[\s\S]*?not updated recently/,
    )
    expect(view.text).not.toContain('P-4')
    expect(view.text).toContain('This summary is not set up yet.')
  })
})
