/**
 * The portal's record blocks and record pages: a list with a saved filter, search and paging in
 * the address, invoices with totals due and overdue, KPI tiles, and a page per record; each read
 * as the signed-in person within the portal's tenant, shown only to its audience, escaped, and
 * failing alone when its saved config does not fit the type.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { DEMO_RECORD_TYPES, DemoTypes } from '../../seed/demoRecordTypes'
import { BuiltInRoles } from '../../seed/roles'
import type { Page, User } from '../../src/payload-types'
import { templateCompileCount } from '../../src/templates/compileCache'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { portalSignIn } from '../harness/portal'
import { builtInRoles } from '../harness/users'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const SLUG = 'pr-acme'
const HOSTILE = '<script>alert(1)</script>'
const DAY = 86_400_000
const dayOffset = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10)

// Handlebars escapes = and & in attributes; browsers read them back.
const decoded = (text: string) => text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')
/** The record titles a page's list rows show, in order. */
const rowTitles = (html: string, blockId?: string): string[] => {
  const scope = blockId ? (new RegExp(`id="${blockId}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '') : html
  return [...scope.matchAll(/<th scope="row"><a href="[^"]*">([^<]*)<\/a>/g)].map((match) => match[1]!)
}

describeEachDatabase('portal record blocks and record pages', (ctx) => {
  let server: Server
  let origin: string
  let f: WorkflowFixture
  let titlesOnly: User
  const ids: Record<string, number> = {}
  const blockIds: Record<string, string> = {}

  const signedIn = (user: User, next?: string) =>
    portalSignIn(server, origin, SLUG, { email: user.email, password: FIXTURE_PASSWORD }, next)

  const createType = async (key: string) => {
    const type = DEMO_RECORD_TYPES.find((candidate) => candidate.key === key)!
    return (await ctx.payload.create({ collection: Slugs.recordTypes, data: type as never })).id
  }
  const createRecord = async (type: number, tenant: number, data: Record<string, unknown>, syncedAt?: string) =>
    (
      await ctx.payload.create({
        collection: Slugs.records,
        data: { type, tenant, source: 'test', syncedAt, data } as never,
      })
    ).id
  const createPage = async (slug: string, layout: Record<string, unknown>[]) =>
    (await ctx.payload.create({
      collection: Slugs.pages,
      data: { title: slug, slug, tenant: f.tenant, status: 'published', layout } as never,
    })) as Page

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, 'pr')
    const roles = await builtInRoles(ctx.payload)
    const shipments = await createType(DemoTypes.shipments)
    await createType(DemoTypes.orders)
    const invoices = await createType(DemoTypes.invoices)
    const documents = await ctx.payload.create({
      collection: Slugs.recordTypes,
      data: {
        key: 'documents',
        singularLabel: 'Document',
        pluralLabel: 'Documents',
        titleField: 'name',
        fields: [
          { key: 'name', label: 'Name', kind: 'text', required: true, listColumn: true },
          { key: 'url', label: 'Download', kind: 'link', listColumn: true },
          { key: 'notes', label: 'Notes', kind: 'long_text' },
          { key: 'shipment', label: 'Shipment', kind: 'reference', referenceType: DemoTypes.shipments },
        ],
      } as never,
    })
    const fresh = new Date().toISOString()
    for (let i = 0; i < 25; i++) {
      const reference = `SHP-${1000 + i}`
      ids[reference] = await createRecord(
        shipments,
        f.tenant,
        {
          reference,
          status: i % 5 === 0 ? 'delayed' : 'in_transit',
          carrier: 'dhl',
          origin: i === 3 ? `${HOSTILE} Rotterdam` : 'Rotterdam',
          destination: 'Lyon',
          eta: `2026-12-${String(1 + i).padStart(2, '0')}T08:00:00Z`,
        },
        i === 0 ? new Date(Date.now() - 3 * DAY).toISOString() : fresh,
      )
    }
    ids.other = await createRecord(shipments, f.otherTenant, {
      reference: 'SHP-9999',
      status: 'delayed',
      origin: 'Globex yard',
    })
    const invoice = (
      number: string,
      amount: number,
      currency: string,
      due: number,
      status: string,
      tenant = f.tenant,
    ) => createRecord(invoices, tenant, { number, amount: { amount, currency }, due: dayOffset(due), status })
    ids['INV-1'] = await invoice('INV-1', 100_000, 'EUR', -10, 'open')
    ids['INV-2'] = await invoice('INV-2', 50_000, 'EUR', 10, 'open')
    ids['INV-3'] = await invoice('INV-3', 20_000, 'USD', -5, 'overdue')
    ids['INV-4'] = await invoice('INV-4', 70_000, 'EUR', -20, 'paid')
    ids['INV-9'] = await invoice('INV-9', 999_900, 'EUR', -30, 'open', f.otherTenant)
    ids.doc = await createRecord(documents.id, f.tenant, {
      name: `${HOSTILE} Customs papers`,
      url: 'https://files.example/customs.pdf',
      notes: `Line one\n${HOSTILE}`,
      shipment: ids['SHP-1001'],
    })
    // Written below the record hooks, as data from before links were checked would be.
    ids.badLink = await createRecord(documents.id, f.tenant, { name: 'Old link', url: 'https://files.example/x' })
    await ctx.payload.db.updateOne({
      collection: Slugs.records,
      where: { id: { equals: ids.badLink } },
      data: { data: { name: 'Old link', url: 'javascript:alert(2)' } },
    })
    const titles = await ctx.payload.create({
      collection: Slugs.roles,
      data: {
        name: 'Titles only',
        audience: 'client',
        permissions: [
          { action: 'read', subject: Slugs.records, fields: ['title', 'type', 'tenant', 'status', 'statusCategory'] },
          { action: 'read', subject: Slugs.recordTypes },
        ],
      } as never,
    })
    titlesOnly = (await ctx.payload.create({
      collection: Slugs.users,
      data: {
        email: 'titles@pr.test',
        password: FIXTURE_PASSWORD,
        name: 'Titles',
        kind: 'client',
        memberships: [{ tenant: f.tenant, roles: [titles.id] }],
      } as never,
    })) as User
    const finance = [roles[BuiltInRoles.clientFinanceLead]]
    const member = [roles[BuiltInRoles.clientMember]]
    const shipmentsPage = await createPage('shipments', [
      { blockType: 'recordList', recordType: 'shipments', sort: 'reference', pageSize: 10 },
      {
        blockType: 'recordList',
        heading: 'Delayed, for finance',
        recordType: 'shipments',
        filter: { status: { equals: 'delayed' } },
        columns: ['eta', 'carrier'],
        audience: finance,
      },
      { blockType: 'recordList', heading: 'Broken list', recordType: 'shipments', filter: { nope: { equals: 1 } } },
      {
        blockType: 'kpiTiles',
        heading: 'Shipments at a glance',
        audience: member,
        tiles: [
          { label: 'Delayed', recordType: 'shipments', filter: '{"status": {"in": ["delayed"]}}', page: 'shipments' },
          { label: 'At risk', recordType: 'shipments', statusCategory: 'at_risk', measure: 'count' },
        ],
      },
    ])
    const layout = shipmentsPage.layout as { id: string }[]
    blockIds.all = `b-${layout[0]!.id}`
    blockIds.delayed = `b-${layout[1]!.id}`
    await createPage('billing', [
      {
        blockType: 'invoices',
        recordType: 'invoices',
        amountField: 'amount',
        dueField: 'due',
        audience: finance,
      },
      {
        blockType: 'kpiTiles',
        tiles: [{ label: 'Invoiced', recordType: 'invoices', measure: 'sum', field: 'amount' }],
      },
    ])
    const documentsPage = await createPage('documents', [{ blockType: 'recordList', recordType: 'documents' }])
    blockIds.documents = `b-${(documentsPage.layout as { id: string }[])[0]!.id}`
    server = (await testApp(ctx)).listen(0)
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  describe('record pages', () => {
    it('answer 404, not 403, for another tenant’s record, an unknown id, a wrong type or an unknown type', async () => {
      const browser = await signedIn(f.requester)
      const paths = [
        `shipments/${ids.other}`,
        `shipments/999999`,
        `shipments/abc`,
        `invoices/${ids['SHP-1001']}`,
        `nothing/${ids['SHP-1001']}`,
        `shipments/${ids['SHP-1001']}x`,
      ]
      for (const path of paths) {
        const res = await browser.get(`/t/${SLUG}/records/${path}`)
        expect({ path, status: res.status }).toEqual({ path, status: 404 })
        expect(res.text).toContain('Page not found')
        expect(res.text).not.toContain('SHP-9999')
      }
      // Staff may read every tenant's records, but this portal shows this tenant's only.
      const staff = await signedIn(f.admin)
      expect((await staff.get(`/t/${SLUG}/records/shipments/${ids.other}`)).status).toBe(404)
      expect((await staff.get(`/t/${SLUG}/records/shipments/${ids['SHP-1001']}`)).status).toBe(200)
    })

    it('send a signed-out visitor to sign in and back to the record', async () => {
      const link = `/t/${SLUG}/records/shipments/${ids['SHP-1002']}`
      const anonymous = await request(server).get(link)
      expect(anonymous.status).toBe(303)
      expect(anonymous.headers.location).toBe(`/t/${SLUG}/sign-in?next=${encodeURIComponent(link)}`)
      const browser = await signedIn(f.requester, link)
      expect(browser.location).toBe(link)
      const res = await browser.get(link)
      expect(res.status).toBe(200)
      expect(res.text).toContain('<h1 id="record-title">SHP-1002</h1>')
    })

    it('show status, each field by its kind, the sync time and a stale mark', async () => {
      const browser = await signedIn(f.requester)
      const stale = await browser.get(`/t/${SLUG}/records/shipments/${ids['SHP-1000']}`)
      expect(stale.text).toMatch(/class="status status-at_risk">Delayed<\/span> <span class="meta">\(At risk\)/)
      expect(stale.text).toMatch(/<dt>Carrier<\/dt>\s*<dd>DHL Freight<\/dd>/)
      expect(stale.text).toMatch(/<dt>ETA<\/dt>\s*<dd>1 Dec 2026<\/dd>/)
      expect(stale.text).toContain('Last synced')
      expect(stale.text).toContain('this information may be out of date')
      const fresh = await browser.get(`/t/${SLUG}/records/shipments/${ids['SHP-1002']}`)
      expect(fresh.text).not.toContain('this information may be out of date')
      const invoice = await browser.get(`/t/${SLUG}/records/invoices/${ids['INV-1']}`)
      expect(invoice.text).toMatch(/<dt>Amount<\/dt>\s*<dd>€1,000.00<\/dd>/)
    })

    it('escape script in text fields, link references to their page and never link javascript: addresses', async () => {
      const browser = await signedIn(f.requester)
      const doc = await browser.get(`/t/${SLUG}/records/documents/${ids.doc}`)
      expect(doc.status).toBe(200)
      expect(doc.text).not.toContain('<script>')
      expect(doc.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Customs papers')
      expect(doc.text).toContain('<a href="https://files.example/customs.pdf">')
      expect(doc.text).toContain(`<a href="/t/${SLUG}/records/shipments/${ids['SHP-1001']}">SHP-1001</a>`)
      const bad = await browser.get(`/t/${SLUG}/records/documents/${ids.badLink}`)
      expect(bad.status).toBe(200)
      expect(bad.text).toMatch(/<dt>Download<\/dt>\s*<dd>javascript:alert\(2\)<\/dd>/)
      expect(bad.text).not.toMatch(/href="javascript:/)
      const list = await browser.get(`/t/${SLUG}/p/documents`)
      expect(list.text).not.toContain('<script>')
      expect(list.text).not.toMatch(/href="javascript:/)
    })

    it('leave out what the person’s rules hide', async () => {
      const browser = await signedIn(titlesOnly)
      const res = await browser.get(`/t/${SLUG}/records/shipments/${ids['SHP-1003']}`)
      expect(res.status).toBe(200)
      expect(res.text).toContain('SHP-1003')
      expect(res.text).toContain('The details of this record are not shared with you.')
      expect(res.text).not.toContain('Rotterdam')
      expect(res.text).not.toContain('DHL Freight')
      const list = await browser.get(`/t/${SLUG}/p/documents?${blockIds.documents}-q=customs`)
      expect(list.status).toBe(200)
      expect(list.text).toContain('Your access does not include the details these records are searched by.')
      expect(rowTitles(list.text, blockIds.documents)).toEqual([
        'Old link',
        '&lt;script&gt;alert(1)&lt;/script&gt; Customs papers',
      ])
      expect(list.text).not.toContain('files.example')
    })
  })

  describe('record lists', () => {
    it('show each list only to the roles in its audience', async () => {
      const member = await (await signedIn(f.requester)).get(`/t/${SLUG}/p/shipments`)
      const lead = await (await signedIn(f.financeLeads[0]!)).get(`/t/${SLUG}/p/shipments`)
      expect(member.status).toBe(200)
      expect(member.text).not.toContain('Delayed, for finance')
      expect(member.text).toContain('Shipments at a glance')
      expect(lead.text).toContain('Delayed, for finance')
      expect(lead.text).not.toContain('Shipments at a glance')
      expect(rowTitles(lead.text, blockIds.delayed)).toEqual([
        'SHP-1020',
        'SHP-1015',
        'SHP-1010',
        'SHP-1005',
        'SHP-1000',
      ])
    })

    it('never list another tenant’s records, not even to staff', async () => {
      for (const user of [f.requester, f.admin]) {
        const res = await (await signedIn(user)).get(`/t/${SLUG}/p/shipments`)
        expect(res.text).toContain('SHP-1001')
        expect(res.text).not.toContain('SHP-9999')
        expect(res.text).not.toContain('Globex')
      }
    })

    it('replace a list whose saved filter names an unknown field with the error block, the rest rendering', async () => {
      const res = await (await signedIn(f.requester)).get(`/t/${SLUG}/p/shipments`)
      expect(res.status).toBe(200)
      expect(res.text).toContain('This part of the page could not be shown just now.')
      expect(res.text).not.toContain('Broken list')
      expect(rowTitles(res.text, blockIds.all)).toHaveLength(10)
    })

    it('escape script in record text and link each row to its record', async () => {
      const res = await (await signedIn(f.requester)).get(`/t/${SLUG}/p/shipments`)
      expect(res.text).not.toContain('<script>')
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Rotterdam')
      expect(res.text).toContain(`<a href="/t/${SLUG}/records/shipments/${ids['SHP-1000']}">SHP-1000</a>`)
      expect(res.text).toMatch(/<label for="b-[^"]+-search">Search Shipments<\/label>/)
      expect(res.text).toMatch(/<caption>Shipments · 1–10 of 25<\/caption>/)
    })

    it('page and search through the address, each list keeping its own', async () => {
      const browser = await signedIn(f.financeLeads[0]!)
      const base = `/t/${SLUG}/p/shipments`
      const first = await browser.get(base)
      const next = new RegExp(`href="([^"]*${blockIds.all}-page=2[^"]*)" rel="next"`).exec(decoded(first.text))?.[1]
      expect(next).toBe(`${base}?${blockIds.all}-page=2#${blockIds.all}`)
      const second = await browser.get(next!)
      expect(rowTitles(second.text, blockIds.all)).toEqual(Array.from({ length: 10 }, (_, i) => `SHP-${1010 + i}`))
      expect(rowTitles(second.text, blockIds.delayed)).toHaveLength(5)
      const searched = await browser.get(`${base}?${blockIds.all}-q=SHP-1012&${blockIds.delayed}-q=SHP-1005`)
      expect(rowTitles(searched.text, blockIds.all)).toEqual(['SHP-1012'])
      expect(rowTitles(searched.text, blockIds.delayed)).toEqual(['SHP-1005'])
      expect(searched.text).toContain(`name="${blockIds.delayed}-q" value="SHP-1005"`)
      const none = await browser.get(`${base}?${blockIds.all}-q=nothing-like-this`)
      expect(none.text).toContain('Nothing matches your search.')
    })

    it('answer a bad search or page inside the list, never with an error page', async () => {
      const browser = await signedIn(f.requester)
      const base = `/t/${SLUG}/p/shipments`
      const long = await browser.get(`${base}?${blockIds.all}-q=${'x'.repeat(201)}`)
      expect(long.status).toBe(200)
      expect(long.text).toContain('The search must be at most 200 characters long')
      expect(rowTitles(long.text, blockIds.all)).toHaveLength(10)
      for (const page of ['abc', '0', '-1', '99999999', '1.5']) {
        const res = await browser.get(`${base}?${blockIds.all}-page=${page}`)
        expect(res.status).toBe(200)
        expect(res.text).toContain('The page must be a whole number from 1 to')
      }
      const twice = await browser.get(`${base}?${blockIds.all}-q=a&${blockIds.all}-q=b`)
      expect(twice.status).toBe(200)
      expect(twice.text).toContain('Search for one thing at a time.')
      const beyond = await browser.get(`${base}?${blockIds.all}-page=9`)
      expect(beyond.text).toContain('There is no page 9; the list has 3.')
    })
  })

  it('compiles no template while serving record pages and blocks', async () => {
    const browser = await signedIn(f.financeLeads[0]!)
    const paths = ['/p/billing', '/p/shipments', '/p/documents', `/records/documents/${ids.doc}`]
    for (const path of paths) await browser.get(`/t/${SLUG}${path}`)
    const before = templateCompileCount()
    for (let i = 0; i < 40; i++) expect((await browser.get(`/t/${SLUG}${paths[i % paths.length]}`)).status).toBe(200)
    expect(templateCompileCount() - before).toBe(0)
  })

  describe('invoices and KPI tiles', () => {
    it('total what is due and overdue per currency, this tenant’s only, for the invoices’ audience', async () => {
      const res = await (await signedIn(f.financeLeads[0]!)).get(`/t/${SLUG}/p/billing`)
      expect(res.status).toBe(200)
      const due = /<dt>Due <span class="total-count">\((\d+)\)<\/span><\/dt>\s*<dd>(.*?)<\/dd>/.exec(res.text)
      const overdue = /<dt>Overdue <span class="total-count">\((\d+)\)<\/span><\/dt>\s*<dd>(.*?)<\/dd>/.exec(res.text)
      expect(due?.[1]).toBe('3')
      expect(due?.[2]).toBe('<span class="amount">€1,500.00</span><span class="amount">US$200.00</span>')
      expect(overdue?.[1]).toBe('2')
      expect(overdue?.[2]).toBe('<span class="amount">€1,000.00</span><span class="amount">US$200.00</span>')
      expect(res.text).toMatch(/Open the latest invoice, INV-\d/)
      expect(rowTitles(res.text)).toEqual(['INV-2', 'INV-3', 'INV-1', 'INV-4'])
      expect(res.text).not.toContain('INV-9')
      const member = await (await signedIn(f.requester)).get(`/t/${SLUG}/p/billing`)
      expect(member.text).not.toContain('Open the latest invoice')
    })

    it('count and sum through the person’s rules, linking to a page', async () => {
      const member = await (await signedIn(f.requester)).get(`/t/${SLUG}/p/shipments`)
      expect(member.text).toMatch(
        new RegExp(
          `<a class="tile-link" href="/t/${SLUG}/p/shipments"><span class="tile-figure"><span class="figure">5</span></span> <span class="tile-label">Delayed</span>`,
        ),
      )
      expect(member.text).toMatch(/<span class="figure">5<\/span><\/span> <span class="tile-label">At risk<\/span>/)
      const billing = await (await signedIn(f.requester)).get(`/t/${SLUG}/p/billing`)
      expect(billing.text).toMatch(/<span class="figure">€2,200.00<\/span><span class="figure">US\$200.00<\/span>/)
      // A sum reads record data: someone whose rules hide it gets the error block, not a figure.
      const titles = await (await signedIn(titlesOnly)).get(`/t/${SLUG}/p/billing`)
      expect(titles.status).toBe(200)
      expect(titles.text).toContain('This part of the page could not be shown just now.')
      expect(titles.text).not.toContain('€2,200.00')
    })
  })
})
