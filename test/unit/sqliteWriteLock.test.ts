import { WriteQueue } from '../../src/db/sqliteWriteLock'

describe('SQLite write queue', () => {
  it('gives turns in arrival order, one at a time', async () => {
    const queue = new WriteQueue()
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
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(order).toEqual([])
    first()
    ;(await second)()
    await third
    expect(order).toEqual(['second', 'third'])
  })

  it('fails a waiter that gets no turn in time, without blocking those behind it', async () => {
    const queue = new WriteQueue()
    const held = await queue.acquire(1000)
    await expect(queue.acquire(30)).rejects.toThrow(/no turn within 30 ms/)
    const next = queue.acquire(1000)
    held()
    const release = await next
    release()
  })
})
