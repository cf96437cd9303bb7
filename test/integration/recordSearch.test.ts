/**
 * Full-text search of records through `GET /api/records/query?q=`: refusals first, then what a
 * search finds (words, parts of codes, short word starts, labels of choices), that q is plain text
 * whatever search syntax it holds, that the index follows writes, tenant isolation, field rules,
 * and search combined with filters, sorts and pages.
 */
import { pushDevSchema } from '@payloadcms/drizzle'
import type { Express } from 'express'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { SEARCH_INDEX_OBJECTS, searchIndexObjects } from '../harness/sqlStatements'
import { createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
const as = (email: string) => ({ email, password: PASSWORD })

const parcelType = {
  key: 'parcel',
  singularLabel: 'Parcel',
  pluralLabel: 'Parcels',
  titleField: 'ref',
  statusField: 'stage',
  fields: [
    { key: 'ref', label: 'Reference', kind: 'text', required: true, unique: true, searchable: true, sortable: true },
    { key: 'notes', label: 'Notes', kind: 'long_text', searchable: true },
    { key: 'carrier', label: 'Carrier', kind: 'text', searchable: true },
    { key: 'weight', label: 'Weight', kind: 'number', filterable: true, sortable: true },
    {
      key: 'mode',
      label: 'Mode',
      kind: 'choice',
      searchable: true,
      choices: [
        { value: 'road', label: 'Road' },
        { value: 'sea', label: 'Sea freight' },
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
      ],
    },
    { key: 'internal', label: 'Internal code', kind: 'text' },
  ],
}

// Created in this order, so newest first is the reverse.
const PARCELS: [tenant: 'a' | 'b', data: Record<string, unknown>][] = [
  [
    'a',
    {
      ref: 'SHP-1042',
      notes: 'Pallets to London Heathrow',
      carrier: 'Maersk',
      weight: 10,
      mode: 'sea',
      stage: 'booked',
      internal: 'secret-lion',
    },
  ],
  [
    'a',
    { ref: 'SHP-1099', notes: 'Boxes for New York NY 10001', carrier: 'DHL', weight: 20, mode: 'air', stage: 'late' },
  ],
  [
    'a',
    {
      ref: 'SHP-2001',
      notes: 'rate 10% off, item a_b, path C:\\dir "quoted" (x)',
      carrier: 'Maersk',
      weight: 30,
      mode: 'road',
      stage: 'booked',
    },
  ],
  [
    'a',
    {
      ref: 'SHP-2002',
      notes: 'rate 100 off, item axb, Tokyo',
      carrier: 'Kühne + Nagel 🚢',
      weight: 40,
      mode: 'sea',
      stage: 'late',
    },
  ],
  ['b', { ref: 'SHP-1042', notes: 'London depot', carrier: 'Maersk', weight: 50, stage: 'booked' }],
  ['b', { ref: 'SHP-3000', notes: 'Paris', carrier: 'UPS', weight: 60, stage: 'late' }],
]

describeEachDatabase('record search', (ctx) => {
  let app: Express
  const tenant: Record<string, number> = {}
  const tokens: Record<string, string> = {}
  const ids: Record<string, number> = {}
  const auth = (who: string) => ({ Authorization: `JWT ${tokens[who]}` })
  const search = (params: string, who = 'vendor') =>
    request(app).get(`/api/records/query?type=parcel&${params}`).set(auth(who))
  /** The records found, as `ref@tenant`, in the order given. */
  const found = async (params: string, who = 'vendor') => {
    const res = await search(params, who)
    if (res.status !== 200) throw new Error(`${params}: ${res.status} ${JSON.stringify(res.body)}`)
    const tenantKey = (id: number) => Object.keys(tenant).find((key) => tenant[key] === id)
    return (res.body.docs as { title: string; tenant: number }[]).map((doc) => `${doc.title}@${tenantKey(doc.tenant)}`)
  }
  const q = (text: string) => `q=${encodeURIComponent(text)}`

  beforeAll(async () => {
    tenant.a = (await createTenant(ctx.payload, 'search-a')).id
    tenant.b = (await createTenant(ctx.payload, 'search-b')).id
    await createVendorAdmin(ctx.payload, as('vendor@search.test'))
    await createClientUser(ctx.payload, as('member@a.test'), tenant.a, BuiltInRoles.clientMember)
    await createClientUser(ctx.payload, as('member@b.test'), tenant.b, BuiltInRoles.clientMember)
    const role = (name: string, permissions: unknown[]) =>
      ctx.payload.create({ collection: Slugs.roles, data: { name, audience: 'client', permissions } as never })
    const readTypes = { action: 'read', subject: Slugs.recordTypes }
    const titles = { action: 'read', subject: Slugs.records, fields: ['title', 'type', 'tenant', 'status'] }
    const titlesOnly = await role('Titles only', [titles, readTypes])
    // Sees every record's title, and all of booked records, their data included.
    const bookedData = await role('Booked data', [
      titles,
      { action: 'read', subject: Slugs.records, conditions: [{ field: 'status', operator: 'eq', value: 'booked' }] },
      readTypes,
    ])
    for (const [email, roleId] of [
      ['titles@a.test', titlesOnly.id],
      ['booked@a.test', bookedData.id],
    ] as const) {
      await ctx.payload.create({
        collection: Slugs.users,
        data: { ...as(email), name: email, kind: 'client', memberships: [{ tenant: tenant.a!, roles: [roleId] }] },
      })
    }
    app = await testApp(ctx)
    for (const [who, email] of [
      ['vendor', 'vendor@search.test'],
      ['memberA', 'member@a.test'],
      ['memberB', 'member@b.test'],
      ['titles', 'titles@a.test'],
      ['booked', 'booked@a.test'],
    ] as const)
      tokens[who] = await login(app, email, PASSWORD)
    const type = await request(app).post('/api/record-types').set(auth('vendor')).send(parcelType)
    expect(type.status).toBe(201)
    for (const [tenantKey, data] of PARCELS) {
      const res = await request(app)
        .post('/api/records')
        .set(auth('vendor'))
        .send({ type: type.body.doc.id, tenant: tenant[tenantKey], data })
      expect(res.status).toBe(201)
      ids[`${String(data.ref)}@${tenantKey}`] = res.body.doc.id
    }
  })

  describe('refusals', () => {
    it('answers anonymous callers with 401', async () => {
      expect((await request(app).get('/api/records/query?type=parcel&q=london')).status).toBe(401)
    })

    it.each([
      ['empty', 'q='],
      ['blank', 'q=%20%09%20'],
      ['longer than 200 characters', q('x'.repeat(201))],
      ['an array', 'q[]=london'],
      ['given twice', 'q=london&q=paris'],
      ['an object', 'q[a]=london'],
      ['holding a NUL', 'q=lon%00don'],
      ['a lone symbol', q('*')],
      ['short symbols only', q('% _ "" () \\\\')],
      ['17 words', q(Array.from({ length: 17 }, (_, i) => `word${i}`).join(' '))],
    ])('refuses q %s with 400 invalid_query_parameter naming q', async (_, params) => {
      const res = await search(params)
      expect(res.status).toBe(400)
      expect(res.body.error.id).toBe('invalid_query_parameter')
      expect(res.body.error.message).toContain('"q"')
    })

    it('accepts 200 characters', async () => {
      expect((await search(q('x'.repeat(200)))).status).toBe(200)
    })

    it('refuses search to a user whose rules hide record data (403), though they may list titles', async () => {
      const res = await search(q('london'), 'titles')
      expect(res.status).toBe(403)
      expect(res.body.error.message).toContain('search')
      expect((await search('', 'titles')).status).toBe(200)
    })

    it('refuses a where on the search text over plain REST and GraphQL', async () => {
      const rest = await request(app).get('/api/records?where[searchText][contains]=london').set(auth('vendor'))
      expect(rest.status).toBe(400)
      expect(rest.body.error.message).toContain('/api/records/query')
      const graphql = await request(app)
        .post('/api/graphql')
        .set(auth('memberA'))
        .send({ query: '{ Records(where: { searchText: { contains: "london" } }) { docs { id } } }' })
      expect(graphql.body.errors?.length).toBeGreaterThan(0)
      expect(graphql.body.data?.Records ?? null).toBeNull()
    })

    it('never shows the search text, even to those who ask for it', async () => {
      const rest = await request(app).get('/api/records?select[searchText]=true&depth=0').set(auth('memberA'))
      expect(rest.status).toBe(200)
      expect(rest.body.docs.length).toBeGreaterThan(0)
      expect(rest.body.docs.filter((doc: object) => 'searchText' in doc)).toEqual([])
      const graphql = await request(app)
        .post('/api/graphql')
        .set(auth('memberA'))
        .send({ query: '{ Records { docs { title searchText } } }' })
      expect(graphql.body.data.Records.docs.length).toBeGreaterThan(0)
      expect(graphql.body.data.Records.docs.filter((doc: { searchText: unknown }) => doc.searchText !== null)).toEqual(
        [],
      )
    })
  })

  describe('matching', () => {
    it('finds a word in any searchable field, ignoring case, newest first', async () => {
      expect(await found(q('LONDON'))).toEqual(['SHP-1042@b', 'SHP-1042@a'])
      expect(await found(q('maersk'))).toEqual(['SHP-1042@b', 'SHP-2001@a', 'SHP-1042@a'])
    })

    it('finds parts of references and codes', async () => {
      expect(await found(q('1042'))).toEqual(['SHP-1042@b', 'SHP-1042@a'])
      expect(await found(q('SHP-10'))).toEqual(['SHP-1042@b', 'SHP-1099@a', 'SHP-1042@a'])
      expect(await found(q('hp-109'))).toEqual(['SHP-1099@a'])
      expect(await found(q('ondo'))).toEqual(['SHP-1042@b', 'SHP-1042@a'])
    })

    it('needs every term', async () => {
      expect(await found(q('london   maersk heathrow'))).toEqual(['SHP-1042@a'])
      expect(await found(q('london dhl'))).toEqual([])
    })

    it('matches a term shorter than three characters at the start of a word only', async () => {
      expect(await found(q('NY'))).toEqual(['SHP-1099@a'])
      expect(await found(q('to'))).toEqual(['SHP-2002@a', 'SHP-1042@a'])
      expect(await found(q('ok'))).toEqual([])
      expect(await found(q('#1 shp'))).toEqual(await found(q('1 shp')))
    })

    it('finds a choice by its label, and nothing in fields that are not searchable', async () => {
      expect(await found(q('freight'))).toEqual(['SHP-2002@a', 'SHP-1042@a'])
      expect(await found(q('secret-lion'))).toEqual([])
    })

    it.each([
      ['10%', ['SHP-2001@a']],
      ['a_b', ['SHP-2001@a']],
      ['"quoted"', ['SHP-2001@a']],
      ['C:\\dir', ['SHP-2001@a']],
      ['(x)', ['SHP-2001@a']],
      ['Kühne', ['SHP-2002@a']],
      ['Nagel 🚢', ['SHP-2002@a']],
      ['🚢🚢🚢', []],
      ['london*', []],
      ['"london heathrow"', []],
      ['NEAR(london heathrow)', []],
      ['london OR paris', []],
      ['NOT paris', []],
      ['search_text:london', []],
      ['notes:london', []],
      ["'; DROP TABLE records; --", []],
      ['%%%', []],
      ['___', []],
      ['\\\\\\', []],
      ['ü\u0301ber ζ 東京', []],
    ])('reads %j as plain text', async (text, expected) => {
      expect(await found(q(text))).toEqual(expected)
    })

    it('follows updates and deletions of records', async () => {
      const id = ids['SHP-1042@a']
      const [, data] = PARCELS[0]!
      const patched = await request(app)
        .patch(`/api/records/${id}`)
        .set(auth('vendor'))
        .send({ data: { ...data, notes: 'Pallets to Leeds' } })
      expect(patched.status).toBe(200)
      expect(await found(q('london'))).toEqual(['SHP-1042@b'])
      expect(await found(q('leeds'))).toEqual(['SHP-1042@a'])
      expect((await request(app).delete(`/api/records/${id}`).set(auth('vendor'))).status).toBe(200)
      expect(await found(q('leeds'))).toEqual([])
      const again = await request(app)
        .post('/api/records')
        .set(auth('vendor'))
        .send({ type: (await ctx.payload.find({ collection: Slugs.recordTypes })).docs[0]!.id, tenant: tenant.a, data })
      expect(again.status).toBe(201)
      expect(await found(q('london'))).toEqual(['SHP-1042@a', 'SHP-1042@b'])
    })

    it('finds a term that names a number wherever the text holds it: in markup, in long runs of digits, with leading zeros', async () => {
      const typeId = (await ctx.payload.find({ collection: Slugs.recordTypes })).docs[0]!.id
      const added: number[] = []
      const add = async (ref: string, notes: string) => {
        const res = await request(app)
          .post('/api/records')
          .set(auth('vendor'))
          .send({ type: typeId, tenant: tenant.b, data: { ref, notes } })
        expect(res.status).toBe(201)
        added.push(res.body.doc.id)
      }
      try {
        // PostgreSQL's text parser reads markup as no words at all; searches read its text.
        await add('NUM-1', '<a href="PO-48213">order</a>')
        // 3,004 digits in a row: more than a tsvector's word may hold (2,047 bytes).
        await add('NUM-2', `RUN-5550${'1'.repeat(3000)}`)
        await add('INV-2026-0042', 'invoice')
        expect(await found(q('PO-48213'))).toEqual(['NUM-1@b'])
        // A word's start inside markup, as a short term asks for it.
        expect(await found(q('hr'))).toEqual(['NUM-1@b'])
        expect(await found(q('po-4821 order'))).toEqual(['NUM-1@b'])
        expect(await found(q('href="PO-48213"'))).toEqual(['NUM-1@b'])
        expect(await found(q('PO-48214'))).toEqual([])
        expect(await found(q('RUN-5550111'))).toEqual(['NUM-2@b'])
        // A number longer than the index keeps of one: its first 100 digits are asked for.
        expect(await found(q(`N-5550${'1'.repeat(150)}`))).toEqual(['NUM-2@b'])
        expect(await found(q(`N-5550${'1'.repeat(150)}2`))).toEqual([])
        expect(await found(q('x1111'))).toEqual([])
        expect(await found(q('INV-2026-0042'))).toEqual(['INV-2026-0042@b'])
        expect(await found(q('2026-0042'))).toEqual(['INV-2026-0042@b'])
        expect(await found(q('-0042'))).toEqual(['INV-2026-0042@b'])
        expect(await found(q('INV-2026-42'))).toEqual([])
        expect(await found(q('INV-2026-00421'))).toEqual([])
        // As many numbers as q may hold: 16 terms, or one term of 200 characters naming 40.
        const sixteen = Array.from({ length: 16 }, (_, i) => `x-${1000 + i}`).join(' ')
        expect(await found(q(sixteen))).toEqual([])
        expect(await found(q('a1111'.repeat(40)))).toEqual([])
        expect(await found(q('PO-48213 po-4821 48213 order href=" O-48213'))).toEqual(['NUM-1@b'])
      } finally {
        for (const id of added) await ctx.payload.delete({ collection: Slugs.records, id })
      }
    })
  })

  describe('who finds what', () => {
    it("finds a client user's own tenant's records only", async () => {
      expect(await found(q('maersk'), 'memberA')).toEqual(['SHP-1042@a', 'SHP-2001@a'])
      expect(await found(q('maersk'), 'memberB')).toEqual(['SHP-1042@b'])
      expect(await found(q('paris'), 'memberA')).toEqual([])
    })

    it('narrows a vendor search to one tenant, and gives a client nothing of another tenant', async () => {
      expect(await found(`${q('maersk')}&tenant=${tenant.b}`)).toEqual(['SHP-1042@b'])
      expect(await found(`${q('maersk')}&tenant=${tenant.b}`, 'memberA')).toEqual([])
    })

    it('searches and filters only the records whose data the user may read', async () => {
      // "Booked data" reads the data of booked records only: SHP-1099 (late) is not found by its notes.
      expect(await found(q('york'))).toEqual(['SHP-1099@a'])
      expect(await found(q('york'), 'booked')).toEqual([])
      expect(await found(q('shp'), 'booked')).toEqual(['SHP-1042@a', 'SHP-2001@a'])
      expect(await found('filter[weight][gte]=1&sort=weight', 'booked')).toEqual(['SHP-1042@a', 'SHP-2001@a'])
      // Listing without reading data still shows every title.
      expect((await found('', 'booked')).sort()).toEqual(['SHP-1042@a', 'SHP-1099@a', 'SHP-2001@a', 'SHP-2002@a'])
    })
  })

  describe('the index', () => {
    it('keeps working through another schema push, which would drop what drizzle does not know', async () => {
      const before = await found(q('maersk'))
      expect(before.length).toBeGreaterThan(0)
      await pushDevSchema(ctx.payload.db as never)
      expect(await searchIndexObjects(ctx.payload)).toEqual(SEARCH_INDEX_OBJECTS[ctx.kind as 'sqlite' | 'postgres'])
      expect(await found(q('maersk'))).toEqual(before)
    })
  })

  describe('under load', () => {
    it('answers 20 concurrent searches beside 10 concurrent writes, and then finds what was written', async () => {
      const typeId = (await ctx.payload.find({ collection: Slugs.recordTypes })).docs[0]!.id
      const writes = Array.from({ length: 10 }, (_, i) =>
        request(app)
          .post('/api/records')
          .set(auth('vendor'))
          .send({ type: typeId, tenant: tenant.b, data: { ref: `CONC-${i}`, notes: 'Concurrent zanzibar' } }),
      )
      const searches = Array.from({ length: 20 }, () => search(q('maersk'), 'memberA'))
      const answers = await Promise.all([...writes, ...searches])
      expect(answers.map((res) => res.status)).toEqual([...Array(10).fill(201), ...Array(20).fill(200)])
      expect((await found(q('zanzibar'))).length).toBe(10)
      expect(await found(q('zanzibar'), 'memberA')).toEqual([])
    })
  })

  describe('with filters, sorts and pages', () => {
    it('combines a search with a filter and a sort', async () => {
      expect(await found(`${q('maersk')}&filter[weight][gte]=20&sort=-weight`)).toEqual(['SHP-1042@b', 'SHP-2001@a'])
      expect(await found(`${q('shp')}&filter[stage][equals]=late&sort=weight`)).toEqual([
        'SHP-1099@a',
        'SHP-2002@a',
        'SHP-3000@b',
      ])
    })

    it('pages through the results, counting them all', async () => {
      const res = await search(`${q('maersk')}&sort=weight&limit=2&page=2`)
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ totalDocs: 3, totalPages: 2, page: 2 })
      expect(res.body.docs.map((doc: { title: string }) => doc.title)).toEqual(['SHP-1042'])
      expect(res.body.docs[0].searchText).toBeUndefined()
    })
  })
})
