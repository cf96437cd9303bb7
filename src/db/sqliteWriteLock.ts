/**
 * One write transaction at a time on SQLite, queued inside the process.
 *
 * SQLite admits one writer. libsql runs each query synchronously and opens a fresh connection
 * (without a busy timeout) for whatever comes after a transaction, so a second request that writes
 * while a transaction is open gets SQLITE_BUSY at once, and a busy timeout could not help: the
 * waiting would block the very event loop that must finish the first transaction. Queueing the
 * transactions here turns concurrent writes into orderly turns instead of failures.
 */
import type { BaseDatabaseAdapter, DatabaseAdapterObj } from 'payload'

/** How long a transaction waits for its turn before failing (a hung or nested transaction). */
export const WRITE_LOCK_TIMEOUT_MS = 10_000

type Release = () => void

/** A first-come, first-served lock whose waiters give up after `timeoutMs`. */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve()

  acquire(timeoutMs: number): Promise<Release> {
    let release!: Release
    const turn = new Promise<void>((resolve) => (release = resolve))
    const previous = this.tail
    this.tail = previous.then(() => turn)
    return new Promise((resolve, reject) => {
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        // Our place in the queue still has to pass, or everyone behind us would wait forever.
        void previous.then(release)
        reject(new Error(`SQLite write lock: no turn within ${timeoutMs} ms (a transaction is hung or nested)`))
      }, timeoutMs)
      void previous.then(() => {
        clearTimeout(timer)
        if (!timedOut) resolve(release)
      })
    })
  }
}

function queueTransactions(adapter: BaseDatabaseAdapter): void {
  const queue = new WriteQueue()
  const holders = new Map<number | string, Release>()
  const begin = adapter.beginTransaction.bind(adapter)
  const commit = adapter.commitTransaction.bind(adapter)
  const rollback = adapter.rollbackTransaction.bind(adapter)

  adapter.beginTransaction = async (options) => {
    const release = await queue.acquire(WRITE_LOCK_TIMEOUT_MS)
    try {
      const id = await begin(options)
      if (id === null) release()
      else holders.set(id, release)
      return id
    } catch (err) {
      release()
      throw err
    }
  }
  const finishing =
    (finish: typeof commit): typeof commit =>
    async (idOrPromise) => {
      const id = await idOrPromise
      try {
        await finish(id)
      } finally {
        holders.get(id)?.()
        holders.delete(id)
      }
    }
  adapter.commitTransaction = finishing(commit)
  adapter.rollbackTransaction = finishing(rollback)
}

/** The SQLite adapter with its write transactions queued (see the module comment). */
export function withQueuedWrites(adapter: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const instance = adapter.init(args)
      queueTransactions(instance)
      return instance
    },
  }
}
