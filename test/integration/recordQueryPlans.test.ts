/**
 * The plans behind /api/records/query, on a table of a few thousand records across tenants and
 * types (inserted with SQL, then ANALYZEd so the planner's choice is the one it makes with
 * statistics): a client's filtered and sorted page, and a search, are each answered from indexes,
 * never by reading all of records. The statements examined are the ones the endpoint really sends
 * to the database, caught at the driver.
 */
import type { Express } from 'express'
import request from 'supertest'
import { readRecordType, type RecordTypeDocument } from '../../collections/RecordTypes/storedRecordType'
import { SEARCH_WINDOW } from '../../collections/Records/recordPage'
import { Slugs } from '../../collections/slugs'
import { recordColumns } from '../../src/records/recordColumns'
import { RECORD_COLUMNS } from '../../src/records/slots'
import { BuiltInRoles } from '../../seed/roles'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { queryPlan, runSql, statementsDuring, type Statement } from '../harness/sqlStatements'
import { createClientUser, createTenant } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
const ROWS = 6000
const TENANTS = 6
const WORDS = ['harbour', 'pallets', 'fragile', 'express', 'customs', 'cold chain', 'bulk', 'return']
const CARRIERS = ['Maersk', 'DHL', 'UPS', 'Kühne + Nagel', 'DB Schenker']

const parcelType = {
  key: 'parcel',
  singularLabel: 'Parcel',
  pluralLabel: 'Parcels',
  titleField: 'ref',
  fields: [
    { key: 'ref', label: 'Reference', kind: 'text', required: true, searchable: true, sortable: true },
    { key: 'notes', label: 'Notes', kind: 'long_text', searchable: true },
    { key: 'carrier', label: 'Carrier', kind: 'text', searchable: true },
    { key: 'weight', label: 'Weight', kind: 'number', filterable: true, sortable: true },
    { key: 'eta', label: 'ETA', kind: 'date', filterable: true, sortable: true },
  ],
}
const invoiceType = { ...parcelType, key: 'invoice', singularLabel: 'Invoice', pluralLabel: 'Invoices' }

// Most records belong to a few large tenants, as on a real installation.
const tenantOf = (n: number) => [0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5][n % 11]! % TENANTS

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

