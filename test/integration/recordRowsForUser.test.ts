/**
 * The one-statement read of a records page (recordRowsForUser.ts) answers exactly what
 * `payload.find` answers the same user for the same page: the same records in the same order, the
 * same fields with the same values, and the fields a user's rules hide left out, whether the rules
 * hide a field everywhere, nowhere, or only on some records.
 */
import { createLocalReq, Forbidden, type PayloadRequest, type Sort, type Where } from 'payload'
import { findForUser, recordPage } from '../../collections/Records/recordPage'
import { visibleRecordType } from '../../collections/RecordTypes/visibleRecordTypeId'
import { recordRowsForUser } from '../../collections/Records/recordRowsForUser'
import { Slugs } from '../../collections/slugs'
import { ruleReadOf } from '../../src/access/collectionAccess'
import { countsForUser } from '../../src/access/rowsForUser'
import type { StoredRule } from '../../src/access/rules'
import type { User } from '../../src/payload-types'
import { BuiltInRoles } from '../../seed/roles'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
type Id = number

const parcelType = {
  key: 'parcel',
  singularLabel: 'Parcel',
  pluralLabel: 'Parcels',
  titleField: 'code',
  statusField: 'stage',
  fields: [
    { key: 'code', label: 'Code', kind: 'text', required: true, sortable: true, searchable: true },
    { key: 'weight', label: 'Weight', kind: 'number', filterable: true, sortable: true },
    { key: 'due', label: 'Due', kind: 'date_time', sortable: true },
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

const own = [{ field: 'tenant', operator: 'in' as const, value: '${user.tenantAndDescendants}' }]
const ROLES: Record<string, StoredRule[]> = {
  // Some fields everywhere, none of the others: decided once for the page.
  'titles only': [{ action: 'read', subject: Slugs.records, fields: ['title', 'type', 'tenant', 'status'] }],
  // The source and sync time of open parcels only, and external ids of all but done ones: decided
  // record by record.
  'open data': [
    { action: 'read', subject: Slugs.records, fields: ['title', 'type', 'tenant', 'status', 'externalId'] },
    {
      action: 'read',
      subject: Slugs.records,
      fields: ['source', 'syncedAt'],
      conditions: [...own, { field: 'status', operator: 'eq', value: 'open' }],
    },
    {
      action: 'read',
      subject: Slugs.records,
      fields: ['externalId'],
      inverted: true,
      conditions: [{ field: 'status', operator: 'eq', value: 'done' }],
    },
  ],
  'no records': [{ action: 'read', subject: Slugs.recordTypes }],
}

describeEachDatabase('records page in one statement', (ctx) => {
  const users: Record<string, User> = {}
  let typeId: Id
  const reqFor = async (who: string): Promise<PayloadRequest> =>
    createLocalReq({ user: { ...users[who]!, collection: Slugs.users } as never }, ctx.payload)

  beforeAll(async () => {
    const a = (await createTenant(ctx.payload, 'rows-a')).id
    const b = (await createTenant(ctx.payload, 'rows-b')).id
    users.vendor = await createVendorAdmin(ctx.payload, { email: 'vendor@rows.test', password: PASSWORD })
    users.member = await createClientUser(
      ctx.payload,
      { email: 'member@rows.test', password: PASSWORD },
      a,
      BuiltInRoles.clientMember,
    )
    for (const [name, permissions] of Object.entries(ROLES)) {
      const role = await ctx.payload.create({
        collection: Slugs.roles,
        data: { name, audience: 'client', permissions } as never,
      })
      users[name] = await ctx.payload.create({
        collection: Slugs.users,
        data: {
          email: `${name.replace(/ /g, '-')}@rows.test`,
          password: PASSWORD,
          name,
          kind: 'client',
          memberships: [{ tenant: a, roles: [role.id] }],
        },
      })
    }
    typeId = (await ctx.payload.create({ collection: Slugs.recordTypes, data: parcelType as never })).id
    for (let n = 0; n < 14; n++) {
      await ctx.payload.create({
        collection: Slugs.records,
        data: {
          type: typeId,
          tenant: n % 3 === 0 ? b : a,
          source: n % 2 ? 'erp' : 'manual',
          externalId: n % 2 ? `E-${n}` : undefined,
          syncedAt: n % 4 === 0 ? new Date(Date.UTC(2026, 0, n + 1, 8, 30)).toISOString() : undefined,
          data: {
            code: `P-${String(n).padStart(2, '0')}`,
            stage: n % 3 === 1 ? 'done' : 'open',
            // Some without a weight or due date: empty columns answer as Payload answers them.
            ...(n % 5 === 0 ? {} : { weight: n * 1.5, due: `2026-02-${String(n + 1).padStart(2, '0')}T10:00:00Z` }),
          },
        } as never,
      })
    }
  })

  it('marks every rule-made field read access, so that the page decides it once', () => {
    const fields = ctx.payload.collections[Slugs.records].config.flattenedFields
    const withAccess = fields.filter((field) => field.access?.read)
    expect(withAccess.length).toBeGreaterThan(5)
    for (const field of withAccess) expect(ruleReadOf(field.access!.read)).toBeDefined()
  })

  const pages: [string, Where, Sort, number, number][] = [
    ['newest first', {}, ['-createdAt', '-id'], 10, 1],
    ['by title, second page', {}, ['title', 'id'], 4, 2],
    ['open ones by weight (slot column)', { status: { equals: 'open' } }, ['-n1', 'id'], 10, 1],
    ['past the end', {}, ['-createdAt', '-id'], 10, 5],
  ]

  /** What a read gives: its documents as JSON text (the same keys in the same order), or its error. */
  const outcome = async (read: () => Promise<unknown>) => {
    try {
      return { json: JSON.stringify(await read()) }
    } catch (err) {
      return { error: (err as Error).constructor.name, message: (err as Error).message }
    }
  }

  it.each(['vendor', 'member', 'titles only', 'open data'])(
    'answers %s exactly what payload.find answers, page by page, refusals included',
    async (who) => {
      let answered = 0
      for (const [, extra, sort, limit, page] of pages) {
        const where: Where = { and: [{ type: { equals: typeId } }, extra] }
        const fast = await outcome(async () => {
          const req = await reqFor(who)
          const access = await ctx.payload.collections[Slugs.records].config.access.read({ req })
          if (access === false) throw new Error(`${who} may not read records`)
          const read = await recordRowsForUser(req, { where, sort, limit, page, access })
          if (!read) throw new Error('the one-statement read declined')
          return read.rows
        })
        expect(fast).toEqual(await outcome(async () => findForUser(await reqFor(who), { where, sort, limit, page })))
        if (fast.json) answered++
      }
      expect(answered).toBeGreaterThanOrEqual(3)
    },
  )

  it('reads a search page from a window of the unsearched records or from its matches, the same page either way', async () => {
    // `open` stands for the search: 9 of the 14 records match it.
    const unsearched: Where = { type: { equals: typeId } }
    const where: Where = { and: [unsearched, { status: { equals: 'open' } }] }
    const total = (await ctx.payload.count({ collection: Slugs.records, where })).totalDocs
    expect(total).toBe(9)
    for (const [sort, limit, page, cap] of [
      [['title', 'id'], 5, 1, 100], // all matches fit under the cap
      [['-createdAt', '-id'], 3, 2, 8], // more than the cap: from the window when it holds the page, else in order
      [['-n1', 'id'], 2, 1, 8], // the same, by a data field
      [['title', 'id'], 3, 3, 8], // the page lies past the cap: read in order, not counted
      [['title', 'id'], 3, 9, 100], // past the end: nothing to count by
    ] as [string[], number, number, number][]) {
      const vendor = await reqFor('vendor')
      const all = await findForUser(vendor, { where: unsearched, sort, limit: 100, page: 1 })
      const offset = (page - 1) * limit
      // What the reads tell of the count (selectRows.ts, searchedPage), for a window of `size`.
      const told = (size: number) => {
        const inWindow = all.slice(0, size).filter((record) => record.status === 'open').length
        if (offset + limit > cap || offset >= total) return undefined
        if (size > all.length) return { count: total, exact: true }
        if (inWindow > offset + limit) return { count: inWindow, exact: false }
        return total <= cap ? { count: total, exact: true } : { count: cap, exact: false }
      }
      // A window of 1 or 4 records is too small for most of these pages, 14 holds them all but
      // cannot tell, 1000 holds them all and tells; with matchesFirst no window is read.
      for (const [window, matchesFirst] of [
        [1, false],
        [4, false],
        [14, false],
        [1000, false],
        [1000, true],
      ] as const) {
        const req = await reqFor('vendor')
        const search = { cap, unsearched, window, matchesFirst }
        const read = await recordRowsForUser(req, { where, sort, limit, page, access: true, search })
        const found = await findForUser(req, { where, sort, limit, page })
        const asked = { sort, page, window, matchesFirst }
        expect({ ...asked, rows: JSON.stringify(read?.rows) }).toEqual({ ...asked, rows: JSON.stringify(found) })
        expect({ ...asked, matches: read?.matches }).toEqual({ ...asked, matches: told(matchesFirst ? 0 : window) })
      }
    }
  })

  it('refuses a sort or filter on a field the user may not read, as payload.find does', async () => {
    const where: Where = { type: { equals: typeId } }
    const refused: [{ where: Where; sort: string[] }, string][] = [
      [{ where, sort: ['-n1'] }, 'n1'],
      [{ where: { and: [where, { n1: { greater_than: 1 } }] }, sort: ['id'] }, 'n1'],
    ]
    for (const [query, path] of refused) {
      const req = await reqFor('titles only')
      const access = await ctx.payload.collections[Slugs.records].config.access.read({ req })
      const read = recordRowsForUser(req, { ...query, limit: 5, page: 1, access: access as Where })
      await expect(read).rejects.toThrow(`The following path cannot be queried: ${path}`)
    }
  })

  it("works out field permissions once per ability, never answering one user's query by another's", async () => {
    const query = { where: { type: { equals: typeId } }, sort: ['-n1'], limit: 5, page: 1 }
    const read = async (who: string) => {
      const req = await reqFor(who)
      const access = await ctx.payload.collections[Slugs.records].config.access.read({ req })
      return recordRowsForUser(req, { ...query, access: access as Where })
    }
    for (const round of [1, 2]) {
      expect({ round, rows: (await read('vendor'))?.rows.length }).toEqual({ round, rows: 5 })
      await expect(read('titles only')).rejects.toThrow('The following path cannot be queried: n1')
    }
  })

  it.each(['vendor', 'member', 'titles only'])(
    'counts records per status category for %s as payload.count does, refusing a field the rules hide',
    async (who) => {
      const where: Where = { type: { equals: typeId } }
      const req = await reqFor(who)
      const access = (await ctx.payload.collections[Slugs.records].config.access.read({ req })) as Where | true
      const fast = await outcome(async () => [
        ...(await countsForUser(req, Slugs.records, { where, groupBy: 'statusCategory', access }))!,
      ])
      const slow = await outcome(async () => {
        const counts: [string, number][] = []
        for (const category of ['done', 'open']) {
          const { totalDocs } = await ctx.payload.count({
            collection: Slugs.records,
            where: { and: [where, { statusCategory: { equals: category } }] },
            overrideAccess: false,
            req: await reqFor(who),
          })
          if (totalDocs > 0) counts.push([category, totalDocs])
        }
        return counts
      })
      const sorted = fast.json ? { json: JSON.stringify(JSON.parse(fast.json).sort()) } : fast
      expect(sorted.json ?? sorted).toEqual(slow.json ?? slow)
    },
  )

  it('leaves out what the rules hide: everywhere, or on the records they name', async () => {
    const where: Where = { type: { equals: typeId } }
    const page = { where, sort: ['title', 'id'], limit: 20, page: 1 }
    const titles = await recordPage(await reqFor('titles only'), page)
    expect(titles.docs.length).toBeGreaterThan(0)
    for (const doc of titles.docs as Record<string, unknown>[])
      expect(Object.keys(doc).sort()).toEqual(['createdAt', 'id', 'status', 'tenant', 'title', 'type', 'updatedAt'])
    const open = (await recordPage(await reqFor('open data'), page)).docs as Record<string, unknown>[]
    const shows = (doc: Record<string, unknown>, ...keys: string[]) => keys.some((key) => key in doc)
    expect(open.filter((doc) => doc.status === 'open').every((doc) => shows(doc, 'source', 'syncedAt'))).toBe(true)
    expect(open.filter((doc) => doc.status === 'done').some((doc) => shows(doc, 'source', 'externalId'))).toBe(false)
    expect(open.some((doc) => shows(doc, 'data'))).toBe(false)
    expect(open.some((doc) => doc.status === 'done')).toBe(true)
  })

  it.each(['vendor', 'member', 'no records'])(
    "reads a record type's key and version for %s as payload.find does",
    async (who) => {
      const found = await ctx.payload.find({
        collection: Slugs.recordTypes,
        where: { key: { equals: 'parcel' } },
        limit: 1,
        pagination: false,
        depth: 0,
        select: { key: true, revision: true, updatedAt: true },
        overrideAccess: false,
        req: await reqFor(who),
      })
      expect(JSON.stringify(await visibleRecordType(await reqFor(who), 'parcel'))).toBe(JSON.stringify(found.docs[0]))
    },
  )

  it('refuses (403, as payload.find does) a user who may read no record types, or no records', async () => {
    await expect(visibleRecordType(await reqFor('titles only'), 'parcel')).rejects.toBeInstanceOf(Forbidden)
    const page = { where: { type: { equals: typeId } }, sort: ['title'], limit: 5, page: 1 }
    await expect(recordPage(await reqFor('no records'), page)).rejects.toBeInstanceOf(Forbidden)
    await expect(findForUser(await reqFor('no records'), page)).rejects.toBeInstanceOf(Forbidden)
  })
})
