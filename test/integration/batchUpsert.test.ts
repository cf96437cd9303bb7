/**
 * The integration API's batch upsert, written in bulk: every item is answered as the single upsert
 * would answer it, one by one and in order — for every kind of bad input, for accounts whose rules
 * refuse creates, field writes or reads, for a tenant's parent — and only the good items are stored.
 * Then tenant isolation, references to records of the same batch, the changes feed, and batches
 * that race each other and single upserts.
 */
import type { Express } from 'express'
import { createLocalReq, type TypedUser } from 'payload'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { upsertInTurn, type BatchItem, type BatchItemResult } from '../../plugins/integrations/batchUpsert'
import { BuiltInRoles } from '../../seed/roles'
import type { StoredRule } from '../../src/access/rules'
import type { Record as RecordDoc, RecordType, Role } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { failRecordWrites } from '../harness/failingRecordWrites'
import { testApp } from '../harness/http'
import { LogCapture } from '../harness/logCapture'
import { builtInRoles, createTenant } from '../harness/users'

type Id = number
const BATCH = '/api/integrations/v1/records/part/batch'
const SOURCE = 'sync'

const siteType = {
  key: 'site',
  singularLabel: 'Site',
  pluralLabel: 'Sites',
  titleField: 'name',
  fields: [{ key: 'name', label: 'Name', kind: 'text', required: true }],
} satisfies Omit<RecordType, 'id' | 'createdAt' | 'updatedAt'>

const partType = {
  key: 'part',
  singularLabel: 'Part',
  pluralLabel: 'Parts',
  titleField: 'code',
  statusField: 'stage',
  fields: [
    { key: 'code', label: 'Code', kind: 'text', required: true, unique: true },
    { key: 'serial', label: 'Serial', kind: 'number', unique: true },
    { key: 'made_on', label: 'Made on', kind: 'date', unique: true },
    { key: 'weight', label: 'Weight', kind: 'number', filterable: true },
    {
      key: 'stage',
      label: 'Stage',
      kind: 'status',
      statuses: [
        { value: 'shown', label: 'Shown', colour: '#43a047', category: 'open' },
        { value: 'hidden', label: 'Hidden', colour: '#9e9e9e', category: 'cancelled' },
      ],
    },
    { key: 'site', label: 'Site', kind: 'reference', referenceType: 'site' },
    { key: 'replaces', label: 'Replaces', kind: 'reference', referenceType: 'part' },
    { key: 'notes', label: 'Notes', kind: 'long_text', searchable: true },
    { key: 'remarks', label: 'Remarks', kind: 'long_text', searchable: true },
  ],
} satisfies Omit<RecordType, 'id' | 'createdAt' | 'updatedAt'>

/** A tenant as the scenarios find it: a site, two parts (one hidden), and maybe a child tenant's part. */
interface Seeded {
  tenant: Id
  child?: Id
  site: Id
  part1: Id
}

/** Rules of the roles the scenarios' accounts hold (client roles, confined to their tenant). */
const own = [{ field: 'tenant', operator: 'in' as const, value: '${user.tenantAndDescendants}' }]
const readTypes: StoredRule = { action: 'read', subject: Slugs.recordTypes }
const CUSTOM_ROLES: Record<string, StoredRule[]> = {
  // A hidden part is frozen: its sync time (which every upsert sets) may not change.
  'frozen when hidden': [
    { action: 'manage', subject: Slugs.records, conditions: own },
    {
      action: 'update',
      subject: Slugs.records,
      fields: ['syncedAt'],
      inverted: true,
      conditions: [{ field: 'status', operator: 'eq', value: 'hidden' }],
    },
    readTypes,
  ],
  'no creates': [
    { action: 'read', subject: Slugs.records, conditions: own },
    { action: 'update', subject: Slugs.records, conditions: own },
    readTypes,
  ],
  // Sees only shown parts: a hidden part's external id is taken by a record it cannot see.
  'hidden reader': [
    { action: 'create', subject: Slugs.records, conditions: own },
    { action: 'update', subject: Slugs.records, conditions: own },
    {
      action: 'read',
      subject: Slugs.records,
      conditions: [...own, { field: 'status', operator: 'eq', value: 'shown' }],
    },
    readTypes,
  ],
  // May not read (so not query) external ids: the single path's lookup is refused.
  'blind writer': [
    { action: 'manage', subject: Slugs.records, conditions: own },
    { action: 'read', subject: Slugs.records, fields: ['externalId'], inverted: true },
    readTypes,
  ],
}

