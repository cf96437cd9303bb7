import { randomUUID } from 'node:crypto'
import type { PoolClient } from 'pg'
import { getTestSettings } from '../../src/config/settings'
import {
  limitTransactions,
  pgWithExplainedPool,
  POSTGRES_POOL_MAX,
  postgresPoolOptions,
  transactionSlots,
} from '../../src/db/postgresPool'
import type { TransactionMethods } from '../../src/db/transactionTurns'

describe('PostgreSQL pool sizing', () => {
  it('sizes the pool explicitly and bounds the wait for a connection', () => {
    const options = postgresPoolOptions('postgres://u@127.0.0.1:5432/db')
    expect(options).toMatchObject({ connectionString: 'postgres://u@127.0.0.1:5432/db', max: POSTGRES_POOL_MAX })
    expect(options.connectionTimeoutMillis).toBeGreaterThan(0)
  })

  it.each([
    [20, 9],
    [10, 4],
    [3, 1],
    [2, 1],
  ])('lets a pool of %i let %i transaction(s) hold a connection each, with one to spare each', (max, slots) => {
    expect(transactionSlots(max)).toBe(slots)
  })
})

describe('limitTransactions', () => {
  it('keeps the transactions beyond the slots waiting, then fails them with the reason', async () => {
    const open = new Set<string>()
    const target: TransactionMethods = {
      beginTransaction: async () => {
        const id = randomUUID()
        open.add(id)
        return id
      },
      commitTransaction: async (id) => void open.delete(String(await id)),
      rollbackTransaction: async (id) => void open.delete(String(await id)),
    }
    const queue = limitTransactions(target, 3, 100)
    const inFlow = async () => {
      await null
      return target.beginTransaction()
    }
    const ids = await Promise.all([inFlow(), inFlow(), inFlow()])
    await expect(inFlow()).rejects.toThrow(/^PostgreSQL transactions: no turn within 100 ms, all 3 taken \(/)
    expect(open.size).toBe(3)
    const fourth = inFlow()
    await target.commitTransaction(ids[0]!)
    await expect(fourth).resolves.toEqual(expect.any(String))
    expect([queue.held, open.size]).toEqual([3, 3])
  })
})

describe('the pool given to db-postgres', () => {
  it('says that no connection was free when a query waits too long for one', async () => {
    const { postgresAdminUrl } = getTestSettings()
    // The bound also limits setting up the first connection, which on a loaded machine took over 50 ms.
    const pool = new pgWithExplainedPool.Pool({
      connectionString: postgresAdminUrl,
      max: 1,
      connectionTimeoutMillis: 1_000,
    })
    let held: PoolClient | undefined
    try {
      held = await pool.connect()
      const message = /^PostgreSQL: no pooled connection free within 1000 ms, all 1 in use \(/
      await expect(pool.query('select 1')).rejects.toThrow(message)
      await expect(pool.connect()).rejects.toThrow(message)
      held.release()
      held = undefined
      expect((await pool.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }])
    } finally {
      held?.release()
      await pool.end()
    }
  })
})
