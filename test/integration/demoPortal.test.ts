/**
 * The demo's portals, as `npm start` seeds them: each demo client's first screen answers its
 * question with every block rendering (none replaced by the error notice), the list pages its
 * tiles link to exist, and seeding again adds no page.
 */
import type { Server } from 'node:http'
import { Slugs } from '../../collections/slugs'
import { seed } from '../../seed'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { originOf, portalSignIn } from '../harness/portal'

describeEachDatabase('demo portals', (ctx) => {
  let server: Server
  let password: string

  const signIn = (slug: string, email: string) => portalSignIn(server, originOf(server), slug, { email, password })
  const pageOf = async (slug: string, email: string, path = '/') => {
    const res = await (await signIn(slug, email)).get(`/t/${slug}${path}`)
    expect(res.status).toBe(200)
    expect(res.text).not.toContain('block-error')
    expect(res.text).not.toContain('block-unavailable')
    return res.text
  }

  beforeAll(async () => {
    await seed(ctx.payload, ctx.settings)
    password = ctx.settings.seedAdmin!.password
    server = (await testApp(ctx)).listen(0)
  }, 180_000)
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it("shows Northwind's member where the shipments are, the delayed ones first, and a form to ask for a change", async () => {
    const html = await pageOf('northwind', 'member@northwind.example')
    expect(html).toContain('Where your shipments are')
    expect(html).toMatch(/class="[^"]*at-risk[^"]*"[\s\S]*?Delayed/)
    expect(html).toContain('Ask us to change a shipment')
    expect(html).toContain(`href="/t/northwind/p/shipments"`)
    const shipments = await pageOf('northwind', 'member@northwind.example', '/p/shipments')
    expect(shipments).toContain('All shipments')
    expect(shipments).toMatch(/href="\/t\/northwind\/records\/shipments\/\d+"/)
  })

  it("shows Northwind's finance lead the purchases waiting on them, and no request form to a viewer", async () => {
    const lead = await pageOf('northwind', 'finance-lead@northwind.example')
    expect(lead).toMatch(/action="\/t\/northwind\/requests\/\d+\/act"/)
    const viewer = await pageOf('northwind', 'viewer@northwind.example')
    expect(viewer).not.toContain('Ask us to change a shipment')
  })

  it("shows Bluebird's approver whether the projects are on track and what waits for their sign-off", async () => {
    const html = await pageOf('bluebird', 'approver@bluebird.example')
    expect(html).toContain('Are your projects on track')
    expect(html).toContain('Deliverables waiting for your sign-off')
    expect(html).toContain('Milestones')
  })

  it("shows Acme's administrator what they owe, overdue included, and their orders", async () => {
    const html = await pageOf('acme-group', 'admin@acme-group.example')
    expect(html).toContain('What you owe')
    expect(html).toMatch(/[Oo]verdue/)
    expect(html).toContain('Request a purchase')
    expect(await pageOf('acme-group', 'admin@acme-group.example', '/p/orders')).toContain('All orders')
  })

  it('adds no page when seeded again', async () => {
    const before = await ctx.payload.count({ collection: Slugs.pages })
    expect(before.totalDocs).toBeGreaterThanOrEqual(5)
    expect((await seed(ctx.payload, ctx.settings)).demoPages).toBe(0)
    expect((await ctx.payload.count({ collection: Slugs.pages })).totalDocs).toBe(before.totalDocs)
  })
})