describeEachDatabase('record query plans', (ctx) => {
  let app: Express
  let token: string
  const tenants: number[] = []

  /** The statements on records that `params` makes the endpoint send, and their plans. */
  async function plansOf(params: string): Promise<{ statements: Statement[]; plans: string[] }> {
    let status = 0
    const all = await statementsDuring(ctx.payload, async () => {
      status = (await request(app).get(`/api/records/query?${params}`).set('Authorization', `JWT ${token}`)).status
    })
    expect(status).toBe(200)
    const statements = all.filter((statement) => /\bfrom\s+"records"/i.test(statement.sql))
    expect(statements.length).toBeGreaterThan(0)
    return { statements, plans: await Promise.all(statements.map((s) => queryPlan(ctx.payload, s))) }
  }

  const fullScan = (plan: string) =>
    ctx.kind === 'postgres' ? /Seq Scan on records\b/.test(plan) : /^SCAN records\b(?!_)/m.test(plan)

  beforeAll(async () => {
    for (let t = 0; t < TENANTS; t++) tenants.push((await createTenant(ctx.payload, `plans-${t}`)).id)
    await createClientUser(
      ctx.payload,
      { email: 'member@plans.test', password: PASSWORD },
      tenants[0]!,
      BuiltInRoles.clientMember,
    )
    const types = []
    for (const definition of [parcelType, invoiceType]) {
      const created = await ctx.payload.create({ collection: Slugs.recordTypes, data: definition as never })
      const stored = await ctx.payload.findByID({ collection: Slugs.recordTypes, id: created.id, depth: 0 })
      types.push(readRecordType(stored as unknown as RecordTypeDocument)!)
    }
    const columns = ['type_id', 'tenant_id', 'data', 'source', 'external_id', 'status_category', 'search_text']
    const slots = RECORD_COLUMNS.map(snake)
    const rows: unknown[][] = []
    for (let n = 0; n < ROWS; n++) {
      const loaded = types[n % 3 === 0 ? 1 : 0]!
      const data = {
        ref: `SHP-${100000 + n}`,
        // A rare two-letter word, for the word index: 12 records say "XY".
        notes: `${WORDS[n % WORDS.length]} ${WORDS[(n * 7) % WORDS.length]} lot ${n % 500}${n % 500 === 7 ? ' XY' : ''}`,
        carrier: CARRIERS[n % CARRIERS.length]!,
        weight: n % 97,
        eta: new Date(Date.UTC(2026, 0, 1) + (n % 365) * 86_400_000).toISOString().slice(0, 10),
      }
      const derived = recordColumns(loaded.type, loaded.assignment, data)
      const created = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString()
      rows.push([
        loaded.id,
        tenants[tenantOf(n)],
        JSON.stringify(data),
        'plans',
        `x-${n}`,
        derived.statusCategory,
        derived.searchText,
        ...RECORD_COLUMNS.map((column) => derived[column]),
        created,
        created,
      ])
    }
    const names = [...columns, ...slots, 'created_at', 'updated_at']
    for (let start = 0; start < rows.length; start += 400) {
      const batch = rows.slice(start, start + 400)
      let p = 0
      const placeholder = () => (ctx.kind === 'postgres' ? `$${++p}` : '?')
      const values = batch.map((row) => `(${row.map(placeholder).join(', ')})`).join(', ')
      await runSql(ctx.payload, `INSERT INTO records (${names.join(', ')}) VALUES ${values}`, batch.flat())
    }
    // PostgreSQL: VACUUM as autovacuum would after a bulk load; until then the GIN indexes hold the
    // new rows in their pending list, which the planner rightly counts as a cost.
    await runSql(ctx.payload, ctx.kind === 'postgres' ? 'VACUUM ANALYZE records' : 'ANALYZE')
    app = await testApp(ctx)
    token = await login(app, 'member@plans.test', PASSWORD)
  })

  it('stores the records the plans are about', async () => {
    expect((await ctx.payload.count({ collection: Slugs.records })).totalDocs).toBe(ROWS)
  })

  it("reads a client's filtered, sorted page of one type through a tenant and type index", async () => {
    const { plans } = await plansOf('type=parcel&filter[weight][gte]=90&sort=-eta&limit=10')
    for (const plan of plans) {
      expect(fullScan(plan)).toBe(false)
      expect(plan).toMatch(
        ctx.kind === 'postgres'
          ? /Index (Only )?Scan (Backward )?(using|on) tenant_type_\w+_idx/
          : /SEARCH records USING (COVERING )?INDEX tenant_type_\w+_idx \(tenant_id=\? AND type_id=\?/,
      )
    }
  })

  /**
   * A search's statements (selectRows.ts, searchedPage): a window of the tenant and type's records
   * in order, counted, and, when that cannot answer, the search's matches, counted; or, for a term
   * that names a number, its matches alone. Each asks for the term.
   */
  async function searchPlans(term: string, expected: ('window' | 'matches')[]) {
    const { statements, plans } = await plansOf(`type=parcel&q=${encodeURIComponent(term)}`)
    const asking = statements.map((s) => JSON.stringify(s.params).toLowerCase().includes(term.toLowerCase()))
    expect(asking.every(Boolean)).toBe(true)
    const kinds = statements.map((s) =>
      /_window_size/.test(s.sql) ? 'window' : /_matches/.test(s.sql) ? 'matches' : 'other',
    )
    expect(kinds).toEqual(expected)
    return { statements, window: plans[kinds.indexOf('window')], matches: plans[kinds.indexOf('matches')] }
  }

  /**
   * Whether the window's plan reads the tenant and type's newest ids from their index, then each
   * record by id, never all of records.
   */
  function expectBoundedWindow(window: string) {
    // On SQLite the window (a subquery named like the table, over the ordered read) is read as
    // "SCAN records" after it is made.
    const tableReads = ctx.kind === 'postgres' ? window : window.replace(/^(\s*)CO-ROUTINE records\n/m, '')
    expect(fullScan(tableReads.replace(/^SCAN records$/m, ''))).toBe(false)
    expect(window).toMatch(
      ctx.kind === 'postgres'
        ? /Nested Loop\n\s*-> {2}Limit\n\s*-> {2}Index Only Scan Backward using "tenant_type_createdAt_idx" on records \w+\n\s*Index Cond: \(\(tenant_id = \d+\) AND \(type_id = \d+\)\)\n\s*-> {2}Limit\n\s*-> {2}Index Scan using records_pkey/
        : /CO-ROUTINE _nearest\n\s*SEARCH records USING COVERING INDEX tenant_type_createdAt_idx \(tenant_id=\? AND type_id=\?\)\n\s*SCAN _nearest\n\s*SEARCH records USING INTEGER PRIMARY KEY/,
    )
  }

  it.each([
    ['a part of a reference', 'trigram', '0424'],
    ['a short word start', 'words', 'xy'],
  ] as const)('searches %s through the %s index, after a window', async (_, index, term) => {
    const { matches, window } = await searchPlans(term, ['window', 'matches'])
    expectBoundedWindow(window!)
    expect(matches).toBeDefined()
    expect(fullScan(matches!)).toBe(false)
    expect(matches).toMatch(
      ctx.kind === 'postgres'
        ? new RegExp(`Bitmap Index Scan on records_search_${index}_idx`)
        : new RegExp(`SCAN records_search_${index} VIRTUAL TABLE`),
    )
  })

  it('searches a reference with its number through the numbers index (PostgreSQL), its matches first and alone', async () => {
    const { matches } = await searchPlans('SHP-10424', ['matches'])
    expect(fullScan(matches!)).toBe(false)
    expect(matches).toMatch(
      ctx.kind === 'postgres'
        ? /Bitmap Index Scan on records_search_numbers_idx/
        : /SCAN records_search_trigram VIRTUAL TABLE/,
    )
    // The numbers index alone: the trigram index would only add its reading to it.
    expect(matches).not.toMatch(/records_search_trigram_idx/)
    // Its statement is kept per shape and planned once, as other searches' are: asked again for
    // another number, PostgreSQL is sent the kept statement, by name.
    const again = await searchPlans('SHP-10537', ['matches'])
    expect(again.statements[0]!.name?.startsWith('atrium_') ?? false).toBe(ctx.kind === 'postgres')
  })

  it.each(['0424', 'SHP-10424'])(
    'reads the matches of %s before it sorts them, never walking the newest-first index for them',
    async (term) => {
      const { matches } = await searchPlans(term, term === '0424' ? ['window', 'matches'] : ['matches'])
      expect(matches).not.toMatch(/created_?at_idx/i)
      if (ctx.kind === 'postgres') {
        // The page's sort comes after a LIMITed read of the matches through a search index.
        expect(matches).toMatch(/Sort[\s\S]*Limit[\s\S]*Bitmap Index Scan on records_search_(trigram|numbers)_idx/)
      }
    },
  )

  it("reads a common term's page from a window of the newest records, a thousand at most, and nothing else", async () => {
    // Every record of the client's tenant matches "SHP": the window holds the page and more.
    const { statements, window } = await searchPlans('SHP', ['window'])
    expect(statements[0]!.params).toContain(SEARCH_WINDOW)
    expectBoundedWindow(window!)
  })

  it("answers a common term's pages from the window as the unsearched list orders them, within the client tenant", async () => {
    // Every parcel of the client's tenant holds "SHP": the search's pages are the list's pages.
    const ask = async (params: string) =>
      (await request(app).get(`/api/records/query?type=parcel&${params}`).set('Authorization', `JWT ${token}`)).body
    for (const page of [1, 2, 7]) {
      const [searched, listed] = [await ask(`q=SHP&page=${page}`), await ask(`page=${page}`)]
      const ids = (body: { docs: { id: unknown; tenant: unknown }[] }) => body.docs.map((doc) => doc.id)
      expect(searched.docs.length).toBe(10)
      expect(ids(searched)).toEqual(ids(listed))
      expect(new Set(searched.docs.map((doc: { tenant: unknown }) => doc.tenant))).toEqual(new Set([tenants[0]]))
      expect({ totalDocs: searched.totalDocs, exact: searched.totalDocsExact }).toEqual({
        totalDocs: 1000,
        exact: false,
      })
    }
  })

  it('finds what it plans for: the searched record, within the client tenant', async () => {
    const res = await request(app)
      .get('/api/records/query?type=parcel&q=SHP-100011')
      .set('Authorization', `JWT ${token}`)
    expect(res.body.docs.map((doc: { title: string }) => doc.title)).toEqual(['SHP-100011'])
  })
})