/** The batch every scenario sends: good items, each kind of bad one, and items that depend on order. */
function scenarioItems(seeded: Seeded, foreignSite: Id): BatchItem[] {
  return [
    { externalId: 'E-1', data: { code: 'C-10', serial: 10, site: seeded.site, stage: 'shown' } },
    { externalId: 'P-1', data: { code: 'C-1', serial: 1, made_on: '2026-01-01', weight: 6, stage: 'shown' } },
    { externalId: 'E-3', data: { code: 'C-30', serial: 'x' } },
    { externalId: 'E-4', data: { code: 'C-40', colour: 'red' } },
    { externalId: 'E-5', data: JSON.parse('{"code":"C-50","__proto__":{"admin":true}}') as unknown },
    { externalId: 'E-6', data: { code: 'C-60', constructor: 'x' } },
    { externalId: 'E-7', data: { code: 'C-70', notes: 'x'.repeat(70_000) } },
    { externalId: 'E-8', data: { code: 'C-10' } },
    { externalId: 'E-9', data: { code: 'C-2' } },
    { externalId: 'E-10', data: { code: 'C-100', site: foreignSite } },
    { externalId: 'E-11', data: { code: 'C-110', serial: 1 } },
    { externalId: 'E-12', data: { code: 'C-120', made_on: '2026-01-01' } },
    // P-1 gives up C-1, which E-13 may then take; E-1 is written twice: created, then updated.
    { externalId: 'P-1', data: { code: 'C-11', serial: 1, made_on: '2026-01-01', stage: 'shown' } },
    { externalId: 'E-13', data: { code: 'C-1' } },
    { externalId: 'E-1', data: { code: 'C-10', serial: 11, stage: 'hidden' } },
    // Valid data whose search text (both notes) is longer than Payload lets a text column be.
    { externalId: 'E-14', data: { code: 'C-140', notes: 'a'.repeat(20_000), remarks: 'b'.repeat(20_000) } },
    { externalId: 'E-15', data: 'not an object' },
    { externalId: 'E-16', data: { serial: 16 } },
    // For an account that cannot see P-2, its external id is taken by a record it does not find.
    { externalId: 'P-2', data: { code: 'C-2B', stage: 'shown' } },
    { externalId: 'K-1', data: { code: 'C-K2' } },
    { externalId: 'E-17', data: { code: 'C-170', replaces: 99_999_999 } },
    { externalId: 'E-18', data: { code: 'C-180', replaces: seeded.part1, weight: 1.5 } },
  ]
}

let logs: LogCapture

