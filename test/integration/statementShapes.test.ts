/**
 * A statement's text is built once per shape of its Where (statementShapes.ts), and every call still
 * answers with its own values: the same rows, in the same order, as the adapter's own find, for
 * each of several values of one shape, before and after the text is kept. Values that Payload
 * translates differently are never given another value's statement.
 */
import type { Payload, Sort, Where } from 'payload'
import { Slugs } from '../../collections/slugs'
import { countUpTo } from '../../src/db/countUpTo'
import { tableQueryOf } from '../../src/db/drizzleTable'
import { selectRows } from '../../src/db/selectRows'
import { shapedRows, shapeOf, type Preparable } from '../../src/db/statementShapes'
import { submitRequest } from '../../src/workflows/service'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { statementsDuring } from '../harness/sqlStatements'
import { createWorkflowFixture, type WorkflowFixture } from '../harness/workflowFixtures'

describeEachDatabase('statements built once per shape of their Where', (ctx) => {
  let f: WorkflowFixture
  const config = () => ctx.payload.collections[Slugs.requests].config
  const fields = () =>
    config().flattenedFields.filter((field) => ['title', 'requester', 'tenant', 'assignees'].includes(field.name))
  const idsBy = async (payload: Payload, where: Where, sort: Sort) => {
    const selected = await selectRows(payload, Slugs.requests, { where, sort, limit: 50, offset: 0, fields: fields() })
    return selected?.rows.map((row) => row.id)
  }
  const idsByAdapter = async (where: Where, sort: Sort) =>
    (await ctx.payload.db.find({ collection: Slugs.requests, where, sort, limit: 50, pagination: false })).docs.map(
      (doc) => doc.id,
    )

  /** The ids of requests matching `where`, by id: a statement for shapedRows to build. */
  const idsStatement = (where: Where) => {
    const sqlTable = tableQueryOf(ctx.payload, Slugs.requests, where, 'id')
    if (!sqlTable) return undefined
    const { db, table, query } = sqlTable
    return db.drizzle
      .select({ id: table.id })
      .from(table)
      .where(query.where)
      .orderBy(...query.orderBy.map(({ column, order }) => order(column))) as unknown as Preparable
  }

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, 'shape')
    const as = (user: WorkflowFixture['requester']) => ({
      payload: ctx.payload,
      user: { ...user, collection: Slugs.users } as never,
    })
    for (const amount of [20_000, 300, 40_000])
      await submitRequest(as(f.requester), { type: 'purchase', data: { title: `Buy ${amount}`, amount } })
    await submitRequest(as(f.outsider), { type: 'purchase', data: { title: 'Elsewhere', amount: 20_000 } })
  })

  it('answers each value of a shape as the adapter finds it, before and after the text is kept', async () => {
    const lead = String(f.financeLeads[2]!.id)
    const now = new Date().toISOString()
    const shapes: [Where[], Sort][] = [
      [
        [f.requester.id, f.outsider.id, String(f.requester.id), 999_999].map((id) => ({ requester: { equals: id } })),
        '-createdAt',
      ],
      [
        [f.tenant, f.otherTenant].map(
          (tenant): Where => ({
            and: [{ tenant: { in: [tenant] } }, { outcome: { exists: false } }],
          }),
        ),
        'createdAt',
      ],
      [
        [lead, String(f.financeLeads[0]!.id), String(f.outsider.id)].map((id) => ({ assignees: { in: [id] } })),
        'title',
      ],
      [['2000-01-01T00:00:00.000Z', now].map((at) => ({ createdAt: { greater_than: at } })), 'createdAt'],
      [
        ['draft', 'approval', 'finance_review'].map(
          (state): Where => ({
            or: [{ state: { equals: state } }, { title: { equals: 'Elsewhere' } }],
          }),
        ),
        'id',
      ],
      // Any text of three characters or more: a LIKE pattern (`_` a wildcard, as Payload writes it).
      [['Buy', 'y 4', 'Elsewhere', 'B_y 3', 'nothing', '%%%'].map((text) => ({ title: { contains: text } })), 'title'],
      [['Buy-0001', 'y 4-1234', 'x_1234'].map((text) => ({ title: { contains: text } })), 'title'],
      // Not shaped: each is built as given.
      [['Buy', 'Else'].map((text) => ({ title: { like: text } })), 'title'],
      [['Bu', 'E'].map((text) => ({ title: { contains: text } })), 'title'],
      [[{ outcome: { equals: null } }, { tenant: { in: `${f.tenant},${f.otherTenant}` } }], 'id'],
    ]
    let answered = 0
    for (const pass of [1, 2])
      for (const [wheres, sort] of shapes)
        for (const where of wheres) {
          const ids = await idsBy(ctx.payload, where, sort)
          expect({ pass, where, ids }).toEqual({ pass, where, ids: await idsByAdapter(where, sort) })
          if (ids?.length) answered++
        }
    expect(answered).toBeGreaterThanOrEqual(16)
  })

  it('builds a shape once on PostgreSQL, every call on SQLite', async () => {
    let builds = 0
    const read = (requester: number) =>
      shapedRows(ctx.payload, config(), 'test|requester', { requester: { equals: requester } }, (where) => {
        builds++
        return idsStatement(where)
      })
    const mine = (await read(f.requester.id)) as { id: unknown }[]
    // PostgreSQL: with its own values and with a probe's; SQLite: as asked.
    expect(builds).toBe(ctx.kind === 'postgres' ? 2 : 1)
    const theirs = (await read(f.outsider.id)) as { id: unknown }[]
    expect(mine.map((row) => row.id)).toEqual(await idsByAdapter({ requester: { equals: f.requester.id } }, 'id'))
    expect(theirs.map((row) => row.id)).toEqual(await idsByAdapter({ requester: { equals: f.outsider.id } }, 'id'))
    expect(mine.length).toBe(3)
    expect(theirs.length).toBe(1)
    expect(builds).toBe(2)
    await read(f.viewer.id)
    expect(builds).toBe(ctx.kind === 'postgres' ? 2 : 3)
  })

  it('plans once when asked: the kept statement named on PostgreSQL, each value still answered as the adapter finds it', async () => {
    const read = (text: string) =>
      shapedRows(ctx.payload, config(), 'test|planOnce', { title: { contains: text } }, idsStatement, {
        planOnce: true,
      })
    // Past the five runs after which PostgreSQL may keep one plan for every value, on each connection.
    const terms = ['Buy', 'y 3', 'Elsewhere', '000', 'nothing', '%_%', 'uy 4']
    for (let run = 0; run < 3; run++)
      for (const term of terms) {
        const ids = ((await read(term)) as { id: unknown }[]).map((row) => row.id)
        expect({ term, ids }).toEqual({ term, ids: await idsByAdapter({ title: { contains: term } }, 'id') })
      }
    const sent = await statementsDuring(ctx.payload, () => read('Buy'))
    expect(sent.map((statement) => statement.name?.startsWith('atrium_') ?? false)).toEqual(
      ctx.kind === 'postgres' ? [true] : [false],
    )
  })

  it("counts up to a ceiling with each call's own values and ceiling, the text kept per shape and ceiling", async () => {
    const upTo = (requester: number, ceiling: number) =>
      countUpTo(ctx.payload, Slugs.requests, { requester: { equals: requester } }, ceiling)
    const asked: [number, number][] = [
      [f.requester.id, 10],
      [f.requester.id, 2],
      [f.outsider.id, 10],
      [f.requester.id, 10],
      [f.outsider.id, 2],
      [f.viewer.id, 10],
    ]
    const counted = []
    for (const [requester, ceiling] of asked) counted.push(await upTo(requester, ceiling))
    expect(counted).toEqual([3, 2, 1, 3, 1, 0])
  })

  it('shapes only values that Payload translates alike', () => {
    const users = ctx.payload.collections[Slugs.users].config
    const requests = config()
    expect(shapeOf(ctx.payload, requests, { requester: { equals: 7 } })?.key).toBe(
      shapeOf(ctx.payload, requests, { requester: { equals: 8 } })?.key,
    )
    expect(shapeOf(ctx.payload, requests, { requester: { equals: 7 } })?.key).not.toBe(
      shapeOf(ctx.payload, requests, { requester: { equals: '7' } })?.key,
    )
    expect(shapeOf(ctx.payload, requests, { title: { contains: 'abc' } })?.key).toBe(
      shapeOf(ctx.payload, requests, { title: { contains: 'SHP-1 %' } })?.key,
    )
    // A text that names a number (searchQuery.ts, numbersIn) is asked for through another index.
    expect(shapeOf(ctx.payload, requests, { title: { contains: 'SHP-1042' } })?.key).toBe(
      shapeOf(ctx.payload, requests, { title: { contains: 'INV-2026-0042 %' } })?.key,
    )
    expect(shapeOf(ctx.payload, requests, { title: { contains: 'SHP-1042' } })?.key).not.toBe(
      shapeOf(ctx.payload, requests, { title: { contains: 'SHP-104' } })?.key,
    )
    expect(shapeOf(ctx.payload, requests, { tenant: { in: [1] } })?.key).not.toBe(
      shapeOf(ctx.payload, requests, { tenant: { in: [1, 2] } })?.key,
    )
    for (const where of [
      { active: { equals: 'true' } },
      { title: { like: 'x' } },
      { title: { contains: 'ab' } },
      { title: { contains: 123 } },
      { requester: { contains: 'abc' } },
      { title: { equals: 'two words' } },
      { title: { equals: 'null' } },
      { createdAt: { greater_than: '5' } },
      { createdAt: { greater_than: '2026-02-30T00:00:00.000Z' } },
      { tenant: { in: '1,2' } },
      { requester: { equals: 'abc' } },
      { 'data.amount': { equals: 5 } },
      { requester: { equals: 0 } },
    ] as Where[])
      expect(shapeOf(ctx.payload, 'active' in where ? users : requests, where)).toBeUndefined()
  })
})
