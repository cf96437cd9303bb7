/**
 * The demo records the seed adds outside production: their types, how many each demo client gets,
 * that they look like a live account (delayed shipments, overdue invoices, stale syncs), that a
 * client user sees only their own account's through /api/records/query, and that seeding again
 * changes nothing.
 */
import type { Express } from 'express'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { seed } from '../../seed'
import { DemoTypes } from '../../seed/demoRecordTypes'
import { DEMO_ADMIN } from '../../src/config/settings'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'

interface QueryPage {
  totalDocs: number
  docs: { tenant: number; status: string; statusCategory: string; data: Record<string, unknown> }[]
}

describeEachDatabase('demo records', (ctx) => {
  let app: Express
  const tenants: Record<string, number> = {}

  const count = async (tenant: string, typeKey: string, where: Record<string, unknown> = {}) => {
    const { docs } = await ctx.payload.find({ collection: Slugs.recordTypes, where: { key: { equals: typeKey } } })
    const { totalDocs } = await ctx.payload.count({
      collection: Slugs.records,
      where: { tenant: { equals: tenants[tenant] }, type: { equals: docs[0]!.id }, ...where },
    })
    return totalDocs
  }
  const snapshot = async () =>
    (await ctx.payload.find({ collection: Slugs.records, pagination: false, depth: 0, sort: 'id' })).docs
  const query = async (token: string, path: string) => {
    const res = await request(app).get(`/api/records/query?${path}`).set('Authorization', `JWT ${token}`)
    return { status: res.status, body: res.body as QueryPage }
  }

  beforeAll(async () => {
    await seed(ctx.payload, ctx.settings)
    const { docs } = await ctx.payload.find({ collection: Slugs.tenants, pagination: false, depth: 0 })
    for (const tenant of docs) tenants[tenant.slug] = tenant.id
    app = await testApp(ctx)
  })

  it('creates the demo record types', async () => {
    const { docs } = await ctx.payload.find({ collection: Slugs.recordTypes, pagination: false, sort: 'key' })
    expect(docs.map((doc) => doc.key)).toEqual(expect.arrayContaining(Object.values(DemoTypes)))
  })

  it('gives each demo client its records', async () => {
    expect(await count('northwind', DemoTypes.shipments)).toBe(150)
    expect(await count('bluebird', DemoTypes.projects)).toBe(5)
    expect(await count('bluebird', DemoTypes.milestones)).toBe(30)
    const orders = (await count('acme-group', DemoTypes.orders)) + (await count('acme-lyon', DemoTypes.orders))
    const invoices = (await count('acme-group', DemoTypes.invoices)) + (await count('acme-lyon', DemoTypes.invoices))
    expect(orders).toBe(80)
    expect(invoices).toBeGreaterThanOrEqual(50)
    expect(invoices).toBeLessThanOrEqual(60)
    expect(await count('northwind', DemoTypes.orders)).toBe(0)
  })

  it('looks like a live account: delayed shipments, overdue invoices, milestones at risk, stale syncs', async () => {
    expect(await count('northwind', DemoTypes.shipments, { status: { equals: 'delayed' } })).toBeGreaterThan(3)
    expect(await count('northwind', DemoTypes.shipments, { statusCategory: { equals: 'at_risk' } })).toBeGreaterThan(3)
    expect(await count('acme-group', DemoTypes.invoices, { status: { equals: 'overdue' } })).toBeGreaterThan(0)
    expect(await count('bluebird', DemoTypes.milestones, { status: { equals: 'at_risk' } })).toBeGreaterThan(0)
    const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString()
    expect(await count('northwind', DemoTypes.shipments, { syncedAt: { less_than: dayAgo } })).toBe(2)
  })

  it("lets Northwind's viewer query Northwind's shipments, and nothing of Bluebird's", async () => {
    const token = await login(app, 'viewer@northwind.example', DEMO_ADMIN.password)
    const delayed = await query(token, 'type=shipments&filter[status][equals]=delayed&sort=eta&limit=100')
    expect(delayed.status).toBe(200)
    expect(delayed.body.totalDocs).toBe(
      await count('northwind', DemoTypes.shipments, { status: { equals: 'delayed' } }),
    )
    expect(delayed.body.docs.every((doc) => doc.tenant === tenants.northwind && doc.status === 'delayed')).toBe(true)
    const etas = delayed.body.docs.map((doc) => doc.data.eta as string)
    expect(etas).toEqual([...etas].sort())

    const all = await query(token, 'type=shipments&limit=1')
    expect(all.body.totalDocs).toBe(150)
    const milestones = await query(token, 'type=milestones')
    expect(milestones.status).toBe(200)
    expect(milestones.body.totalDocs).toBe(0)
    const asBluebird = await query(token, `type=projects&tenant=${tenants.bluebird}`)
    expect(asBluebird.body.totalDocs).toBe(0)
  })

  it("lets Bluebird's viewer see Bluebird's milestones of one project", async () => {
    const token = await login(app, 'viewer@bluebird.example', DEMO_ADMIN.password)
    const projects = await query(token, 'type=projects')
    expect(projects.body.totalDocs).toBe(5)
    const project = (projects.body.docs[0] as unknown as { id: number }).id
    const milestones = await query(token, `type=milestones&filter[project][equals]=${project}&sort=due`)
    expect(milestones.body.totalDocs).toBe(6)
    expect((await query(token, 'type=shipments')).body.totalDocs).toBe(0)
  })

  it('changes nothing when seeded again', async () => {
    const before = await snapshot()
    const report = await seed(ctx.payload, ctx.settings)
    const created = Object.values(report.demoRecords).flatMap((byType) => Object.values(byType))
    expect(created.length).toBeGreaterThan(0)
    expect(created.every((n) => n === 0)).toBe(true)
    expect(await snapshot()).toEqual(before)
  })
})