describeEachDatabase(
  'batch upsert in bulk',
  (ctx) => {
    let app: Express
    let types: Record<'site' | 'part', Id>
    let roles: Record<string, Id>
    let foreignSite: Id
    const keys = new Map<string, string>()
    const auth = (account: string) => ({ Authorization: `${Slugs.integrationAccounts} API-Key ${keys.get(account)}` })
    const batch = (account: string, items: unknown[], extra: Record<string, unknown> = {}) =>
      request(app)
        .post(BATCH)
        .set(auth(account))
        .send({ source: SOURCE, items, ...extra })
    const system = { overrideAccess: true, depth: 0 } as const
    const record = (tenant: Id, externalId: string, data: Record<string, unknown>, type = types.part) =>
      ctx.payload.create({
        collection: Slugs.records,
        data: { type, tenant, source: SOURCE, externalId, data },
        ...system,
      })
    const recordsOf = async (tenant: Id) =>
      (
        await ctx.payload.db.find<RecordDoc>({
          collection: Slugs.records,
          where: { tenant: { equals: tenant } },
          limit: 0,
          pagination: false,
        })
      ).docs
    const written = () => logs.lines.filter((line) => line.msg === 'batch upsert written').at(-1)

    /** A tenant (with a child, for a parent's account) holding what the scenarios expect. */
    async function seedTenant(slug: string, withChild: boolean): Promise<Seeded> {
      const tenant = (await createTenant(ctx.payload, slug)).id
      const child = withChild ? (await createTenant(ctx.payload, `${slug}-child`, tenant)).id : undefined
      const site = (await record(tenant, 'S-1', { name: 'Main' }, types.site)).id
      const part1 = (await record(tenant, 'P-1', { code: 'C-1', serial: 1, made_on: '2026-01-01', stage: 'shown' })).id
      await record(tenant, 'P-2', { code: 'C-2', serial: 2, stage: 'hidden' })
      if (child) await record(child, 'K-1', { code: 'C-K' })
      return { tenant, child, site, part1 }
    }

    async function createAccount(name: string, tenant: Id | undefined, role: Id) {
      keys.set(name, `key-${name.replace(/\W/g, '-')}-${'k'.repeat(24)}`)
      return ctx.payload.create({
        collection: Slugs.integrationAccounts,
        data: { name, tenant, roles: [role], enableAPIKey: true, apiKey: keys.get(name) },
        ...system,
      })
    }

    beforeAll(async () => {
      const builtIn = await builtInRoles(ctx.payload)
      roles = { ...builtIn }
      for (const [name, permissions] of Object.entries(CUSTOM_ROLES)) {
        const role = await ctx.payload.create({
          collection: Slugs.roles,
          data: { name, audience: 'client', permissions: permissions as Role['permissions'] },
        })
        roles[name] = role.id
      }
      types = {
        site: (await ctx.payload.create({ collection: Slugs.recordTypes, data: siteType })).id,
        part: (await ctx.payload.create({ collection: Slugs.recordTypes, data: partType })).id,
      }
      const other = (await createTenant(ctx.payload, 'other')).id
      foreignSite = (await record(other, 'S-9', { name: 'Elsewhere' }, types.site)).id
      app = await testApp(ctx)
    })

    describe('each item answered as the single upsert answers it, one by one', () => {
      /** What a scenario's records are, compared between the two tenants: ids become external ids. */
      const comparable = async (seeded: Seeded) => {
        const docs = [...(await recordsOf(seeded.tenant)), ...(seeded.child ? await recordsOf(seeded.child) : [])]
        const externalIdOf = new Map(docs.map((doc) => [doc.id, doc.externalId]))
        externalIdOf.set(foreignSite, 'foreign site')
        return docs
          .map((doc) => {
            const { id, tenant, createdAt, updatedAt, syncedAt, type, ...rest } = doc as RecordDoc &
              Record<string, unknown>
            const data = { ...(rest.data as Record<string, unknown>) }
            for (const key of ['site', 'replaces']) if (key in data) data[key] = externalIdOf.get(data[key] as Id)
            expect(Date.parse(updatedAt) >= Date.parse(createdAt)).toBe(true)
            return {
              ...rest,
              data,
              synced: syncedAt !== null && !Number.isNaN(Date.parse(String(syncedAt))),
              inChild: tenant === seeded.child,
              type: type === types.part ? 'part' : 'site',
              id: !!id,
            }
          })
          .sort((a, b) => `${a.externalId}`.localeCompare(`${b.externalId}`))
      }
      const answers = (results: BatchItemResult[], docs: { id: Id; externalId?: string | null }[]) =>
        results.map(({ id, ...rest }) => ({
          ...rest,
          names: id === undefined ? undefined : docs.find((doc) => doc.id === id)?.externalId,
        }))

      it.each([
        ['an integration writer', BuiltInRoles.integrationWriter, false, false],
        ['an account that may not update hidden parts', 'frozen when hidden', false, false],
        ['an account that may not create', 'no creates', false, false],
        ['an account that sees only shown parts', 'hidden reader', false, false],
        ['an account that may not read external ids', 'blind writer', false, false],
        ['a read-only account', BuiltInRoles.clientViewer, false, false],
        ["a parent tenant's writer, whose child holds K-1", BuiltInRoles.integrationWriter, true, false],
        ['a vendor-wide account naming the tenant', BuiltInRoles.vendorAdmin, false, true],
      ])('%s', async (label, role, withChild, vendorWide) => {
        const slug = label.replace(/\W+/g, '-').slice(0, 40)
        const bulk = await seedTenant(`${slug}-bulk`, withChild)
        const single = await seedTenant(`${slug}-single`, withChild)
        const bulkAccount = `${slug} bulk`
        await createAccount(bulkAccount, vendorWide ? undefined : bulk.tenant, roles[role]!)
        const singleAccount = await createAccount(
          `${slug} single`,
          vendorWide ? undefined : single.tenant,
          roles[role]!,
        )

        const res = await batch(
          bulkAccount,
          scenarioItems(bulk, foreignSite),
          vendorWide ? { tenant: bulk.tenant } : {},
        )
        expect(res.status).toBe(200)
        const req = await createLocalReq(
          { user: { ...singleAccount, collection: Slugs.integrationAccounts } as unknown as TypedUser },
          ctx.payload,
        )
        const items = JSON.parse(JSON.stringify(scenarioItems(single, foreignSite))) as BatchItem[]
        const one = await upsertInTurn(
          req,
          { type: types.part, source: SOURCE, ...(vendorWide ? { tenant: single.tenant } : {}) },
          items,
        )

        const bulkDocs = await recordsOf(bulk.tenant).then(async (docs) => [
          ...docs,
          ...(bulk.child ? await recordsOf(bulk.child) : []),
        ])
        const singleDocs = await recordsOf(single.tenant).then(async (docs) => [
          ...docs,
          ...(single.child ? await recordsOf(single.child) : []),
        ])
        expect(answers(res.body.results as BatchItemResult[], bulkDocs)).toEqual(answers(one, singleDocs))
        expect(await comparable(bulk)).toEqual(await comparable(single))
      })

      it('stores the good items of a mixed batch and answers each bad one with what is wrong', async () => {
        const seeded = await seedTenant('mixed', false)
        await createAccount('mixed', seeded.tenant, roles[BuiltInRoles.integrationWriter]!)
        const res = await batch('mixed', [
          ...scenarioItems(seeded, foreignSite),
          { data: { code: 'no id' } },
          { externalId: 'x'.repeat(129), data: { code: 'long id' } },
        ])
        const results = res.body.results as BatchItemResult[]
        const summary = results.map(({ externalId, status, errors }) => [
          typeof externalId === 'string' ? externalId.slice(0, 8) : externalId,
          status,
          errors?.map((error) => error.path).join(' '),
        ])
        expect(summary).toEqual([
          ['E-1', 201, undefined],
          ['P-1', 200, undefined],
          ['E-3', 400, 'data.serial'],
          ['E-4', 400, 'data.colour'],
          ['E-5', 400, 'data.__proto__'],
          ['E-6', 400, 'data.constructor'],
          ['E-7', 400, 'data'],
          ['E-8', 400, 'data.code'],
          ['E-9', 400, 'data.code'],
          ['E-10', 400, 'data.site'],
          ['E-11', 400, 'data.serial'],
          ['E-12', 400, 'data.made_on'],
          ['P-1', 200, undefined],
          ['E-13', 201, undefined],
          ['E-1', 200, undefined],
          ['E-14', 400, 'searchText'],
          ['E-15', 400, 'data'],
          ['E-16', 400, 'data.code'],
          ['P-2', 200, undefined],
          ['K-1', 201, undefined],
          ['E-17', 400, 'data.replaces'],
          ['E-18', 201, undefined],
          [undefined, 400, 'externalId'],
          ['xxxxxxxx', 400, 'externalId'],
        ])
        expect(results[0]!.id).toBe(results[14]!.id)
        const stored = new Map((await recordsOf(seeded.tenant)).map((doc) => [doc.externalId, doc]))
        expect([...stored.keys()].sort()).toEqual(['E-1', 'E-13', 'E-18', 'K-1', 'P-1', 'P-2', 'S-1'])
        expect(stored.get('E-1')).toMatchObject({ title: 'C-10', status: 'hidden', statusCategory: 'cancelled' })
        expect(stored.get('P-1')).toMatchObject({ title: 'C-11' })
        expect(stored.get('P-1')!.data).not.toHaveProperty('weight')
        expect((stored.get('E-13')!.data as { code: string }).code).toBe('C-1')
        expect(Object.getPrototypeOf(stored.get('E-1')!.data)).toBe(Object.prototype)
        // Everything but E-14, whose search text only Payload's own validation refuses, was written in bulk.
        expect(written()).toMatchObject({ items: 22, oneByOne: 1 })
      })
    })

    describe('text the databases cannot store', () => {
      it('refuses such external ids and sources with 400 naming them, and writes the other items in bulk', async () => {
        const seeded = await seedTenant('nul', false)
        await createAccount('nul', seeded.tenant, roles[BuiltInRoles.integrationWriter]!)
        const res = await batch('nul', [
          { externalId: 'N-1', data: { code: 'N-1' } },
          { externalId: 'N-\u0000', data: { code: 'N-2' } },
          { externalId: 'N-\ud800', data: { code: 'N-3' } },
        ])
        expect(
          (res.body.results as BatchItemResult[]).map((result) => [result.status, result.errors?.[0]?.path]),
        ).toEqual([
          [201, undefined],
          [400, 'externalId'],
          [400, 'externalId'],
        ])
        expect(written()).toMatchObject({ items: 1, oneByOne: 0 })
        const source = await request(app)
          .post(BATCH)
          .set(auth('nul'))
          .send({ source: 'erp\u0000', items: [{ externalId: 'N-4', data: { code: 'N-4' } }] })
        expect(source.status).toBe(400)
        expect(source.body.error.message).toContain('"source"')
        const path = await request(app)
          .put('/api/integrations/v1/records/part/erp/N-%00')
          .set(auth('nul'))
          .send({ data: { code: 'N-5' } })
        expect(path.status).toBe(400)
        expect(path.body.error.id).toBe('invalid_path_parameter')
        expect((await recordsOf(seeded.tenant)).map((doc) => doc.externalId).sort()).toEqual([
          'N-1',
          'P-1',
          'P-2',
          'S-1',
        ])
      })

      it('takes an external id with % and spaces in the path as it is, once decoded', async () => {
        const seeded = await seedTenant('percent', false)
        await createAccount('percent', seeded.tenant, roles[BuiltInRoles.integrationWriter]!)
        const externalId = '50% off 100%25'
        const put = await request(app)
          .put(`/api/integrations/v1/records/part/${SOURCE}/${encodeURIComponent(externalId)}`)
          .set(auth('percent'))
          .send({ data: { code: 'PCT' } })
        expect(put.status).toBe(201)
        expect(put.body.doc.externalId).toBe(externalId)
        const res = await batch('percent', [{ externalId, data: { code: 'PCT', weight: 1 } }])
        expect(res.body.results[0]).toMatchObject({ status: 200, id: put.body.doc.id })
      })
    })

    describe('tenants', () => {
      let a: Seeded
      let b: Seeded
      beforeAll(async () => {
        a = await seedTenant('iso-a', false)
        b = await seedTenant('iso-b', false)
        await createAccount('writer A', a.tenant, roles[BuiltInRoles.integrationWriter]!)
      })

      it('answers 401 without a key, storing nothing', async () => {
        const res = await request(app)
          .post(BATCH)
          .send({ source: SOURCE, items: [{ externalId: 'ANON-1', data: { code: 'ANON-1' } }] })
        expect(res.status).toBe(401)
        expect(
          await ctx.payload.count({ collection: Slugs.records, where: { externalId: { equals: 'ANON-1' } } }),
        ).toEqual({ totalDocs: 0 })
      })

      it('refuses every item (403) of a batch naming another tenant, and stores nothing there', async () => {
        const before = await recordsOf(b.tenant)
        const res = await batch(
          'writer A',
          [
            { externalId: 'B-NEW', data: { code: 'B-NEW' } },
            { externalId: 'P-1', data: { code: 'C-1', weight: 99 } },
          ],
          { tenant: b.tenant },
        )
        expect(res.status).toBe(200)
        expect((res.body.results as BatchItemResult[]).map((result) => result.status)).toEqual([403, 403])
        expect(await recordsOf(b.tenant)).toEqual(before)
      })

      it("keeps another tenant's record of the same external id apart, and refuses references to its records", async () => {
        const before = await recordsOf(b.tenant)
        const res = await batch('writer A', [
          { externalId: 'P-1', data: { code: 'C-1', weight: 7 } },
          { externalId: 'A-REF', data: { code: 'A-REF', site: b.site, replaces: b.part1 } },
        ])
        const results = res.body.results as BatchItemResult[]
        expect(results[0]).toMatchObject({ status: 200, id: a.part1 })
        expect(results[1]).toMatchObject({ status: 400 })
        expect(results[1]!.errors!.map((error) => error.path)).toEqual(['data.site', 'data.replaces'])
        expect(await recordsOf(b.tenant)).toEqual(before)
      })
    })

    describe('field write rules', () => {
      it('refuses (403, naming the field) an item whose record a rule freezes, and writes the others', async () => {
        const seeded = await seedTenant('frozen', false)
        await createAccount('frozen', seeded.tenant, roles['frozen when hidden']!)
        const hidden = (await recordsOf(seeded.tenant)).find((doc) => doc.externalId === 'P-2')
        const res = await batch('frozen', [
          { externalId: 'P-1', data: { code: 'C-1', weight: 4 } },
          { externalId: 'P-2', data: { code: 'C-2', weight: 4 } },
          { externalId: 'F-NEW', data: { code: 'F-NEW', stage: 'hidden' } },
        ])
        const results = res.body.results as BatchItemResult[]
        expect(results.map((result) => result.status)).toEqual([200, 403, 201])
        expect(results[1]!.errors![0]!.message).toContain('"syncedAt"')
        expect((await recordsOf(seeded.tenant)).find((doc) => doc.externalId === 'P-2')).toEqual(hidden)
      })
    })

    describe('references within a batch', () => {
      it('lets an item name a record created earlier in the batch, not one created later', async () => {
        const seeded = await seedTenant('refs', false)
        await createAccount('refs', seeded.tenant, roles[BuiltInRoles.integrationWriter]!)
        // Record ids count up: the probe's id tells which ids the batch's records will get.
        const probe = (await batch('refs', [{ externalId: 'Z-0', data: { code: 'Z-0' } }])).body.results[0].id as Id
        const res = await batch('refs', [
          { externalId: 'Z-1', data: { code: 'Z-1' } },
          { externalId: 'Z-2', data: { code: 'Z-2', replaces: probe + 1 } },
          { externalId: 'Z-3', data: { code: 'Z-3', replaces: probe + 3 } },
          { externalId: 'Z-4', data: { code: 'Z-4' } },
        ])
        const results = res.body.results as BatchItemResult[]
        expect(results.map((result) => [result.status, result.id])).toEqual([
          [201, probe + 1],
          [201, probe + 2],
          [400, undefined],
          [201, probe + 3],
        ])
        expect(results[2]!.errors!.map((error) => error.path)).toEqual(['data.replaces'])
      })
    })

    describe('what else reads record writes', () => {
      it('lists records a batch created or updated in the changes feed, once each', async () => {
        const seeded = await seedTenant('feed', false)
        await createAccount('feed', seeded.tenant, roles[BuiltInRoles.integrationWriter]!)
        const changes = (since?: string) =>
          request(app)
            .get(`/api/integrations/v1/records/part/changes?limit=100${since ? `&since=${since}` : ''}`)
            .set(auth('feed'))
        const cursor = (await changes()).body.nextCursor as string
        const res = await batch('feed', [
          { externalId: 'F-1', data: { code: 'F-1' } },
          { externalId: 'P-1', data: { code: 'C-1', weight: 3 } },
          { externalId: 'F-2', data: { code: 'F-2' } },
          { externalId: 'F-3', data: { code: 'F-3', serial: 'bad' } },
        ])
        expect((res.body.results as BatchItemResult[]).map((result) => result.status)).toEqual([201, 200, 201, 400])
        const feed = await changes(cursor)
        expect((feed.body.docs as { externalId: string }[]).map((doc) => doc.externalId).sort()).toEqual([
          'F-1',
          'F-2',
          'P-1',
        ])
        expect((await changes(feed.body.nextCursor as string)).body.docs).toEqual([])
      })

      it('finds bulk-written and bulk-updated records by search, and no longer by words they lost', async () => {
        const seeded = await seedTenant('search', false)
        await createAccount('search', seeded.tenant, roles[BuiltInRoles.integrationWriter]!)
        const search = async (text: string) =>
          (
            (
              await request(app)
                .get(`/api/records/query?type=part&q=${encodeURIComponent(text)}`)
                .set(auth('search'))
            ).body.docs as { externalId: string }[]
          ).map((doc) => doc.externalId)
        await batch('search', [
          { externalId: 'Q-1', data: { code: 'Q-1', notes: 'pallets of marmalade' } },
          { externalId: 'P-1', data: { code: 'C-1', notes: 'fragile porcelain' } },
        ])
        expect(await search('marmalade')).toEqual(['Q-1'])
        expect(await search('porcelain')).toEqual(['P-1'])
        await batch('search', [{ externalId: 'Q-1', data: { code: 'Q-1', notes: 'crates of quince' } }])
        expect(await search('marmalade')).toEqual([])
        expect(await search('quince')).toEqual(['Q-1'])
      })

      it('shows bulk-written records to the tenant’s people, without the copied columns', async () => {
        const seeded = await seedTenant('readers', false)
        await createAccount('readers', seeded.tenant, roles[BuiltInRoles.integrationWriter]!)
        const reader = 'readers viewer'
        await createAccount(reader, seeded.tenant, roles[BuiltInRoles.clientViewer]!)
        const outsider = 'readers outsider'
        await createAccount(outsider, (await seedTenant('outsiders', false)).tenant, roles[BuiltInRoles.clientViewer]!)
        const { body } = await batch('readers', [{ externalId: 'V-1', data: { code: 'V-1', weight: 2 } }])
        const id = body.results[0].id as Id
        const seen = await request(app).get(`/api/records/${id}`).set(auth(reader))
        expect(seen.status).toBe(200)
        expect(seen.body).toMatchObject({ title: 'V-1', source: SOURCE, externalId: 'V-1', data: { weight: 2 } })
        expect(seen.body.n1).toBeUndefined()
        expect(seen.body.searchText).toBeUndefined()
        expect((await request(app).get(`/api/records/${id}`).set(auth(outsider))).status).toBe(404)
      })
    })

    describe('while a type migration rewrites records', () => {
      it('compares unique values only with the records it has rewritten, as the single upsert does', async () => {
        const bin = {
          key: 'bin',
          singularLabel: 'Bin',
          pluralLabel: 'Bins',
          titleField: 'code',
          fields: [
            { key: 'code', label: 'Code', kind: 'text', required: true },
            { key: 'aisle', label: 'Aisle', kind: 'text', filterable: true },
          ],
        } satisfies Omit<RecordType, 'id' | 'createdAt' | 'updatedAt'>
        const typeId = (await ctx.payload.create({ collection: Slugs.recordTypes, data: bin })).id
        const tenant = (await createTenant(ctx.payload, 'settling')).id
        await createAccount('settling', tenant, roles[BuiltInRoles.integrationWriter]!)
        await record(tenant, 'B-1', { code: 'B-1', aisle: 'X' }, typeId)
        // The aisle goes (confirmed), and a unique lot takes its slot: B-1 holds an aisle there until rewritten.
        const fields = [bin.fields[0], { key: 'lot', label: 'Lot', kind: 'text', unique: true }]
        const edited = await ctx.payload.update({
          collection: Slugs.recordTypes,
          id: typeId,
          data: { fields, confirmDestructiveChange: true } as Partial<RecordType>,
          ...system,
        })
        expect((edited.slotAssignment as { settling?: { columns: string[] } }).settling?.columns).toContain('s1')
        const res = await request(app)
          .post('/api/integrations/v1/records/bin/batch')
          .set(auth('settling'))
          .send({
            source: SOURCE,
            items: [
              { externalId: 'B-2', data: { code: 'B-2', lot: 'X' } },
              { externalId: 'B-3', data: { code: 'B-3', lot: 'X' } },
            ],
          })
        expect((res.body.results as BatchItemResult[]).map((result) => result.status)).toEqual([201, 400])
        const single = await request(app)
          .put(`/api/integrations/v1/records/bin/${SOURCE}/B-4`)
          .set(auth('settling'))
          .send({ data: { code: 'B-4', lot: 'X' } })
        expect(single.status).toBe(400)
      })
    })

    describe('when the bulk write fails in the database', () => {
      /** Makes every insert of a record with this external id fail, like a constraint the bulk path did not foresee. */
      const failInsertsOf = (externalId: string) =>
        failRecordWrites(ctx.payload, ctx.kind, 'INSERT', `NEW.external_id = '${externalId}'`)

      it('stores nothing of the failed statement, then upserts its items one by one: the good ones are stored', async () => {
        const seeded = await seedTenant('failing', false)
        await createAccount('failing', seeded.tenant, roles[BuiltInRoles.integrationWriter]!)
        const restore = await failInsertsOf('BOOM')
        try {
          const res = await batch('failing', [
            { externalId: 'G-1', data: { code: 'G-1' } },
            { externalId: 'BOOM', data: { code: 'BOOM' } },
            { externalId: 'P-1', data: { code: 'C-1', weight: 9 } },
          ])
          expect(res.status).toBe(200)
          const results = res.body.results as BatchItemResult[]
          expect(results.map((result) => result.status)).toEqual([201, 500, 200])
          expect(results[1]!.errors![0]!.message).not.toContain('simulated')
          expect(logs.lines.some((line) => String(line.msg).includes('a bulk write failed'))).toBe(true)
          expect(written()).toMatchObject({ items: 3, oneByOne: 3 })
        } finally {
          await restore()
        }
        const stored = new Map((await recordsOf(seeded.tenant)).map((doc) => [doc.externalId, doc]))
        expect(stored.has('G-1')).toBe(true)
        expect(stored.has('BOOM')).toBe(false)
        expect(stored.get('P-1')!.data).toMatchObject({ weight: 9 })
      })
    })

    describe('concurrency', () => {
      let tenant: Id
      beforeAll(async () => {
        tenant = (await seedTenant('race', false)).tenant
        await createAccount('race', tenant, roles[BuiltInRoles.integrationWriter]!)
      })
      const countOf = async (externalId: string) =>
        (
          await ctx.payload.count({
            collection: Slugs.records,
            where: { tenant: { equals: tenant }, externalId: { equals: externalId } },
          })
        ).totalDocs

      it('makes one record of 20 concurrent batches upserting one external id', async () => {
        const responses = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            batch('race', [{ externalId: 'R-1', data: { code: 'R-1', serial: 100 + i } }]),
          ),
        )
        expect(responses.map((res) => res.status)).toEqual(Array<number>(20).fill(200))
        const statuses = responses.map((res) => (res.body.results as BatchItemResult[])[0]!.status).sort()
        if (statuses.includes(400)) console.warn(JSON.stringify(responses.map((res) => res.body.results[0])))
        expect(statuses).toEqual([...Array<number>(19).fill(200), 201])
        expect(await countOf('R-1')).toBe(1)
      })

      it('loses nothing and duplicates nothing when two batches overlap, in opposite orders', async () => {
        const items = (from: number, to: number) =>
          Array.from({ length: to - from }, (_, k) => ({
            externalId: `O-${from + k}`,
            data: { code: `O-${from + k}` },
          }))
        for (let round = 0; round < 3; round++) {
          const first = items(round * 1000, round * 1000 + 300)
          const second = items(round * 1000 + 150, round * 1000 + 450).reverse()
          const [x, y] = await Promise.all([batch('race', first), batch('race', second)])
          expect([x.status, y.status]).toEqual([200, 200])
          const results = [...(x.body.results as BatchItemResult[]), ...(y.body.results as BatchItemResult[])]
          expect(results.filter((result) => ![200, 201].includes(result.status))).toEqual([])
          const created = results.filter((result) => result.status === 201).map((result) => result.externalId)
          expect(created.sort()).toEqual(
            items(round * 1000, round * 1000 + 450)
              .map((item) => item.externalId)
              .sort(),
          )
        }
        const stored = (await recordsOf(tenant)).filter((doc) => doc.externalId?.startsWith('O-'))
        expect(stored).toHaveLength(3 * 450)
        expect(new Set(stored.map((doc) => doc.externalId)).size).toBe(3 * 450)
      })

      it('answers an item whose external id a record the account cannot see holds as the single path does', async () => {
        // A staff-made record under the sync's source and external id, hidden from this account's reads.
        const seeded = await seedTenant('unseen', false)
        await createAccount('unseen', seeded.tenant, roles['hidden reader']!)
        const single = await request(app)
          .put(`/api/integrations/v1/records/part/${SOURCE}/P-2`)
          .set(auth('unseen'))
          .send({ data: { code: 'C-2B', stage: 'shown' } })
        const res = await batch('unseen', [
          { externalId: 'U-1', data: { code: 'U-1' } },
          { externalId: 'P-2', data: { code: 'C-2C', stage: 'shown' } },
          { externalId: 'U-2', data: { code: 'U-2' } },
        ])
        const results = res.body.results as BatchItemResult[]
        expect(results.map((result) => result.status)).toEqual([201, single.status, 201])
        expect(single.status).toBeGreaterThanOrEqual(400)
        expect(single.status).toBeLessThan(500)
        const hidden = (await recordsOf(seeded.tenant)).find((doc) => doc.externalId === 'P-2')
        expect(hidden).toMatchObject({ status: 'hidden' })
      })

      it('keeps single upserts and batches of the same records apart', async () => {
        const items = Array.from({ length: 50 }, (_, k) => ({ externalId: `M-${k}`, data: { code: `M-${k}` } }))
        const singles = items
          .slice(0, 20)
          .map((item) =>
            request(app)
              .put(`/api/integrations/v1/records/part/${SOURCE}/${item.externalId}`)
              .set(auth('race'))
              .send({ data: item.data }),
          )
        const responses = await Promise.all([batch('race', items), ...singles])
        expect(responses.map((res) => res.status).every((status) => status === 200 || status === 201)).toBe(true)
        for (const item of items) expect(await countOf(item.externalId)).toBe(1)
      })
    })
  },
  () => {
    logs = new LogCapture()
    return { logDestination: logs, env: { LOG_LEVEL: 'debug' } }
  },
)
