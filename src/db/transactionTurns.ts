/**
 * Turns for Payload's transactions: a bounded number open at once, the rest waiting in arrival order,
 * and a flow that holds a turn never waiting for another one. Shared by SQLite (one turn: its one
 * writer, see sqliteWriteLock.ts) and PostgreSQL (half the pool, see postgresPool.ts).
 *
 * Why (payload 3.90, @payloadcms/drizzle 3.90): a Payload transaction stays open across awaits while
 * its operation runs, and only statements carrying its req reach it (drizzle getTransaction).
 * Payload also reads and writes beside its own open transaction without that req (forgotPassword's
 * reservation, checkDocumentLockStatus, incrementLoginAttempts, Local API calls from hooks), so an
 * open transaction may need one more connection or lock before it can finish. When every connection
 * or lock is taken by such transactions, none can finish: they must be limited where they begin.
 *
 * The async flow that began a transaction is marked in AsyncLocalStorage, so that a nested
 * beginTransaction in that flow (a Local API call without req from inside an operation) does not
 * queue behind the turn its own flow holds: that would be a deadlock of the flow with itself. The
 * mark is set with enterWith at the synchronous start of beginTransaction: it holds for the rest of
 * that operation (Payload's Local and REST entry points await before they begin, so the mark stays
 * inside the operation) and means nothing once that transaction has ended.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { BaseDatabaseAdapter } from 'payload'

/** Ends a turn; calling it again does nothing. */
export type Release = () => void

type TransactionId = number | string

interface Waiter {
  grant: () => void
}

/** A counting semaphore: up to `capacity` turns at once, first come first served; waiters give up after a timeout. */
export class TurnQueue {
  private taken = 0
  private readonly waiters: Waiter[] = []

  /**
   * @param capacity how many turns may be held at once
   * @param name what the turns stand for, at the start of a timeout's message
   * @param hint the likely cause of a timeout, at its end
   */
  constructor(
    readonly capacity: number,
    readonly name: string,
    private readonly hint: string,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`${name}: capacity must be a positive integer`)
  }

  /** Turns held now. */
  get held(): number {
    return this.taken
  }

  /** Callers waiting for a turn now. */
  get waiting(): number {
    return this.waiters.length
  }

  /** Resolves with the function that ends this turn, once a turn is free and every earlier caller has had one. */
  acquire(timeoutMs: number): Promise<Release> {
    if (this.taken < this.capacity && this.waiters.length === 0) {
      this.taken += 1
      return Promise.resolve(this.releaser())
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer)
          resolve(this.releaser())
        },
      }
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        const taken = this.capacity === 1 ? '' : `, all ${this.capacity} taken`
        reject(new Error(`${this.name}: no turn within ${timeoutMs} ms${taken} (${this.hint})`))
      }, timeoutMs)
      this.waiters.push(waiter)
    })
  }

  private releaser(): Release {
    let released = false
    return () => {
      if (released) return
      released = true
      // Handed straight to the longest waiter, so nobody arriving meanwhile can take it first.
      const next = this.waiters.shift()
      if (next) next.grant()
      else this.taken -= 1
    }
  }
}

/** A Payload transaction, as seen from the async flow that began it. */
export interface TransactionHold {
  /** The queue (so the adapter) it belongs to. */
  readonly queue: TurnQueue
  state: 'queued' | 'beginning' | 'open' | 'closing' | 'closed'
  release?: Release
}

// Which transaction, if any, the current async flow holds. Node 20 tracks promises for
// AsyncLocalStorage only from the moment a storage is first used: a mark set (enterWith) in a
// continuation of a promise created before that lands on the outer resource and reaches unrelated
// flows. Enabling it when this module loads, before Payload starts, keeps marks within their flow.
const flows = new AsyncLocalStorage<TransactionHold>()
flows.run({ queue: new TurnQueue(1, 'none', 'none'), state: 'closed' }, () => undefined)

/** The transaction on `queue` that the calling async flow began, if any (in whatever state). */
export function heldInThisFlow(queue: TurnQueue): TransactionHold | undefined {
  const hold = flows.getStore()
  return hold?.queue === queue ? hold : undefined
}

/** The adapter methods that take and give back turns. */
export type TransactionMethods = Pick<
  BaseDatabaseAdapter,
  'beginTransaction' | 'commitTransaction' | 'rollbackTransaction'
>

/** How takeTurnsForTransactions treats an adapter. */
export interface TurnOptions {
  queue: TurnQueue
  /** How long a beginTransaction waits for a turn before it fails. */
  timeoutMs: number
  /**
   * What a beginTransaction does in a flow whose own transaction is open (it must not wait for a
   * turn): `begin` opens a transaction of its own without a turn; null is Payload's "no transaction".
   */
  nested: (begin: () => Promise<TransactionId | null>) => Promise<TransactionId | null>
}

/** Makes every transaction of `target` hold a turn of `queue` from its beginning to its end (see the module comment). */
export function takeTurnsForTransactions(target: TransactionMethods, { queue, timeoutMs, nested }: TurnOptions): void {
  const holds = new Map<TransactionId, TransactionHold>()
  const end = (hold: TransactionHold) => {
    hold.state = 'closed'
    hold.release?.()
    hold.release = undefined
  }

  const begin = target.beginTransaction.bind(target)
  target.beginTransaction = async (options) => {
    // Runs synchronously up to the first await, in the caller's flow: the nesting test and the mark.
    if (heldInThisFlow(queue)?.state === 'open') return nested(() => begin(options))
    const hold: TransactionHold = { queue, state: 'queued' }
    flows.enterWith(hold)
    try {
      hold.release = await queue.acquire(timeoutMs)
      hold.state = 'beginning'
      const id = await begin(options)
      if (id === null) end(hold)
      else {
        hold.state = 'open'
        holds.set(id, hold)
      }
      return id
    } catch (err) {
      end(hold)
      throw err
    }
  }

  const finishing =
    (finish: BaseDatabaseAdapter['commitTransaction']): BaseDatabaseAdapter['commitTransaction'] =>
    async (idOrPromise) => {
      const id = await idOrPromise
      const hold = holds.get(id)
      holds.delete(id)
      // No longer open: the flow's nested transactions and stray statements now wait like anyone's.
      if (hold) hold.state = 'closing'
      try {
        await finish(id)
      } finally {
        // Only once the transaction has ended is its connection (or lock) free for the next turn.
        if (hold) end(hold)
      }
    }
  target.commitTransaction = finishing(target.commitTransaction.bind(target))
  target.rollbackTransaction = finishing(target.rollbackTransaction.bind(target))
}
