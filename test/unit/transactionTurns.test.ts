import { randomUUID } from 'node:crypto'
import { takeTurnsForTransactions, TurnQueue, type TransactionMethods } from '../../src/db/transactionTurns'

const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

describe('TurnQueue', () => {
  it('gives turns in arrival order, one at a time', async () => {
    const queue = new TurnQueue(1, 'test', 'hint')
    const order: string[] = []
    const first = await queue.acquire(1000)
    const second = queue.acquire(1000).then((release) => {
      order.push('second')
      return release
    })
    const third = queue.acquire(1000).then((release) => {
      order.push('third')
      release()
    })
    await settle()
    expect(order).toEqual([])
    first()
    ;(await second)()
    await third
    expect(order).toEqual(['second', 'third'])
  })

  it('fails a waiter that gets no turn in time, without blocking those behind it', async () => {
    const queue = new TurnQueue(1, 'SQLite write lock', 'a transaction is hung or nested')
    const held = await queue.acquire(1000)
    await expect(queue.acquire(30)).rejects.toThrow(
      'SQLite write lock: no turn within 30 ms (a transaction is hung or nested)',
    )
    const next = queue.acquire(1000)
    held()
    const release = await next
    release()
    expect(queue.held).toBe(0)
  })

  it('gives up to `capacity` turns at once, then hands each freed turn to the longest waiter', async () => {
    const queue = new TurnQueue(3, 'test', 'hint')
    const held = await Promise.all([queue.acquire(1000), queue.acquire(1000), queue.acquire(1000)])
    const order: number[] = []
    const waiting = [4, 5, 6].map((n) =>
      queue.acquire(1000).then((release) => {
        order.push(n)
        return release
      }),
    )
    await settle()
    expect([queue.held, queue.waiting, order]).toEqual([3, 3, []])
    held[1]?.()
    await settle()
    expect(order).toEqual([4])
    // A newcomer does not overtake the waiters, even when it arrives just as a turn is freed.
    held[0]?.()
    const newcomer = queue.acquire(1000).then((release) => {
      order.push(7)
      return release
    })
    held[2]?.()
    const released = await Promise.all(waiting)
    expect(order).toEqual([4, 5, 6])
    released[0]?.()
    ;(await newcomer)()
    expect(order).toEqual([4, 5, 6, 7])
    for (const release of released) release()
    expect([queue.held, queue.waiting]).toEqual([0, 0])
  })

  it('says what ran out when a waiter times out', async () => {
    const queue = new TurnQueue(2, 'PostgreSQL transactions', 'the database is overloaded')
    const held = await Promise.all([queue.acquire(1000), queue.acquire(1000)])
    const started = Date.now()
    await expect(queue.acquire(50)).rejects.toThrow(
      'PostgreSQL transactions: no turn within 50 ms, all 2 taken (the database is overloaded)',
    )
    expect(Date.now() - started).toBeLessThan(1000)
    expect(queue.waiting).toBe(0)
    for (const release of held) release()
  })

  it('frees a turn once however often its release is called', async () => {
    const queue = new TurnQueue(1, 'test', 'hint')
    const release = await queue.acquire(1000)
    const next = queue.acquire(1000)
    release()
    release()
    const nextRelease = await next
    await expect(queue.acquire(30)).rejects.toThrow(/no turn within 30 ms/)
    nextRelease()
    expect(queue.held).toBe(0)
  })

  it('refuses a capacity below one', () => {
    expect(() => new TurnQueue(0, 'test', 'hint')).toThrow(/capacity/)
  })
})

// An adapter whose transactions are ids in a set; the queue decides when they may begin.
describe('takeTurnsForTransactions', () => {
  let open: Set<string>
  let target: TransactionMethods
  let queue: TurnQueue
  let nestedCalls: number
  const end = async (id: number | Promise<number | string> | string) => {
    open.delete(String(await id))
  }
  // Each call stands for a Payload operation of its own: an async flow that awaits before it begins.
  const inFlow = async <T>(run: () => Promise<T>): Promise<T> => {
    await null
    return run()
  }

  beforeEach(() => {
    open = new Set()
    nestedCalls = 0
    target = {
      beginTransaction: async () => {
        const id = randomUUID()
        open.add(id)
        return id
      },
      commitTransaction: end,
      rollbackTransaction: end,
    }
    queue = new TurnQueue(2, 'test transactions', 'hint')
    takeTurnsForTransactions(target, {
      queue,
      timeoutMs: 200,
      nested: (begin) => {
        nestedCalls += 1
        return begin()
      },
    })
  })

  it('lets a transaction from another flow begin only when one has ended', async () => {
    const first = await inFlow(() => target.beginTransaction())
    const second = await inFlow(() => target.beginTransaction())
    let third: number | string | null = null
    const waiting = inFlow(async () => (third = await target.beginTransaction()))
    await settle()
    expect([open.size, third, queue.waiting]).toEqual([2, null, 1])
    await target.rollbackTransaction(first!)
    await waiting
    expect(open.size).toBe(2)
    await target.commitTransaction(second!)
    await target.commitTransaction(third!)
    expect([open.size, queue.held]).toEqual([0, 0])
  })

  it('does not make a nested beginTransaction wait for a turn its own flow holds', async () => {
    await inFlow(() => target.beginTransaction())
    await inFlow(async () => {
      const outer = await target.beginTransaction()
      // Every turn is taken now, one of them by this flow: a nested begin that queued would never end.
      const started = Date.now()
      const inner = await target.beginTransaction()
      expect(Date.now() - started).toBeLessThan(100)
      expect([nestedCalls, open.size, queue.held]).toEqual([1, 3, 2])
      await target.commitTransaction(inner!)
      expect(queue.held).toBe(2)
      await target.commitTransaction(outer!)
      expect(queue.held).toBe(1)
      // After the end of its transaction the same flow waits like any other.
      await expect(target.beginTransaction()).resolves.toEqual(expect.any(String))
      expect(nestedCalls).toBe(1)
    })
  })

  it('fails a beginTransaction that gets no turn in time, with the reason', async () => {
    await Promise.all([inFlow(() => target.beginTransaction()), inFlow(() => target.beginTransaction())])
    await expect(inFlow(() => target.beginTransaction())).rejects.toThrow(
      'test transactions: no turn within 200 ms, all 2 taken (hint)',
    )
    expect(open.size).toBe(2)
  })

  it('gives the turn back when beginning fails or yields no transaction', async () => {
    const outcomes = [Promise.reject(new Error('cannot begin')), Promise.resolve(null)]
    outcomes[0]?.catch(() => undefined)
    const single = new TurnQueue(1, 'single', 'hint')
    const failing: TransactionMethods = {
      beginTransaction: () => outcomes.shift()!,
      commitTransaction: end,
      rollbackTransaction: end,
    }
    takeTurnsForTransactions(failing, { queue: single, timeoutMs: 200, nested: (begin) => begin() })
    await expect(inFlow(() => failing.beginTransaction())).rejects.toThrow('cannot begin')
    await expect(inFlow(() => failing.beginTransaction())).resolves.toBeNull()
    expect(single.held).toBe(0)
  })
})
