/**
 * Record type migrations: an edit that rewrites stored records answers 409 with its counts until it
 * is confirmed; then the type is saved at once and a migration recorded, which a job carries out in
 * batches. Records written meanwhile follow the new definition and are left as written; another
 * rewriting edit waits; a run that stops (an error, a dead process) resumes after its last batch and
 * applies nothing twice. Refusals first: only staff read migrations, nobody writes them or queues
 * jobs over the API.
 */
import type { Express } from 'express'
import request from 'supertest'
import { migrateRecords } from '../../collections/RecordTypeMigrations/migrateRecords'
import { requeueStalledMigrations, STALLED_AFTER_MS } from '../../collections/RecordTypeMigrations/migrationJobs'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import type { Record as RecordDoc, RecordType, RecordTypeMigration } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { failRecordWrites } from '../harness/failingRecordWrites'
import { login, testApp } from '../harness/http'
import { runQueuedJobs } from '../harness/jobs'
import { builtInRoles, createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
type Id = number
type Field = RecordType['fields'][number]

const named = (key: string, label: string) => ({
  key,
  singularLabel: label,
  pluralLabel: `${label}s`,
  titleField: 'name',
  fields: [{ key: 'name', label: 'Name', kind: 'text', required: true }] as Field[],
})

const parcelFields: Field[] = [
  { key: 'ref', label: 'Reference', kind: 'text', required: true, unique: true, filterable: true, sortable: true },
  {
    key: 'size',
    label: 'Size',
    kind: 'choice',
    filterable: true,
    choices: ['small', 'medium', 'large'].map((value) => ({ value, label: value })),
  },
  { key: 'weight', label: 'Weight', kind: 'number', filterable: true, sortable: true },
  { key: 'notes', label: 'Notes', kind: 'long_text' },
  { key: 'owner', label: 'Owner', kind: 'reference', referenceType: 'customer', filterable: true },
]
const parcelType = {
  key: 'parcel',
  singularLabel: 'Parcel',
  pluralLabel: 'Parcels',
  titleField: 'ref',
  fields: parcelFields,
}

/** The parcel fields after the destructive edit: notes gone, no large size, owners are depots. */
const editedFields = (): Field[] =>
  parcelFields
    .filter((field) => field.key !== 'notes')
    .map((field) =>
      field.key === 'size'
        ? { ...field, choices: field.choices!.filter((choice) => choice.value !== 'large') }
        : field.key === 'owner'
          ? { ...field, referenceType: 'depot' }
          : field,
    )

describeEachDatabase('record type migrations', (ctx) => {
  let app: Express
  const tenant: Record<string, Id> = {}
  const tokens: Record<string, string> = {}
  const ids: Record<string, Id> = {}
  const INTEGRATION_KEY = `key-migrations-${'m'.repeat(24)}`
  const auth = (who: string) =>
    who === 'integration'
      ? { Authorization: `${Slugs.integrationAccounts} API-Key ${INTEGRATION_KEY}` }
      : who === 'anonymous'
        ? {}
        : { Authorization: `JWT ${tokens[who]}` }
  const patchType = (id: Id, body: Record<string, unknown>) =>
    request(app).patch(`/api/record-types/${id}`).set(auth('vendor')).send(body)
  const upsert = (ref: string, data: Record<string, unknown>) =>
    request(app).put(`/api/integrations/v1/records/parcel/erp/${ref}`).set(auth('integration')).send({ data })
  const query = (params: string) =>
    request(app).get(`/api/records/query?type=parcel&${params}&limit=100`).set(auth('vendor'))
  const refsOf = (res: request.Response) => {
    if (!Array.isArray(res.body.docs)) throw new Error(`${res.status} ${JSON.stringify(res.body)}`)
    return (res.body.docs as { title: string }[]).map((doc) => doc.title).sort()
  }
  const record = async (externalId: string) =>
    (
      await ctx.payload.find({
        collection: Slugs.records,
        where: { externalId: { equals: externalId } },
        limit: 1,
        depth: 0,
      })
    ).docs[0] as RecordDoc
  const parcelsOf = async () =>
    (
      await ctx.payload.find({
        collection: Slugs.records,
        where: { type: { equals: ids.parcel } },
        sort: 'id',
        pagination: false,
        depth: 0,
      })
    ).docs
  const typeDoc = (id: Id) => ctx.payload.findByID({ collection: Slugs.recordTypes, id, depth: 0 })
  const latestMigration = async (typeId: Id) =>
    (
      await ctx.payload.find({
        collection: Slugs.recordTypeMigrations,
        where: { type: { equals: typeId } },
        sort: '-createdAt',
        limit: 1,
        depth: 0,
      })
    ).docs[0] as RecordTypeMigration
  const createRecord = (tenantKey: string, type: Id, externalId: string, data: Record<string, unknown>) =>
    ctx.payload.create({
      collection: Slugs.records,
      data: { tenant: tenant[tenantKey]!, type, data: data as RecordDoc['data'], source: 'erp', externalId },
      depth: 0,
    })
  /** A confirmed edit of the parcel type; returns the migration it started. */
  const confirmParcelEdit = async (fields: Field[]) => {
    const res = await patchType(ids.parcel!, { fields, confirmDestructiveChange: true })
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`)
    return latestMigration(ids.parcel!)
  }

  /** Makes every update of record `id` fail in the database, like a crash in the middle of a batch. */
  const failUpdatesOf = (id: Id) => failRecordWrites(ctx.payload, ctx.kind, 'UPDATE', `OLD.id = ${id}`)

  beforeAll(async () => {
    tenant.a = (await createTenant(ctx.payload, 'migrations-a')).id
    tenant.b = (await createTenant(ctx.payload, 'migrations-b')).id
    const roles = await builtInRoles(ctx.payload)
    await createVendorAdmin(ctx.payload, { email: 'vendor@migrations.test', password: PASSWORD })
    await createClientUser(
      ctx.payload,
      { email: 'member@migrations.test', password: PASSWORD },
      tenant.a,
      BuiltInRoles.clientMember,
    )
    await ctx.payload.create({
      collection: Slugs.integrationAccounts,
      data: {
        name: 'erp',
        tenant: tenant.a,
        roles: [roles[BuiltInRoles.integrationWriter]],
        enableAPIKey: true,
        apiKey: INTEGRATION_KEY,
      },
    })
    for (const [key, label] of [
      ['customer', 'Customer'],
      ['depot', 'Depot'],
      ['memo', 'Memo'],
    ] as const)
      ids[key] = (await ctx.payload.create({ collection: Slugs.recordTypes, data: named(key, label) })).id
    ids.parcel = (await ctx.payload.create({ collection: Slugs.recordTypes, data: parcelType })).id
    ids.customerA = (await createRecord('a', ids.customer!, 'C-A', { name: 'Acme' })).id
    ids.customerB = (await createRecord('b', ids.customer!, 'C-B', { name: 'Bolt' })).id
    ids.depotA = (await createRecord('a', ids.depot!, 'D-A', { name: 'North depot' })).id
    const parcels: [string, string, Record<string, unknown>][] = [
      ['a', 'P-1', { size: 'large', weight: 10, notes: 'fragile', owner: ids.customerA }],
      ['a', 'P-2', { size: 'large', weight: 20 }],
      ['a', 'P-3', { size: 'medium', weight: 30, notes: 'back door' }],
      ['a', 'P-4', { size: 'small', weight: 40, owner: ids.customerA }],
      ['a', 'P-5', { weight: 50 }],
      ['a', 'P-6', { size: 'medium' }],
      ['b', 'P-7', { size: 'large', notes: 'b', owner: ids.customerB }],
    ]
    for (const [tenantKey, ref, data] of parcels) await createRecord(tenantKey, ids.parcel, ref, { ref, ...data })
    // One migration that exists before the refusals: the memo type loses nothing but a rule.
    await createRecord('a', ids.memo!, 'M-1', { name: 'memo' })
    app = await testApp(ctx)
    tokens.vendor = await login(app, 'vendor@migrations.test', PASSWORD)
    tokens.member = await login(app, 'member@migrations.test', PASSWORD)
    const memo = named('memo', 'Memo')
    const required = await patchType(ids.memo!, {
      fields: [...memo.fields, { key: 'code', label: 'Code', kind: 'text', required: true }],
      confirmDestructiveChange: true,
    })
    if (required.status !== 200) throw new Error(JSON.stringify(required.body))
    ids.memoMigration = (await latestMigration(ids.memo!)).id
  })

  describe('who may see them', () => {
    const gql = (who: string, query: string) => request(app).post('/api/graphql').set(auth(who)).send({ query })

    it.each(['anonymous', 'member', 'integration'])(
      'answers %s with 403 for migrations and jobs over REST, and errors over GraphQL',
      async (who) => {
        const migration = `/api/${Slugs.recordTypeMigrations}`
        expect((await request(app).get(migration).set(auth(who))).status).toBe(403)
        expect((await request(app).get(`${migration}/${ids.memoMigration}`).set(auth(who))).status).toBe(403)
        expect((await request(app).post(migration).set(auth(who)).send({ title: 'x' })).status).toBe(403)
        expect((await request(app).post(`${migration}/${ids.memoMigration}/resume`).set(auth(who))).status).toBe(
          who === 'anonymous' ? 401 : 404,
        )
        expect((await request(app).get('/api/payload-jobs').set(auth(who))).status).toBe(403)
        const queued = await request(app)
          .post('/api/payload-jobs')
          .set(auth(who))
          .send({ taskSlug: 'migrateRecords', input: { migration: String(ids.memoMigration) } })
        expect(queued.status).toBe(403)
        // Payload's own endpoint answers a refusal to run jobs with 401, signed in or not.
        expect((await request(app).get('/api/payload-jobs/run').set(auth(who))).status).toBe(401)
        const read = await gql(who, '{ RecordTypeMigrations { docs { id title } } }')
        expect(read.body.data?.RecordTypeMigrations ?? null).toBeNull()
        expect(read.body.errors?.length).toBeGreaterThan(0)
        const create = await gql(
          who,
          'mutation { createRecordTypeMigration(data: { title: "x", type: 1, fromRevision: 1, toRevision: 2, changes: [], before: {}, after: {}, assignment: {} }) { id } }',
        )
        expect(create.body.data?.createRecordTypeMigration ?? null).toBeNull()
        const jobs = await gql(who, '{ PayloadJobs { docs { id } } }')
        expect(jobs.body.data?.PayloadJobs ?? null).toBeNull()
        expect((await ctx.payload.count({ collection: Slugs.recordTypeMigrations })).totalDocs).toBe(1)
      },
    )

    it('lets staff read migrations, never create, change or delete them', async () => {
      const url = `/api/${Slugs.recordTypeMigrations}/${ids.memoMigration}`
      const read = await request(app).get(url).set(auth('vendor'))
      expect(read.status).toBe(200)
      expect(read.body.title).toMatch(/^memo 1 → 2: queued, 0 of 1 records$/)
      expect((await request(app).patch(url).set(auth('vendor')).send({ state: 'done' })).status).toBe(403)
      expect((await request(app).delete(url).set(auth('vendor'))).status).toBe(403)
      const create = await request(app)
        .post(`/api/${Slugs.recordTypeMigrations}`)
        .set(auth('vendor'))
        .send({ title: 'forged' })
      expect(create.status).toBe(403)
      const gqlRead = await request(app)
        .post('/api/graphql')
        .set(auth('vendor'))
        .send({ query: '{ RecordTypeMigrations { docs { id state } } }' })
      expect(gqlRead.body.data.RecordTypeMigrations.docs).toEqual([{ id: ids.memoMigration, state: 'queued' }])
    })

    it("shows client users whether a type is migrating, never the migration's details", async () => {
      const res = await request(app).get(`/api/record-types/${ids.memo}`).set(auth('member'))
      expect(res.status).toBe(200)
      expect(res.body.migrating).toBe(true)
      expect(res.body.migration).toBeUndefined()
      await runQueuedJobs(ctx.payload)
      expect((await typeDoc(ids.memo!)).migrating).toBe(false)
    })

    it('keeps a migration when its type is deleted later', async () => {
      await ctx.payload.delete({ collection: Slugs.records, where: { type: { equals: ids.memo } } })
      expect((await request(app).delete(`/api/record-types/${ids.memo}`).set(auth('vendor'))).status).toBe(200)
      const kept = await ctx.payload.findByID({ collection: Slugs.recordTypeMigrations, id: ids.memoMigration! })
      expect(kept).toMatchObject({ title: 'memo 1 → 2: done, 1 of 1 records', type: null, state: 'done' })
    })
  })

  describe('a destructive edit', () => {
    let migration: RecordTypeMigration

    it('answers 409 naming each change and how many records it touches, changing nothing', async () => {
      const refused = await patchType(ids.parcel!, { fields: editedFields() })
      expect(refused.status).toBe(409)
      expect(refused.body.error.id).toBe('type_change_needs_confirmation')
      const message = refused.body.error.message as string
      expect(message).toMatch(/"Notes" \(notes\) will be removed from every Parcel record \(3 of 7 records\)/)
      expect(message).toMatch(/is large will be left without one \(3 of 7 records\)/)
      expect(message).toMatch(/will point to depot records.*\(3 of 7 records\)/)
      expect((await typeDoc(ids.parcel!)).revision).toBe(1)
      expect(await latestMigration(ids.parcel!)).toBeUndefined()
      expect((await record('P-1')).data).toMatchObject({ notes: 'fragile', size: 'large' })
    })

    it('is saved at once when confirmed, and recorded as a queued migration with its counts and who confirmed it', async () => {
      migration = await confirmParcelEdit(editedFields())
      const type = await typeDoc(ids.parcel!)
      expect(type).toMatchObject({ revision: 2, migrating: true })
      expect(type.fields.map((field) => field.key)).toEqual(['ref', 'size', 'weight', 'owner'])
      expect(migration).toMatchObject({
        state: 'queued',
        fromRevision: 1,
        toRevision: 2,
        total: 7,
        processed: 0,
        adaptsData: true,
        confirmedBy: { relationTo: Slugs.users },
        title: 'parcel 1 → 2: queued, 0 of 7 records',
      })
      expect(migration.job).toEqual(expect.any(String))
      expect(migration.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ change: 'fieldRemoved', field: 'notes', affected: 3 }),
          expect.objectContaining({ change: 'valuesRemoved', field: 'size', affected: 3 }),
          expect.objectContaining({ change: 'referenceTypeChanged', field: 'owner', affected: 3 }),
        ]),
      )
      expect((migration.before as { fields: unknown[] }).fields).toHaveLength(5)
      expect(String(type.migration)).toBe(String(migration.id))
      // Not rewritten yet: the job has not run.
      expect((await record('P-1')).data).toMatchObject({ notes: 'fragile', size: 'large' })
    })

    it('takes records written meanwhile only in the new shape, and leaves them as written', async () => {
      const old = await upsert('P-8', { ref: 'P-8', notes: 'old shape' })
      expect(old.status).toBe(400)
      expect(old.body.error.message).toContain('notes')
      const large = await upsert('P-8', { ref: 'P-8', size: 'large' })
      expect(large.status).toBe(400)
      expect((await upsert('P-8', { ref: 'P-8', size: 'small', owner: ids.depotA })).status).toBe(201)
      // An old record, rewritten by the integration before the migration reaches it.
      expect((await upsert('P-2', { ref: 'P-2', size: 'medium', weight: 21, owner: ids.depotA })).status).toBe(200)
      expect((await record('P-8')).typeRevision).toBe(2)
    })

    it('leaves records not rewritten yet out of queries on columns it rewrites, not out of others', async () => {
      expect(refsOf(await query('filter[size][in]=small,medium'))).toEqual(['P-2', 'P-8'])
      expect(refsOf(await query('filter[weight][gte]=0'))).toEqual(['P-1', 'P-2', 'P-3', 'P-4', 'P-5'])
    })

    it('refuses another edit that rewrites records while it runs (409 naming it), and saves one that does not', async () => {
      await migrateRecords(ctx.payload, migration.id, { batchSize: 2, maxBatches: 1 })
      const running = await latestMigration(ids.parcel!)
      expect(running).toMatchObject({ state: 'running', processed: 2, batches: 1 })
      const withoutWeight = editedFields().filter((field) => field.key !== 'weight')
      const refused = await patchType(ids.parcel!, { fields: withoutWeight, confirmDestructiveChange: true })
      expect(refused.status).toBe(409)
      expect(refused.body.error.id).toBe('record_type_migrating')
      expect(refused.body.error.message).toContain('parcel 1 → 2: running, 2 of 7 records')
      const relabelled = await patchType(ids.parcel!, { pluralLabel: 'Packages', migrating: false })
      expect(relabelled.status).toBe(200)
      expect(relabelled.body.doc).toMatchObject({ revision: 3, migrating: true, pluralLabel: 'Packages' })
      // Still rewriting: the size column is read from rewritten records only (P-3 is one now).
      expect(refsOf(await query('filter[size][in]=small,medium'))).toEqual(['P-2', 'P-3', 'P-8'])
    })

    it('adapts every record when the job has run, leaves those written meanwhile alone, and settles the type', async () => {
      await runQueuedJobs(ctx.payload)
      const done = await latestMigration(ids.parcel!)
      // P-2 was written meanwhile under the new definition: 6 of the 7 needed the rewrite.
      expect(done).toMatchObject({ state: 'done', processed: 6, total: 7, error: null })
      expect(done.finishedAt).toEqual(expect.any(String))
      const byRef: Record<string, RecordDoc> = Object.fromEntries(
        (await parcelsOf()).map((doc) => [doc.externalId, doc]),
      )
      expect(byRef['P-1']!.data).toEqual({ ref: 'P-1', weight: 10 })
      expect(byRef['P-2']!.data).toEqual({ ref: 'P-2', size: 'medium', weight: 21, owner: ids.depotA })
      expect(byRef['P-3']!.data).toEqual({ ref: 'P-3', size: 'medium', weight: 30 })
      expect(byRef['P-4']!.data).toEqual({ ref: 'P-4', size: 'small', weight: 40 })
      expect(byRef['P-7']!.data).toEqual({ ref: 'P-7' })
      expect(byRef['P-8']!.data).toEqual({ ref: 'P-8', size: 'small', owner: ids.depotA })
      expect(byRef['P-8']!.typeRevision).toBe(2)
      for (const doc of Object.values(byRef)) expect(doc.typeRevision).toBeGreaterThanOrEqual(2)
      const type = await typeDoc(ids.parcel!)
      expect(type.migrating).toBe(false)
      expect((type.slotAssignment as { settling?: unknown }).settling).toBeUndefined()
      expect(refsOf(await query('filter[size][in]=small,medium'))).toEqual(['P-2', 'P-3', 'P-4', 'P-6', 'P-8'])
      // Every record written meanwhile still passes its type: an update in place is accepted.
      expect((await upsert('P-8', byRef['P-8']!.data as Record<string, unknown>)).status).toBe(200)
    })
  })

  describe('resuming', () => {
    const without = (key: string) => (fields: Field[]) => fields.filter((field) => field.key !== key)

    it('continues after the last committed batch when a run fails, rewriting nothing twice', async () => {
      const migration = await confirmParcelEdit(without('weight')(editedFields()))
      expect(migration.total).toBe(8)
      expect(await migrateRecords(ctx.payload, migration.id, { batchSize: 3, maxBatches: 1 })).toBe('running')
      const parcels = await parcelsOf()
      const rewritten = () => parcelsOf().then((docs) => docs.map((doc) => doc.typeRevision === migration.toRevision))
      expect(await rewritten()).toEqual([true, true, true, false, false, false, false, false])
      // The second batch (records 4 to 6) fails at its 5th record: none of it is kept.
      const restore = await failUpdatesOf(parcels[4]!.id)
      try {
        await expect(migrateRecords(ctx.payload, migration.id, { batchSize: 3 })).rejects.toThrow()
      } finally {
        await restore()
      }
      const failed = await latestMigration(ids.parcel!)
      expect(failed).toMatchObject({ state: 'failed', processed: 3, batches: 1, cursor: String(parcels[2]!.id) })
      expect(failed.error).toContain('simulated failure')
      expect(await rewritten()).toEqual([true, true, true, false, false, false, false, false])
      expect(await migrateRecords(ctx.payload, migration.id, { batchSize: 3 })).toBe('done')
      const done = await latestMigration(ids.parcel!)
      expect(done).toMatchObject({ state: 'done', processed: 8, error: null })
      expect(await rewritten()).toEqual(Array(8).fill(true))
      for (const doc of await parcelsOf()) expect(doc.data).not.toHaveProperty('weight')
      // Its queued job finds it done and ends without touching anything.
      await runQueuedJobs(ctx.payload)
      expect(await latestMigration(ids.parcel!)).toMatchObject({ state: 'done', processed: 8, batches: done.batches })
    })

    it('gives a migration whose job died mid-run a new job, which finishes it', async () => {
      const migration = await confirmParcelEdit(without('size')(without('weight')(editedFields())))
      await migrateRecords(ctx.payload, migration.id, { batchSize: 3, maxBatches: 1, job: migration.job! })
      // The process running it died: its job stays taken, its batches stop.
      const stopped = new Date(Date.now() - STALLED_AFTER_MS - 60_000).toISOString()
      await ctx.payload.db.updateOne({ collection: 'payload-jobs', id: migration.job!, data: { processing: true } })
      await ctx.payload.db.updateOne({
        collection: Slugs.recordTypeMigrations,
        id: migration.id,
        data: { updatedAt: stopped },
      })
      await runQueuedJobs(ctx.payload)
      expect(await latestMigration(ids.parcel!)).toMatchObject({ state: 'running', processed: 3 })
      expect(await requeueStalledMigrations(ctx.payload)).toBe(1)
      const requeued = await latestMigration(ids.parcel!)
      expect(requeued.job).not.toBe(migration.job)
      expect(requeued.state).toBe('queued')
      await runQueuedJobs(ctx.payload)
      expect(await latestMigration(ids.parcel!)).toMatchObject({ state: 'done', processed: 8, total: 8 })
      for (const doc of await parcelsOf()) expect(doc.data).not.toHaveProperty('size')
      expect(await requeueStalledMigrations(ctx.payload)).toBe(0)
    })

    it('resumes a failed migration on staff request, not a done or a waiting one (409)', async () => {
      const migration = await confirmParcelEdit(without('owner')(without('size')(without('weight')(editedFields()))))
      const resume = (who = 'vendor') =>
        request(app).post(`/api/${Slugs.recordTypeMigrations}/${migration.id}/resume`).set(auth(who))
      const waiting = await resume()
      expect(waiting.status).toBe(409)
      expect(waiting.body.error.id).toBe('migration_not_resumable')
      const restore = await failUpdatesOf((await parcelsOf())[0]!.id)
      try {
        await expect(migrateRecords(ctx.payload, migration.id)).rejects.toThrow()
        // Its job gave up after its last attempt.
        await ctx.payload.jobs.cancelByID({ id: migration.job! })
      } finally {
        await restore()
      }
      expect(await latestMigration(ids.parcel!)).toMatchObject({ state: 'failed', processed: 0 })
      expect((await resume('member')).status).toBe(404)
      const resumed = await resume()
      expect(resumed.status).toBe(200)
      expect(resumed.body.doc.state).toBe('queued')
      await runQueuedJobs(ctx.payload)
      expect(await latestMigration(ids.parcel!)).toMatchObject({ state: 'done', processed: 8 })
      expect((await resume()).body.error.id).toBe('migration_not_resumable')
    })

    it('commits each batch once when two runs of one migration go at once', async () => {
      // Searching by the reference changes every record's search text: a rewrite, with no data to adapt.
      const fields = (await typeDoc(ids.parcel!)).fields
      const migration = await confirmParcelEdit(
        fields.map((field) => (field.key === 'ref' ? { ...field, searchable: true } : field)),
      )
      expect(migration.adaptsData).toBe(false)
      const runs = await Promise.all([
        migrateRecords(ctx.payload, migration.id, { batchSize: 2 }),
        migrateRecords(ctx.payload, migration.id, { batchSize: 2 }),
      ])
      expect(runs).toEqual(['done', 'done'])
      const done = await latestMigration(ids.parcel!)
      expect(done).toMatchObject({ state: 'done', processed: 8, total: 8 })
      for (const doc of await parcelsOf()) expect(doc.typeRevision).toBe(migration.toRevision)
    })

    it('starts one migration when two rewriting edits of one revision are saved at once (409 for the other)', async () => {
      const type = await typeDoc(ids.parcel!)
      const migrations = async () => (await ctx.payload.count({ collection: Slugs.recordTypeMigrations })).totalDocs
      const before = await migrations()
      const withRequired = (key: string) => [...type.fields, { key, label: key, kind: 'text', required: true }]
      const answers = await Promise.all(
        ['code', 'zone'].map((key) =>
          patchType(ids.parcel!, { fields: withRequired(key), confirmDestructiveChange: true }),
        ),
      )
      expect(answers.map((res) => res.status).sort()).toEqual([200, 409])
      const refused = answers.find((res) => res.status === 409)!
      expect(['record_type_migrating', 'record_type_changed_meanwhile']).toContain(refused.body.error.id)
      expect(await migrations()).toBe(before + 1)
      expect((await typeDoc(ids.parcel!)).revision).toBe(type.revision! + 1)
      await runQueuedJobs(ctx.payload)
      expect(await latestMigration(ids.parcel!)).toMatchObject({ state: 'done', processed: 8 })
    })

    it('answers 404 to a resume of a migration that does not exist or an id that cannot be one', async () => {
      for (const id of ['abc', '99999999', '1e3', '-1', '99999999999999999999999'])
        expect(
          (await request(app).post(`/api/${Slugs.recordTypeMigrations}/${id}/resume`).set(auth('vendor'))).status,
        ).toBe(404)
    })
  })
})
