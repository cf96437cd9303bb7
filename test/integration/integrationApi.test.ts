/**
 * The integration API: systems that hold an integration account's API key keep a tenant's records
 * in step with their own. Refusals first (no key, a bad key, a key in the query string, a role that
 * only reads, another tenant's records), then upserts by external id, their validation and races.
 */
import type { Express } from 'express'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import type { RecordType } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { builtInRoles, createClientUser, createTenant } from '../harness/users'

type Id = number
const BASE = '/api/integrations/v1/records'

const shipmentType = {
  key: 'shipment',
  singularLabel: 'Shipment',
  pluralLabel: 'Shipments',
  titleField: 'ref',
  fields: [
    { key: 'ref', label: 'Reference', kind: 'text', required: true },
    { key: 'weight', label: 'Weight', kind: 'number' },
    { key: 'eta', label: 'ETA', kind: 'date' },
  ],
} satisfies Omit<RecordType, 'id' | 'createdAt' | 'updatedAt'>

describeEachDatabase('integration API', (ctx) => {
  let app: Express
  const tenant: Record<string, Id> = {}
  const keys: Record<string, string> = {}
  const auth = (who: string) => ({ Authorization: `${Slugs.integrationAccounts} API-Key ${keys[who]}` })
  const put = (who: string, externalId: string, body: Record<string, unknown>, source = 'erp') =>
    request(app).put(`${BASE}/shipment/${source}/${externalId}`).set(auth(who)).send(body)
  const recordsOf = (externalId: string) =>
    ctx.payload.find({ collection: Slugs.records, where: { externalId: { equals: externalId } }, depth: 0 })

  beforeAll(async () => {
    tenant.a = (await createTenant(ctx.payload, 'integration-a')).id
    tenant.b = (await createTenant(ctx.payload, 'integration-b')).id
    const roles = await builtInRoles(ctx.payload)
    await ctx.payload.create({ collection: Slugs.recordTypes, data: shipmentType })
    const account = async (who: string, tenantId: Id | undefined, role: Id) => {
      keys[who] = `key-${who}-${'x'.repeat(24)}`
      await ctx.payload.create({
        collection: Slugs.integrationAccounts,
        data: { name: who, tenant: tenantId, roles: [role], enableAPIKey: true, apiKey: keys[who] },
      })
    }
    // People whose ids the accounts share: an account is never taken for the person with its id.
    for (const n of [1, 2, 3]) {
      await createClientUser(
        ctx.payload,
        { email: `person${n}@a.test`, password: 'correct-horse-battery' },
        tenant.a,
        BuiltInRoles.clientViewer,
      )
    }
    await account('writerA', tenant.a, roles[BuiltInRoles.integrationWriter])
    await account('writerB', tenant.b, roles[BuiltInRoles.integrationWriter])
    await account('viewerA', tenant.a, roles[BuiltInRoles.clientViewer])
    await account('vendorWide', undefined, roles[BuiltInRoles.vendorAdmin])
    app = await testApp(ctx)
  })

  describe('refusals', () => {
    it('answers 401 without a key and with a key that matches no account', async () => {
      const none = await request(app)
        .put(`${BASE}/shipment/erp/S-1`)
        .send({ data: { ref: 'S-1' } })
      expect(none.status).toBe(401)
      keys.wrong = 'not-a-key-of-anyone-at-all'
      expect((await put('wrong', 'S-1', { data: { ref: 'S-1' } })).status).toBe(401)
      expect((await recordsOf('S-1')).totalDocs).toBe(0)
    })

    it('refuses an API key in the query string with 400 naming the problem', async () => {
      const res = await request(app)
        .put(`${BASE}/shipment/erp/S-1?apiKey=${keys.writerA}`)
        .set(auth('writerA'))
        .send({ data: { ref: 'S-1' } })
      expect(res.status).toBe(400)
      expect(res.body.error.id).toBe('api_key_in_query')
      expect(res.body.error.message).toContain('Authorization header')
    })

    it('answers 403 to an account whose role only reads records, storing nothing', async () => {
      expect((await put('viewerA', 'S-1', { data: { ref: 'S-1' } })).status).toBe(403)
      expect((await recordsOf('S-1')).totalDocs).toBe(0)
    })

    it('refuses staff roles on an account bound to a tenant (400)', async () => {
      const roles = await builtInRoles(ctx.payload)
      await expect(
        ctx.payload.create({
          collection: Slugs.integrationAccounts,
          data: { name: 'too much', tenant: tenant.a, roles: [roles[BuiltInRoles.vendorAdmin]] },
        }),
      ).rejects.toMatchObject({ status: 400 })
    })

    it('refuses client roles on a vendor-wide account (400)', async () => {
      const roles = await builtInRoles(ctx.payload)
      await expect(
        ctx.payload.create({
          collection: Slugs.integrationAccounts,
          data: { name: 'no tenant', roles: [roles[BuiltInRoles.integrationWriter]] },
        }),
      ).rejects.toMatchObject({ status: 400 })
    })

    it('never takes an account for the person who shares its id (rules on ${user.id})', async () => {
      // The viewer role reads users only where id is \${user.id}; for an account that rule is dropped.
      expect((await request(app).get('/api/users').set(auth('viewerA'))).status).toBe(403)
    })

    it('answers 400 for a type the account cannot see', async () => {
      const res = await request(app).put(`${BASE}/nothing/erp/S-1`).set(auth('writerA')).send({ data: {} })
      expect(res.status).toBe(400)
      expect(res.body.error.id).toBe('unknown_record_type')
    })
  })

  describe('upsert one record', () => {
    let id: Id

    it('creates the record in the account’s tenant (201)', async () => {
      const res = await put('writerA', 'S-1', { data: { ref: 'S-1', weight: 3 }, syncedAt: '2026-01-02T03:04:05Z' })
      expect(res.status).toBe(201)
      expect(res.body.doc).toMatchObject({ title: 'S-1', source: 'erp', externalId: 'S-1', tenant: tenant.a })
      expect(res.body.doc.syncedAt).toBe('2026-01-02T03:04:05.000Z')
      id = res.body.doc.id
    })

    it('updates the same record on the next upsert of the external id (200)', async () => {
      const res = await put('writerA', 'S-1', { data: { ref: 'S-1', weight: 4 } })
      expect(res.status).toBe(200)
      expect(res.body.doc.id).toBe(id)
      expect(res.body.doc.data.weight).toBe(4)
      expect((await recordsOf('S-1')).totalDocs).toBe(1)
    })

    it("answers 404 to another tenant's account for the record, and keeps its upserts apart", async () => {
      expect((await request(app).get(`/api/records/${id}`).set(auth('writerB'))).status).toBe(404)
      expect((await request(app).delete(`/api/records/${id}`).set(auth('writerB'))).status).toBe(404)
      const res = await put('writerB', 'S-1', { data: { ref: 'B-1' } })
      expect(res.status).toBe(201)
      expect(res.body.doc.tenant).toBe(tenant.b)
      const a = await ctx.payload.findByID({ collection: Slugs.records, id, depth: 0 })
      expect((a.data as { ref: string }).ref).toBe('S-1')
    })

    it('lets a vendor-wide account act as staff, writing the tenant it names', async () => {
      const res = await put('vendorWide', 'V-1', { data: { ref: 'V-1' }, tenant: tenant.b })
      expect(res.status).toBe(201)
      expect(res.body.doc.tenant).toBe(tenant.b)
    })

    it('refuses invalid data with 400 naming every field, storing nothing', async () => {
      const res = await put('writerA', 'S-2', { data: { weight: 'heavy', eta: 'soon' } })
      expect(res.status).toBe(400)
      const body = JSON.stringify(res.body)
      for (const field of ['data.ref', 'data.weight', 'data.eta']) expect(body).toContain(field)
      expect((await recordsOf('S-2')).totalDocs).toBe(0)
    })

    it('makes exactly one record of 20 concurrent upserts of one external id', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => put('writerA', 'S-RACE', { data: { ref: 'S-RACE', weight: i } })),
      )
      expect(results.map((res) => res.status).sort((x, y) => x - y)).toEqual([...Array<number>(19).fill(200), 201])
      expect((await recordsOf('S-RACE')).totalDocs).toBe(1)
    })
  })

  describe('batch', () => {
    const batch = (items: unknown[], source = 'tms') =>
      request(app).post(`${BASE}/shipment/batch`).set(auth('writerA')).send({ source, items })

    it('answers each item on its own: good ones stored, a bad one stores nothing and fails nothing else', async () => {
      await put('writerA', 'B-2', { data: { ref: 'B-2' } }, 'tms')
      const res = await batch([
        { externalId: 'B-1', data: { ref: 'B-1' } },
        { externalId: 'B-2', data: { ref: 'B-2', weight: 7 } },
        { externalId: 'B-3', data: { weight: 'heavy' } },
        { data: { ref: 'no id' } },
      ])
      expect(res.status).toBe(200)
      expect(res.body.results).toMatchObject([
        { externalId: 'B-1', status: 201 },
        { externalId: 'B-2', status: 200 },
        { externalId: 'B-3', status: 400 },
        { status: 400, errors: [{ path: 'externalId' }] },
      ])
      const paths = (res.body.results[2].errors as { path: string }[]).map((error) => error.path)
      expect(paths).toEqual(expect.arrayContaining(['data.ref', 'data.weight']))
      expect((await recordsOf('B-1')).totalDocs).toBe(1)
      expect((await recordsOf('B-3')).totalDocs).toBe(0)
    })

    it('takes 1,000 items and refuses 1,001 with 413 naming the limit', async () => {
      const items = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ externalId: `M-${i}`, data: { ref: `M-${i}` } }))
      const tooMany = await batch(items(1001))
      expect(tooMany.status).toBe(413)
      expect(tooMany.body.error.message).toContain('1000')
      const res = await batch(items(1000), 'bulk')
      expect(res.status).toBe(200)
      expect((res.body.results as { status: number }[]).every((item) => item.status === 201)).toBe(true)
    }, 120_000)
  })

  describe('Idempotency-Key', () => {
    const post = (key: string, externalId: string, who = 'writerA') =>
      request(app)
        .post(`${BASE}/shipment/batch`)
        .set(auth(who))
        .set('Idempotency-Key', key)
        .send({ source: 'idem', items: [{ externalId, data: { ref: externalId } }] })

    it('replays the first response to the same key and body, without a second effect', async () => {
      const first = await post('k-1', 'I-1')
      expect(first.body.results[0].status).toBe(201)
      const before = (await recordsOf('I-1')).docs
      const again = await post('k-1', 'I-1')
      expect(again.status).toBe(200)
      expect(again.headers['idempotent-replayed']).toBe('true')
      expect(again.body).toEqual(first.body)
      // no second effect: the one record is exactly as the first request left it
      expect((await recordsOf('I-1')).docs).toEqual(before)
      expect(before).toHaveLength(1)
    })

    it('answers 422 to the same key with another body', async () => {
      const res = await post('k-1', 'I-OTHER')
      expect(res.status).toBe(422)
      expect(res.body.error.id).toBe('idempotency_key_reused')
      expect((await recordsOf('I-OTHER')).totalDocs).toBe(0)
    })

    it('keeps keys apart per account', async () => {
      const res = await post('k-1', 'I-1', 'writerB')
      expect(res.body.results[0].status).toBe(201)
      expect(res.headers['idempotent-replayed']).toBeUndefined()
    })

    it('gives two concurrent requests with one key one effect and one response', async () => {
      const [one, two] = await Promise.all([post('k-race', 'I-RACE'), post('k-race', 'I-RACE')])
      expect([one.status, two.status]).toEqual([200, 200])
      expect(one.body).toEqual(two.body)
      expect(one.body.results[0].status).toBe(201)
      expect((await recordsOf('I-RACE')).totalDocs).toBe(1)
    })

    it('keeps the stored responses from clients: staff only', async () => {
      expect((await request(app).get('/api/idempotency-keys').set(auth('writerA'))).status).toBe(403)
    })
  })

  describe('delete', () => {
    const del = (who: string, externalId: string) =>
      request(app).delete(`${BASE}/shipment/erp/${externalId}`).set(auth(who))

    it("answers 404 to another tenant's account and deletes for the record's own", async () => {
      const { body } = await put('writerA', 'D-1', { data: { ref: 'D-1' } })
      expect((await del('writerB', 'D-1')).status).toBe(404)
      const res = await del('writerA', 'D-1')
      expect(res.status).toBe(200)
      expect(res.body.id).toBe(body.doc.id)
      expect((await recordsOf('D-1')).totalDocs).toBe(0)
      expect((await del('writerA', 'D-1')).status).toBe(404)
    })
  })

  describe('changes feed', () => {
    const changes = (who: string, params: string) =>
      request(app).get(`${BASE}/shipment/changes?${params}`).set(auth(who))

    it('pages through every visible change once, oldest first, and resumes after the cursor', async () => {
      const seen: string[] = []
      let cursor: string | undefined
      for (let page = 0; page < 100; page++) {
        const res = await changes('writerA', `limit=100${cursor ? `&since=${cursor}` : ''}`)
        expect(res.status).toBe(200)
        const docs = res.body.docs as { externalId: string; tenant: Id; updatedAt: string }[]
        expect(docs.every((doc) => doc.tenant === tenant.a)).toBe(true)
        seen.push(...docs.map((doc) => doc.externalId))
        cursor = res.body.nextCursor
        if (!res.body.hasMore) break
      }
      const { totalDocs } = await ctx.payload.count({
        collection: Slugs.records,
        where: { tenant: { equals: tenant.a } },
      })
      expect(seen).toHaveLength(totalDocs)
      expect(new Set(seen).size).toBe(totalDocs)
      const idle = await changes('writerA', `since=${cursor}`)
      expect(idle.body).toMatchObject({ docs: [], nextCursor: cursor })
      await put('writerA', 'S-1', { data: { ref: 'S-1', weight: 5 } })
      const next = await changes('writerA', `since=${cursor}`)
      expect((next.body.docs as { externalId: string }[]).map((doc) => doc.externalId)).toEqual(['S-1'])
    }, 60_000)

    it('refuses a cursor it did not give and a limit out of range (400)', async () => {
      expect((await changes('writerA', 'since=not-a-cursor')).body.error.id).toBe('invalid_query_parameter')
      expect((await changes('writerA', 'limit=5000')).status).toBe(400)
    })
  })

  describe('OpenAPI document', () => {
    it('answers 401 without a key', async () => {
      expect((await request(app).get('/api/integrations/v1/openapi.json')).status).toBe(401)
    })

    it('describes the API in OpenAPI 3.1 with a schema per type holding each field', async () => {
      const res = await request(app).get('/api/integrations/v1/openapi.json').set(auth('writerA'))
      expect(res.status).toBe(200)
      const doc = res.body as {
        openapi: string
        paths: Record<string, Record<string, unknown>>
        components: { schemas: Record<string, { properties: Record<string, { type: unknown }>; required: string[] }> }
      }
      expect(doc.openapi).toBe('3.1.0')
      expect(Object.keys(doc.paths['/api/integrations/v1/records/shipment/{source}/{externalId}']!)).toEqual(
        expect.arrayContaining(['put', 'delete']),
      )
      expect(doc.paths['/api/integrations/v1/records/shipment/batch']!.post).toBeDefined()
      expect(doc.paths['/api/integrations/v1/records/shipment/changes']!.get).toBeDefined()
      const shipment = doc.components.schemas.shipment!
      expect(Object.keys(shipment.properties).sort()).toEqual(shipmentType.fields.map((field) => field.key).sort())
      expect(shipment.properties.weight!.type).toBe('number')
      expect(shipment.required).toEqual(['ref'])
      // Every $ref points at a schema the document holds.
      const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[a-zA-Z_]+/g) ?? []
      for (const ref of refs) expect(doc.components.schemas[ref.split('/').at(-1)!]).toBeDefined()
    })
  })
})
