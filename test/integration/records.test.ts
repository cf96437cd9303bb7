/**
 * Record types that staff define, and the records of tenants, through the REST API: who may do
 * what (refusals first), every field kind checked on write, uniqueness and references within one
 * tenant, typed queries through /api/records/query, and type edits that change stored records.
 */
import type { Express } from 'express'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { runQueuedJobs } from '../harness/jobs'
import { createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
const as = (email: string) => ({ email, password: PASSWORD })
type Id = number

const customerType = {
  key: 'customer',
  singularLabel: 'Customer',
  pluralLabel: 'Customers',
  titleField: 'name',
  fields: [
    { key: 'name', label: 'Name', kind: 'text', required: true },
    { key: 'code', label: 'Code', kind: 'text' },
  ],
}

const shipmentType = {
  key: 'shipment',
  singularLabel: 'Shipment',
  pluralLabel: 'Shipments',
  titleField: 'ref',
  statusField: 'stage',
  fields: [
    { key: 'ref', label: 'Reference', kind: 'text', required: true, unique: true, filterable: true, sortable: true },
    { key: 'notes', label: 'Notes', kind: 'long_text', searchable: true },
    { key: 'weight', label: 'Weight', kind: 'number', filterable: true, sortable: true },
    { key: 'value', label: 'Value', kind: 'money', filterable: true, sortable: true },
    { key: 'eta', label: 'ETA', kind: 'date', filterable: true, sortable: true },
    { key: 'departed', label: 'Departed', kind: 'date_time', filterable: true },
    { key: 'fragile', label: 'Fragile', kind: 'boolean', filterable: true },
    {
      key: 'mode',
      label: 'Mode',
      kind: 'choice',
      filterable: true,
      searchable: true,
      choices: [
        { value: 'road', label: 'Road' },
        { value: 'sea', label: 'Sea' },
        { value: 'air', label: 'Air' },
      ],
    },
    {
      key: 'stage',
      label: 'Stage',
      kind: 'status',
      filterable: true,
      statuses: [
        { value: 'booked', label: 'Booked', colour: '#1e88e5', category: 'open' },
        { value: 'late', label: 'Late', colour: '#f4511e', category: 'at_risk' },
        { value: 'delivered', label: 'Delivered', colour: '#43a047', category: 'done' },
      ],
    },
    { key: 'customer', label: 'Customer', kind: 'reference', referenceType: 'customer', filterable: true },
    { key: 'tracking', label: 'Tracking', kind: 'link', filterable: true },
    { key: 'carrier', label: 'Carrier', kind: 'text' },
  ],
}

describeEachDatabase('record types and records', (ctx) => {
  let app: Express
  const tenant: Record<string, Id> = {}
  const tokens: Record<string, string> = {}
  const types: Record<string, Id> = {}
  const customers: Record<string, Id> = {}
  const auth = (who: string) => ({ Authorization: `JWT ${tokens[who]}` })
  const postRecord = (tenantKey: string, data: Record<string, unknown>, typeKey = 'shipment') =>
    request(app)
      .post('/api/records')
      .set(auth('vendor'))
      .send({ type: types[typeKey], tenant: tenant[tenantKey], data })
  const countRecords = async () => (await ctx.payload.count({ collection: Slugs.records })).totalDocs
  const query = (params: string, who = 'vendor') =>
    request(app).get(`/api/records/query?type=shipment&${params}`).set(auth(who))
  const refsOf = (res: request.Response) => {
    if (!Array.isArray(res.body.docs)) throw new Error(`${res.status} ${JSON.stringify(res.body)}`)
    return (res.body.docs as { title: string }[]).map((doc) => doc.title)
  }

  beforeAll(async () => {
    tenant.a = (await createTenant(ctx.payload, 'records-a')).id
    tenant.b = (await createTenant(ctx.payload, 'records-b')).id
    await createVendorAdmin(ctx.payload, as('vendor@records.test'))
    await createClientUser(ctx.payload, as('member@a.test'), tenant.a, BuiltInRoles.clientMember)
    await createClientUser(ctx.payload, as('viewer@b.test'), tenant.b, BuiltInRoles.clientViewer)
    app = await testApp(ctx)
    tokens.vendor = await login(app, 'vendor@records.test', PASSWORD)
    tokens.memberA = await login(app, 'member@a.test', PASSWORD)
    tokens.viewerB = await login(app, 'viewer@b.test', PASSWORD)
  })

  describe('refusals', () => {
    it('answers anonymous callers with 403 on REST and 401 on the query endpoint', async () => {
      expect((await request(app).get('/api/records')).status).toBe(403)
      expect((await request(app).get('/api/record-types')).status).toBe(403)
      expect((await request(app).get('/api/records/query?type=shipment')).status).toBe(401)
    })

    it('refuses record type management to client users (403), storing nothing', async () => {
      const res = await request(app).post('/api/record-types').set(auth('memberA')).send(customerType)
      expect(res.status).toBe(403)
      expect((await ctx.payload.count({ collection: Slugs.recordTypes })).totalDocs).toBe(0)
    })

    it('refuses a type definition with every problem named (400)', async () => {
      const res = await request(app)
        .post('/api/record-types')
        .set(auth('vendor'))
        .send({
          ...customerType,
          key: 'Bad Key',
          fields: [
            { key: 'name', label: 'Name', kind: 'text' },
            { key: 'owner', label: 'Owner', kind: 'reference', referenceType: 'nothing' },
          ],
        })
      expect(res.status).toBe(400)
      const body = JSON.stringify(res.body)
      for (const path of ['"key"', 'titleField', 'fields.1.referenceType']) expect(body).toContain(path)
      expect((await ctx.payload.count({ collection: Slugs.recordTypes })).totalDocs).toBe(0)
    })
  })

  describe('types', () => {
    it('lets staff define types with every field kind, slots assigned and a revision counted', async () => {
      for (const [key, definition] of [
        ['customer', customerType],
        ['shipment', shipmentType],
      ] as const) {
        const res = await request(app).post('/api/record-types').set(auth('vendor')).send(definition)
        expect(res.status).toBe(201)
        expect(res.body.doc.revision).toBe(1)
        types[key] = res.body.doc.id
      }
      const stored = await ctx.payload.findByID({ collection: Slugs.recordTypes, id: types.shipment! })
      expect((stored.slotAssignment as { fields: unknown[] }).fields).toHaveLength(10)
    })

    it("lets client users read a type's labels, not its slot layout", async () => {
      const res = await request(app).get(`/api/record-types/${types.shipment}`).set(auth('memberA'))
      expect(res.status).toBe(200)
      expect(res.body.pluralLabel).toBe('Shipments')
      expect(res.body.slotAssignment).toBeUndefined()
    })

    it('refuses writing the revision or slot layout over the API', async () => {
      const res = await request(app)
        .patch(`/api/record-types/${types.customer}`)
        .set(auth('vendor'))
        .send({ revision: 99, slotAssignment: { fields: [] } })
      expect(res.status).toBe(200)
      expect(res.body.doc.revision).toBe(2)
      expect(res.body.doc.slotAssignment.fields).toHaveLength(1)
    })
  })

  describe('record writes', () => {
    it('refuses records to client users: they read them only (403)', async () => {
      const res = await request(app)
        .post('/api/records')
        .set(auth('memberA'))
        .send({ type: types.shipment, data: { ref: 'X-1' } })
      expect(res.status).toBe(403)
    })

    it('stores a valid record of every kind, normalised, with its title, status and category', async () => {
      customers.a = (await postRecord('a', { name: 'Acme' }, 'customer')).body.doc.id
      customers.b = (await postRecord('b', { name: 'Bolt' }, 'customer')).body.doc.id
      const res = await postRecord('a', {
        ref: 'S-100',
        notes: 'Handle with care',
        weight: 12.5,
        value: { amount: 125000, currency: 'EUR' },
        eta: '2026-03-01',
        departed: '2026-02-20T10:00:00+02:00',
        fragile: true,
        mode: 'sea',
        stage: 'late',
        customer: customers.a,
        tracking: 'https://track.example/S-100',
        carrier: 'Maersk',
      })
      expect(res.status).toBe(201)
      expect(res.body.doc).toMatchObject({
        title: 'S-100',
        status: 'late',
        statusCategory: 'at_risk',
        source: 'manual',
        data: { departed: '2026-02-20T08:00:00.000Z', fragile: true },
      })
      expect(res.body.doc.searchText).toBeUndefined()
      expect(res.body.doc.s1).toBeUndefined()
    })

    it.each([
      ['ref', ''],
      ['weight', '12'],
      ['value', { amount: 1.5, currency: 'EUR' }],
      ['eta', '2026-02-30'],
      ['departed', '2026-02-20 10:00'],
      ['fragile', 'yes'],
      ['mode', 'rail'],
      ['stage', 'lost'],
      ['customer', 'not an id!'],
      ['tracking', 'javascript:alert(1)'],
      ['notes', 42],
    ])('refuses an invalid %s with 400 naming it, storing nothing', async (key, value) => {
      const before = await countRecords()
      const res = await postRecord('a', { ref: `BAD-${key}`, [key]: value })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toContain(`data.${key}`)
      expect(await countRecords()).toBe(before)
    })

    it('lists every invalid field of a record at once', async () => {
      const res = await postRecord('a', { weight: 'heavy', mode: 'rail', unknown: 1 })
      expect(res.status).toBe(400)
      const body = JSON.stringify(res.body)
      for (const key of ['data.ref', 'data.weight', 'data.mode', 'data.unknown']) expect(body).toContain(key)
    })

    it('keeps unique fields unique per tenant: another tenant may share the value', async () => {
      expect((await postRecord('b', { ref: 'S-100', customer: customers.b })).status).toBe(201)
      const before = await countRecords()
      const res = await postRecord('a', { ref: 'S-100' })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toContain('data.ref')
      expect(await countRecords()).toBe(before)
    })

    it('keeps a unique value unique when 20 records claim it at once: one is stored, 19 answer 400', async () => {
      const before = await countRecords()
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => postRecord('a', { ref: 'S-RACE', customer: customers.a })),
      )
      const statuses = answers.map((res) => res.status).sort()
      expect(statuses).toEqual([201, ...Array<number>(19).fill(400)])
      for (const res of answers.filter((answer) => answer.status === 400))
        expect(JSON.stringify(res.body)).toContain('data.ref')
      expect(await countRecords()).toBe(before + 1)
    })

    it("refuses a reference to another tenant's record, or to a record of another type", async () => {
      const foreign = await postRecord('a', { ref: 'S-101', customer: customers.b })
      expect(foreign.status).toBe(400)
      expect(JSON.stringify(foreign.body)).toContain('data.customer')
      const { body } = await postRecord('a', { ref: 'S-102' })
      const wrongType = await postRecord('a', { ref: 'S-103', customer: body.doc.id })
      expect(wrongType.status).toBe(400)
      expect(JSON.stringify(wrongType.body)).toContain('data.customer')
    })

    it("refuses changing a record's type", async () => {
      const { body } = await postRecord('a', { ref: 'S-104' })
      const res = await request(app)
        .patch(`/api/records/${body.doc.id}`)
        .set(auth('vendor'))
        .send({ type: types.customer })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toContain('type')
    })
  })

  describe('queries', () => {
    beforeAll(async () => {
      const rows: [string, Record<string, unknown>][] = [
        ['Q-1', { weight: 5, value: { amount: 1000, currency: 'EUR' }, eta: '2026-01-10', mode: 'road' }],
        ['Q-2', { weight: 15, value: { amount: 5000, currency: 'EUR' }, eta: '2026-02-10', mode: 'air' }],
        ['Q-3', { weight: 25, value: { amount: 9000, currency: 'USD' }, eta: '2026-03-10', mode: 'sea' }],
        ['R-1', { weight: 35, tracking: 'https://carrier.example/track/ABC', fragile: true }],
      ]
      for (const [ref, data] of rows) expect((await postRecord('a', { ref, ...data })).status).toBe(201)
    })

    it('filters by equals and in', async () => {
      expect(refsOf(await query('filter[mode][equals]=road'))).toEqual(['Q-1'])
      expect(refsOf(await query('filter[mode][in]=road,air&sort=ref'))).toEqual(['Q-1', 'Q-2'])
      expect(refsOf(await query('filter[fragile][equals]=true&sort=ref'))).toEqual(['R-1', 'S-100'])
    })

    it('filters ranges of numbers, money and dates', async () => {
      expect(refsOf(await query('filter[weight][gte]=10&filter[weight][lte]=30&sort=ref'))).toEqual([
        'Q-2',
        'Q-3',
        'S-100',
      ])
      expect(refsOf(await query('filter[value][gte]=5000&filter[value][lte]=9000&sort=ref'))).toEqual(['Q-2', 'Q-3'])
      expect(refsOf(await query('filter[eta][gte]=2026-02-01&filter[eta][lte]=2026-02-28&sort=ref'))).toEqual(['Q-2'])
    })

    it('filters by prefix and contains', async () => {
      expect(refsOf(await query('filter[ref][prefix]=Q-&sort=ref'))).toEqual(['Q-1', 'Q-2', 'Q-3'])
      expect(refsOf(await query('filter[tracking][contains]=track/abc'))).toEqual(['R-1'])
    })

    it('sorts ascending and descending, and pages', async () => {
      expect(refsOf(await query('filter[ref][prefix]=Q-&sort=-weight'))).toEqual(['Q-3', 'Q-2', 'Q-1'])
      expect(refsOf(await query('filter[ref][prefix]=Q-&sort=eta'))).toEqual(['Q-1', 'Q-2', 'Q-3'])
      const page = await query('filter[ref][prefix]=Q-&sort=ref&limit=2&page=2')
      expect(refsOf(page)).toEqual(['Q-3'])
      expect(page.body).toMatchObject({ totalDocs: 3, page: 2, totalPages: 2 })
    })

    it("shows a client user only their tenant's records, without the slot columns", async () => {
      const ownRes = await query('filter[ref][equals]=S-100', 'memberA')
      expect(ownRes.status).toBe(200)
      expect(ownRes.body.docs.map((doc: { tenant: Id }) => doc.tenant)).toEqual([tenant.a])
      expect(ownRes.body.docs[0].s1).toBeUndefined()
      expect(ownRes.body.docs[0].searchText).toBeUndefined()
      const other = await query('filter[ref][equals]=S-100', 'viewerB')
      expect(other.body.docs.map((doc: { tenant: Id }) => doc.tenant)).toEqual([tenant.b])
    })

    it.each([
      ['filter[colour][equals]=red', 'colour'],
      ['filter[notes][contains]=care', 'notes'],
      ['filter[carrier][equals]=Maersk', 'carrier'],
      ['filter[mode][gte]=a', 'mode'],
      ['filter[weight][equals]=heavy', 'weight'],
      ['sort=notes', 'notes'],
    ])('answers %s with 400 naming %s', async (params, named) => {
      const res = await query(params)
      expect(res.status).toBe(400)
      expect(res.body.error.message).toContain(named)
    })

    it.each(['tenant=abc', 'filter=abc', 'limit=abc', 'limit=0', 'sort=', 'filter[weight][gte]=', 'type=shipment'])(
      'answers the malformed parameter %s with 400',
      async (params) => {
        const res = await query(params)
        expect(res.status).toBe(400)
      },
    )

    it('refuses a GraphQL where on a data path, too', async () => {
      const res = await request(app)
        .post('/api/graphql')
        .set(auth('vendor'))
        .send({ query: '{ Records(where: { data: { equals: "road" } }) { docs { id } } }' })
      expect(res.body.errors[0].message).toContain('/api/records/query')
      expect(res.body.data.Records).toBeNull()
    })

    it('refuses filters to a user whose rules hide record data (403)', async () => {
      const titlesOnly = await ctx.payload.create({
        collection: Slugs.roles,
        data: {
          name: 'Titles only',
          audience: 'client',
          permissions: [
            { action: 'read', subject: Slugs.records, fields: ['title', 'type', 'tenant'] },
            { action: 'read', subject: Slugs.recordTypes },
          ],
        },
      })
      await ctx.payload.create({
        collection: Slugs.users,
        data: {
          ...as('titles@a.test'),
          name: 'Titles',
          kind: 'client',
          memberships: [{ tenant: tenant.a!, roles: [titlesOnly.id] }],
        },
      })
      tokens.titles = await login(app, 'titles@a.test', PASSWORD)
      expect((await query('filter[weight][gte]=1', 'titles')).status).toBe(403)
      const list = await query('', 'titles')
      expect(list.status).toBe(200)
      expect(list.body.docs[0].data).toBeUndefined()
    })

    it('answers an unknown type with 400', async () => {
      const res = await request(app).get('/api/records/query?type=nothing').set(auth('vendor'))
      expect(res.status).toBe(400)
      expect(res.body.error.id).toBe('unknown_record_type')
    })

    it.each([
      'where[data.mode][equals]=road',
      'where[or][0][data__weight][greater_than]=1',
      'sort=-data.eta',
      'where[s1][equals]=road',
      'sort=n1',
    ])('refuses %s on plain REST with 400 pointing to the query endpoint', async (params) => {
      const res = await request(app).get(`/api/records?${params}`).set(auth('vendor'))
      expect(res.status).toBe(400)
      expect(res.body.error.message).toContain('/api/records/query')
    })
  })

  describe('type edits', () => {
    const patchType = (body: Record<string, unknown>) =>
      request(app).patch(`/api/record-types/${types.shipment}`).set(auth('vendor')).send(body)
    const fieldsWith = (change: (field: Record<string, unknown>) => Record<string, unknown>) =>
      shipmentType.fields.map((field) => change({ ...field }))

    // Stored records get the new slot from a migration in the background (test/integration/typeMigrations.test.ts).
    it('makes a field filterable at once; stored records match its filter once their migration has run', async () => {
      expect((await query('filter[carrier][equals]=Maersk')).status).toBe(400)
      const res = await patchType({
        fields: fieldsWith((field) => (field.key === 'carrier' ? { ...field, filterable: true } : field)),
      })
      expect(res.status).toBe(200)
      expect(res.body.doc.migrating).toBe(true)
      expect(refsOf(await query('filter[carrier][equals]=Maersk'))).toEqual([])
      await runQueuedJobs(ctx.payload)
      expect(refsOf(await query('filter[carrier][equals]=Maersk'))).toEqual(['S-100'])
    })

    it('refuses an edit that removes values until confirmed, naming how many records it affects', async () => {
      const withoutAir = fieldsWith((field) =>
        field.key === 'mode'
          ? { ...field, choices: (field.choices as { value: string }[]).filter((choice) => choice.value !== 'air') }
          : field.key === 'carrier'
            ? { ...field, filterable: true }
            : field,
      )
      const refused = await patchType({ fields: withoutAir })
      expect(refused.status).toBe(409)
      expect(refused.body.error.message).toContain('air')
      expect(refused.body.error.message).toMatch(/\(1 of \d+ records\)/)
      expect(refsOf(await query('filter[mode][equals]=air'))).toEqual(['Q-2'])

      const confirmed = await patchType({ fields: withoutAir, confirmDestructiveChange: true })
      expect(confirmed.status).toBe(200)
      await runQueuedJobs(ctx.payload)
      expect((await query('filter[mode][equals]=air')).status).toBe(200)
      expect(refsOf(await query('filter[mode][equals]=air'))).toEqual([])
      const q2 = await query('filter[ref][equals]=Q-2')
      expect(q2.body.docs[0].data.mode).toBeUndefined()
      expect(q2.body.docs[0].data.weight).toBe(15)
    })

    it('refuses deleting a type that records are of, or that another type points to (409)', async () => {
      const inUse = await request(app).delete(`/api/record-types/${types.customer}`).set(auth('vendor'))
      expect(inUse.status).toBe(409)
      expect(inUse.body.error.id).toBe('record_type_in_use')
      const create = (definition: Record<string, unknown>) =>
        request(app).post('/api/record-types').set(auth('vendor')).send(definition)
      const depot = await create({ ...customerType, key: 'depot', singularLabel: 'Depot', pluralLabel: 'Depots' })
      const route = await create({
        ...customerType,
        key: 'route',
        fields: [...customerType.fields, { key: 'depot', label: 'Depot', kind: 'reference', referenceType: 'depot' }],
      })
      const pointedTo = await request(app).delete(`/api/record-types/${depot.body.doc.id}`).set(auth('vendor'))
      expect(pointedTo.status).toBe(409)
      expect(pointedTo.body.error.message).toContain('route')
      expect((await request(app).delete(`/api/record-types/${route.body.doc.id}`).set(auth('vendor'))).status).toBe(200)
      expect((await request(app).delete(`/api/record-types/${depot.body.doc.id}`).set(auth('vendor'))).status).toBe(200)
    })
  })
})
