/**
 * How /api/records/query counts a long list: exactly up to 1,000 matches, "at least" past that
 * (`totalDocsExact: false`, `hasNextPage` still exact), and never a record the caller may not read.
 */
import type { Express } from 'express'
import request from 'supertest'
import { COUNT_LIMIT } from '../../collections/Records/recordPage'
import { readRecordType, type RecordTypeDocument } from '../../collections/RecordTypes/storedRecordType'
import { Slugs } from '../../collections/slugs'
import type { RecordType } from '../../src/payload-types'
import { BuiltInRoles } from '../../seed/roles'
import { validatorFor } from '../../src/records/dataValidator'
import { recordColumns } from '../../src/records/recordColumns'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { createClientUser, createTenant, createVendorAdmin } from '../harness/users'

type RecordTypeInput = Pick<
  RecordType,
  'key' | 'singularLabel' | 'pluralLabel' | 'titleField' | 'statusField' | 'fields'
>

const PASSWORD = 'correct-horse-battery'
const IN_A = COUNT_LIMIT + 5
const IN_B = 3

const parcelType: RecordTypeInput = {
  key: 'parcel',
  singularLabel: 'Parcel',
  pluralLabel: 'Parcels',
  titleField: 'code',
  statusField: 'stage',
  fields: [
    { key: 'code', label: 'Code', kind: 'text', required: true, sortable: true },
    {
      key: 'stage',
      label: 'Stage',
      kind: 'status',
      filterable: true,
      statuses: [
        { value: 'open', label: 'Open', colour: '#1e88e5', category: 'open' },
        { value: 'done', label: 'Done', colour: '#43a047', category: 'done' },
      ],
    },
  ],
}

describeEachDatabase('record query counts', (ctx) => {
  let app: Express
  const tokens: Record<string, string> = {}
  const query = (who: string, params: string) =>
    request(app)
      .get(`/api/records/query?type=parcel&${params}`)
      .set({ Authorization: `JWT ${tokens[who]}` })
  const counts = (res: request.Response) => {
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`)
    const { docs, totalDocs, totalDocsExact, totalPages, hasNextPage, nextPage } = res.body
    return { found: (docs as unknown[]).length, totalDocs, totalDocsExact, totalPages, hasNextPage, nextPage }
  }

  beforeAll(async () => {
    const a = (await createTenant(ctx.payload, 'counts-a')).id
    const b = (await createTenant(ctx.payload, 'counts-b')).id
    await createVendorAdmin(ctx.payload, { email: 'vendor@counts.test', password: PASSWORD })
    await createClientUser(ctx.payload, { email: 'viewer@b.test', password: PASSWORD }, b, BuiltInRoles.clientViewer)
    const type = await ctx.payload.create({ collection: Slugs.recordTypes, data: parcelType })
    // A thousand records through the hooks would take minutes; these get the columns the hook
    // would give them (the same validator and recordColumns), written through the adapter.
    const loaded = readRecordType(type as unknown as RecordTypeDocument)!
    const validator = validatorFor(loaded.type, loaded.version)
    const transactionID = (await ctx.payload.db.beginTransaction()) ?? undefined
    for (const [tenant, howMany] of [
      [a, IN_A],
      [b, IN_B],
    ] as const) {
      for (let i = 0; i < howMany; i++) {
        const checked = validator.validate({ code: `P-${tenant}-${String(i).padStart(4, '0')}`, stage: 'open' })
        if (!checked.ok) throw new Error('a generated parcel is invalid')
        await ctx.payload.db.create({
          collection: Slugs.records,
          data: {
            type: type.id,
            tenant,
            data: checked.data,
            source: 'test',
            ...recordColumns(loaded.type, loaded.assignment, checked.data),
          },
          req: { transactionID },
        })
      }
    }
    if (transactionID !== undefined) await ctx.payload.db.commitTransaction(transactionID)
    app = await testApp(ctx)
    tokens.vendor = await login(app, 'vendor@counts.test', PASSWORD)
    tokens.viewerB = await login(app, 'viewer@b.test', PASSWORD)
  }, 120_000)

  it(`counts up to ${COUNT_LIMIT} and then says "at least", with a next page`, async () => {
    expect(counts(await query('vendor', 'limit=10'))).toEqual({
      found: 10,
      totalDocs: COUNT_LIMIT,
      totalDocsExact: false,
      totalPages: COUNT_LIMIT / 10,
      hasNextPage: true,
      nextPage: 2,
    })
  })

  it('counts exactly when the page asked for lies past the limit, and ends the list there', async () => {
    const total = IN_A + IN_B
    const last = Math.ceil(total / 10)
    expect(counts(await query('vendor', `limit=10&page=${last}`))).toEqual({
      found: total - (last - 1) * 10,
      totalDocs: total,
      totalDocsExact: true,
      totalPages: last,
      hasNextPage: false,
      nextPage: null,
    })
  })

  it('counts exactly below the limit: one tenant asked for by staff', async () => {
    const tenantB = (await ctx.payload.find({ collection: Slugs.tenants, where: { slug: { equals: 'counts-b' } } }))
      .docs[0]!.id
    expect(counts(await query('vendor', `tenant=${tenantB}&limit=2`))).toMatchObject({
      found: 2,
      totalDocs: IN_B,
      totalDocsExact: true,
      totalPages: 2,
      hasNextPage: true,
    })
  })

  it("counts only the records a client may read, never another tenant's", async () => {
    // A full first page, so the count is taken (a short page counts itself).
    expect(counts(await query('viewerB', 'limit=2'))).toMatchObject({
      found: 2,
      totalDocs: IN_B,
      totalDocsExact: true,
      hasNextPage: true,
    })
    expect(counts(await query('viewerB', 'limit=2&filter[stage][equals]=open&sort=code'))).toMatchObject({
      totalDocs: IN_B,
    })
  })

  it('answers a page past the end with no records and the exact count', async () => {
    expect(counts(await query('viewerB', 'limit=2&page=5'))).toMatchObject({
      found: 0,
      totalDocs: IN_B,
      totalDocsExact: true,
      hasNextPage: false,
    })
  })
})
