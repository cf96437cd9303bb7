/**
 * The portal's fast reads answer exactly what Payload's operations answer the same user: requests
 * through the adapter's find with the user's access Where (docsForUser.ts), and counts per value
 * of a column in one grouped statement (countsForUser), refusals included.
 */
import { jest } from '@jest/globals'
import { createLocalReq, type PayloadRequest, type Sort, type Where } from 'payload'
import { Slugs } from '../../collections/slugs'
import { docsForUser } from '../../src/access/docsForUser'
import { countForUser, countsForUser } from '../../src/access/rowsForUser'
import type { User } from '../../src/payload-types'
import { submitRequest } from '../../src/workflows/service'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { createWorkflowFixture, type WorkflowFixture } from '../harness/workflowFixtures'

describeEachDatabase('reads through the access Where below the operations', (ctx) => {
  let f: WorkflowFixture
  const reqFor = (user: User): Promise<PayloadRequest> =>
    createLocalReq({ user: { ...user, collection: Slugs.users } as never }, ctx.payload)
  /** What a read gives: its documents as JSON text (the same keys in the same order), or its error. */
  const outcome = async (read: () => Promise<unknown>) => {
    try {
      return { json: JSON.stringify(await read()) }
    } catch (err) {
      return { error: (err as Error).constructor.name, message: (err as Error).message }
    }
  }

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, 'dfu')
    const requester = { payload: ctx.payload, user: { ...f.requester, collection: Slugs.users } as never }
    for (const amount of [20_000, 300, 40_000])
      await submitRequest(requester, { type: 'purchase', data: { title: `Buy ${amount}`, amount } })
    const outsider = { payload: ctx.payload, user: { ...f.outsider, collection: Slugs.users } as never }
    await submitRequest(outsider, { type: 'purchase', data: { title: 'Elsewhere', amount: 20_000 } })
  })

  const users = () => [f.requester, f.financeLeads[2]!, f.outsider, f.viewer, f.accountManager, f.admin]
  const queries = (): [Where, Sort][] => [
    [{ requester: { equals: f.requester.id } }, '-updatedAt'],
    [{ and: [{ assignees: { in: [String(f.financeLeads[2]!.id)] } }, { outcome: { exists: false } }] }, 'dueAt'],
    [{ title: { like: 'Buy' } }, ['title', 'id']],
    [{ assignees: { equals: f.financeLeads[2]!.id } }, '-createdAt'],
    [{ assignees: { in: `${String(f.financeLeads[2]!.id)},${String(f.financeLeads[1]!.id)}` } }, 'createdAt'],
    [{ or: [{ assignees: { in: [f.financeLeads[2]!.id] } }, { requester: { equals: f.requester.id } }] }, 'title'],
    [{ assignees: { in: ['not-an-id'] } }, 'title'],
  ]

  it('answers every user exactly what payload.find answers, assignees and all', async () => {
    // A Where on the assignees in the top-level conjunction is answered in plain statements, not the adapter's find.
    const adapterFind = jest.spyOn(ctx.payload.db, 'find')
    await docsForUser(await reqFor(f.financeLeads[2]!), Slugs.requests, { where: queries()[1]![0], limit: 20 })
    expect(adapterFind).not.toHaveBeenCalled()
    adapterFind.mockRestore()
    let answered = 0
    // All fields, and some of them as `select` names them (relationships to many included): the same
    // documents with those fields only.
    const selects = [undefined, ['title', 'assignees', 'approvals', 'requester']]
    for (const user of users()) {
      for (const [where, sort] of queries()) {
        for (const select of selects) {
          const fast = await outcome(async () =>
            docsForUser(await reqFor(user), Slugs.requests, { where, sort, limit: 20, select }),
          )
          const slow = await outcome(async () => {
            const req = await reqFor(user)
            const read = {
              where,
              sort,
              limit: 20,
              depth: 0,
              pagination: false,
              overrideAccess: false,
              user: req.user,
              req,
            }
            const { docs } = await ctx.payload.find({ collection: Slugs.requests, ...read })
            // What `select` leaves of each document. (payload.find's own `select` answered only ids
            // here with overrideAccess: false, in Payload 3.90.2.)
            const kept = select && new Set(['id', ...select])
            return kept
              ? docs.map((doc) => Object.fromEntries(Object.entries(doc).filter(([key]) => kept.has(key))))
              : docs
          })
          expect(fast).toEqual(slow)
          if (fast.json && fast.json !== '[]') answered++
        }
      }
    }
    expect(answered).toBeGreaterThanOrEqual(12)
  })

  it('counts (per value of a column, and in all) as payload.count does, for each user', async () => {
    const { docs } = await ctx.payload.find({ collection: Slugs.requests, pagination: false, depth: 0 })
    const states = [...new Set(docs.map((doc) => doc.state))]
    expect(states.length).toBeGreaterThan(1)
    let counted = 0
    for (const user of users()) {
      const req = await reqFor(user)
      const access = await ctx.payload.collections[Slugs.requests].config.access.read({ req })
      const expected = new Map<unknown, number>()
      for (const state of states) {
        const { totalDocs } = await ctx.payload.count({
          collection: Slugs.requests,
          where: { state: { equals: state } },
          overrideAccess: false,
          user: req.user,
        })
        if (totalDocs > 0) expected.set(state, totalDocs)
      }
      if (access === false) continue
      const counts = await countsForUser(req, Slugs.requests, { where: {}, groupBy: 'state', access })
      expect(counts).toEqual(expected)
      const open: Where = { outcome: { exists: false } }
      const { totalDocs } = await ctx.payload.count({
        collection: Slugs.requests,
        where: open,
        overrideAccess: false,
        user: req.user,
      })
      expect(await countForUser(req, Slugs.requests, open)).toBe(totalDocs)
      counted += expected.size
    }
    expect(counted).toBeGreaterThan(2)
  })
})
