/**
 * Tenant isolation, generated from the Payload config: every tenant-owned collection (whatever adds
 * it, later ones included) is probed through REST, GraphQL and the Local API by a client user of
 * tenant A who holds a role allowing everything, against documents of tenant B. Nothing of B may be
 * seen, changed or confirmed to exist (404, not 403).
 */
import type { Express } from 'express'
import { formatNames, type CollectionSlug, type Payload, type SanitizedCollectionConfig } from 'payload'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { atriumCustom } from '../../src/access/catalogue'
import { TENANT_FIELD } from '../../src/access/tenantOwned'
import type { User } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { sampleDocument } from '../harness/sampleDocuments'
import { createTenant } from '../harness/users'

const PROBE = { email: 'probe@tenant-a.example', password: 'correct-horse-battery' }
type Id = number | string

/** The collections that hold tenant data, as the running config declares them. */
const tenantOwnedOf = (payload: Payload) =>
  payload.config.collections.filter((collection) => atriumCustom(collection).tenantScope === TENANT_FIELD)

describeEachDatabase('tenant isolation, for every tenant-owned collection', (ctx) => {
  let app: Express
  let token: string
  let tenantA: Id
  let tenantB: Id
  let probe: User
  const docs = new Map<string, { a: Id; b: Id; bDoc: Record<string, unknown> }>()

  beforeAll(async () => {
    tenantA = (await createTenant(ctx.payload, 'tenant-a')).id
    tenantB = (await createTenant(ctx.payload, 'tenant-b')).id
    // A client role that allows every action on every collection: only the confinement to the
    // user's tenant stands between them and tenant B.
    const everything = await ctx.payload.create({
      collection: Slugs.roles,
      data: { name: 'Isolation probe', audience: 'client', permissions: [{ action: 'manage', subject: 'all' }] },
    })
    probe = await ctx.payload.create({
      collection: Slugs.users,
      data: {
        ...PROBE,
        name: 'Probe',
        kind: 'client',
        memberships: [{ tenant: tenantA as number, roles: [everything.id] }],
      },
    })
    for (const collection of tenantOwnedOf(ctx.payload)) {
      const make = async (tenant: Id) => ctx.payload.create(await sampleDocument(ctx.payload, collection, tenant))
      const a = await make(tenantA)
      const b = await make(tenantB)
      docs.set(collection.slug, { a: a.id, b: b.id, bDoc: b as unknown as Record<string, unknown> })
    }
    app = await testApp(ctx)
    token = await login(app, PROBE.email, PROBE.password)
  })

  it('finds tenant-owned collections to probe (media at least)', () => {
    expect(tenantOwnedOf(ctx.payload).map((c) => c.slug)).toContain(Slugs.media)
  })

  const each = (name: string, probeCollection: (collection: SanitizedCollectionConfig) => Promise<void>) =>
    it(name, async () => {
      for (const collection of tenantOwnedOf(ctx.payload)) await probeCollection(collection)
    })
  const auth = () => ({ Authorization: `JWT ${token}` })
  const stillThere = async (slug: string, id: Id) =>
    Boolean(await ctx.payload.findByID({ collection: slug as CollectionSlug, id, disableErrors: true, depth: 0 }))

  each("answers 404 for another tenant's document on REST read, update and delete", async ({ slug }) => {
    const { b } = docs.get(slug)!
    expect((await request(app).get(`/api/${slug}/${b}`).set(auth())).status).toBe(404)
    expect((await request(app).patch(`/api/${slug}/${b}`).set(auth()).send({})).status).toBe(404)
    expect((await request(app).delete(`/api/${slug}/${b}`).set(auth())).status).toBe(404)
    expect(await stillThere(slug, b)).toBe(true)
  })

  each("returns nothing for a where-query naming another tenant's ids or tenant", async ({ slug }) => {
    const { a, b } = docs.get(slug)!
    const byId = await request(app).get(`/api/${slug}?where[id][in]=${a},${b}&depth=0`).set(auth())
    expect(byId.status).toBe(200)
    expect(byId.body.docs.map((doc: { id: Id }) => String(doc.id))).toEqual([String(a)])
    const byTenant = await request(app).get(`/api/${slug}?where[${TENANT_FIELD}][equals]=${tenantB}`).set(auth())
    expect(byTenant.body.docs).toEqual([])
    const count = await request(app).get(`/api/${slug}/count?where[id][equals]=${b}`).set(auth())
    expect(count.body.totalDocs).toBe(0)
  })

  each('touches nothing of another tenant in bulk update or delete by where', async ({ slug }) => {
    const { b } = docs.get(slug)!
    const before = await ctx.payload.findByID({ collection: slug as CollectionSlug, id: b, depth: 0 })
    await request(app)
      .patch(`/api/${slug}?where[id][equals]=${b}`)
      .set(auth())
      .send({ [TENANT_FIELD]: tenantA })
    await request(app).delete(`/api/${slug}?where[${TENANT_FIELD}][equals]=${tenantB}`).set(auth())
    const after = await ctx.payload.findByID({ collection: slug as CollectionSlug, id: b, depth: 0 })
    expect(after).toEqual(before)
  })

  each('refuses a create that names another tenant, storing nothing there', async (collection) => {
    const sample = await sampleDocument(ctx.payload, collection, tenantB)
    const before = await ctx.payload.count({
      collection: collection.slug as CollectionSlug,
      where: { [TENANT_FIELD]: { equals: tenantB } },
    })
    const res = collection.upload
      ? await request(app)
          .post(`/api/${collection.slug}`)
          .set(auth())
          .field('_payload', JSON.stringify(sample.data))
          .attach('file', Buffer.from(sample.file!.data), {
            filename: sample.file!.name,
            contentType: sample.file!.mimetype,
          })
      : await request(app).post(`/api/${collection.slug}`).set(auth()).send(sample.data)
    expect([403, 404]).toContain(res.status)
    const after = await ctx.payload.count({
      collection: collection.slug as CollectionSlug,
      where: { [TENANT_FIELD]: { equals: tenantB } },
    })
    expect(after.totalDocs).toBe(before.totalDocs)
  })

  each("hides another tenant's document from GraphQL reads and refuses GraphQL changes", async ({ slug }) => {
    const { b } = docs.get(slug)!
    const names = formatNames(slug)
    // Payload's GraphQL prefixes a plural that equals its singular (media) with "all".
    const { singular } = names
    const plural = names.plural === singular ? `all${singular}` : names.plural
    const graphql = (query: string) => request(app).post('/api/graphql').set(auth()).send({ query })
    const one = await graphql(`{ ${singular}(id: ${JSON.stringify(b)}) { id } }`)
    expect(one.body.data?.[singular] ?? null).toBeNull()
    const list = await graphql(`{ ${plural}(where: { id: { equals: ${JSON.stringify(b)} } }) { docs { id } } }`)
    expect(list.body.data[plural].docs).toEqual([])
    const del = await graphql(`mutation { delete${singular}(id: ${JSON.stringify(b)}) { id } }`)
    expect(del.body.data?.[`delete${singular}`] ?? null).toBeNull()
    expect(await stillThere(slug, b)).toBe(true)
  })

  each("hides another tenant's document from the Local API with overrideAccess: false", async ({ slug }) => {
    const { b } = docs.get(slug)!
    const collection = slug as CollectionSlug
    const asProbe = { overrideAccess: false, user: probe } as const
    await expect(ctx.payload.findByID({ collection, id: b, ...asProbe })).rejects.toMatchObject({ status: 404 })
    const found = await ctx.payload.find({ collection, where: { id: { equals: b } }, ...asProbe })
    expect(found.docs).toEqual([])
    await expect(ctx.payload.delete({ collection, id: b, ...asProbe })).rejects.toMatchObject({ status: 404 })
    expect(await stillThere(slug, b)).toBe(true)
  })

  each("does not populate a relationship to another tenant's document", async ({ slug }) => {
    // Tenants point at media (their logo); as the system, give tenant A the other tenant's file.
    if (slug !== Slugs.media) return
    await ctx.payload.update({
      collection: Slugs.tenants,
      id: tenantA,
      data: { branding: { logo: docs.get(slug)!.b as number } },
    })
    const res = await request(app).get(`/api/${Slugs.tenants}/${tenantA}?depth=1`).set(auth())
    expect(res.status).toBe(200)
    expect(typeof res.body.branding.logo === 'object' && res.body.branding.logo !== null).toBe(false)
  })

  each("refuses another tenant's uploaded file and its versions", async (collection) => {
    const { bDoc } = docs.get(collection.slug)!
    if (collection.upload) {
      const file = await request(app)
        .get(`/api/${collection.slug}/file/${String(bDoc.filename)}`)
        .set(auth())
      expect([403, 404]).toContain(file.status)
      const anonymous = await request(app).get(`/api/${collection.slug}/file/${String(bDoc.filename)}`)
      expect([403, 404]).toContain(anonymous.status)
    }
    if (collection.versions) {
      const versions = await request(app)
        .get(`/api/${collection.slug}/versions?where[parent][equals]=${String(bDoc.id)}`)
        .set(auth())
      expect(versions.body.docs ?? []).toEqual([])
    }
  })

  it("lists another tenant's jobs nowhere (no job queue is configured yet)", async () => {
    const jobs = ctx.payload.config.collections.find((collection) => String(collection.slug) === 'payload-jobs')
    if (!jobs) return
    const res = await request(app).get('/api/payload-jobs').set(auth())
    expect([403, 404]).toContain(res.status)
  })
})
