import { Slugs } from '../../collections/slugs'
import { describeEachDatabase } from '../harness/describeEachDatabase'

describeEachDatabase('database adapter', (ctx) => {
  it('has transactions enabled', async () => {
    const id = await ctx.payload.db.beginTransaction()
    expect(id).not.toBeNull()
    await ctx.payload.db.rollbackTransaction(id!)
  })

  it('rolls back a failed write completely', async () => {
    const transactionID = await ctx.payload.db.beginTransaction()
    if (transactionID === null) throw new Error('transactions are off')
    const req = { transactionID }
    await ctx.payload.create({
      collection: Slugs.users,
      data: { email: 'rolled-back@example.com', password: 'a-long-password', name: 'R', kind: 'staff' },
      req,
    })
    await ctx.payload.db.rollbackTransaction(transactionID)
    expect((await ctx.payload.count({ collection: Slugs.users })).totalDocs).toBe(0)
  })

  it('accepts 20 concurrent writes without losing or failing any', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        ctx.payload.create({
          collection: Slugs.users,
          data: { email: `concurrent-${i}@example.com`, password: 'a-long-password', name: `C${i}`, kind: 'staff' },
        }),
      ),
    )
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    expect((await ctx.payload.count({ collection: Slugs.users })).totalDocs).toBe(20)
  })

  it('accepts 20 concurrent updates of one document', async () => {
    const [first] = (await ctx.payload.find({ collection: Slugs.users, limit: 1 })).docs
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        ctx.payload.update({ collection: Slugs.users, id: first!.id, data: { name: `Update ${i}` } }),
      ),
    )
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
  })
})
