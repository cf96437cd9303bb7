/**
 * A small collection of configuration (stored templates, portal pages, record types) held in
 * memory, per Payload instance, for read paths that ask on every request: read whole once, as the
 * system, and built into whatever the readers look things up in.
 *
 * - A change in this process (the collection's afterChange/afterDelete hook calls
 *   {@link CollectionSnapshot.forget}) makes the next ask read it again: the next request sees it.
 * - Changes made by other processes: at most once per {@link SNAPSHOT_CHECK_INTERVAL_MS} an ask
 *   starts, in the background, a read of how many documents there are and the newest updatedAt
 *   (one small query); when that differs from the snapshot's, the snapshot is read again. Asks do
 *   not wait for the check, so another process's edit shows within about a second and a query. A
 *   save whose transaction commits after its hook's re-read is caught the same way.
 *
 * Meant for collections of a few hundred documents at most, which staff write and pages read.
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionSlug, Payload } from 'payload'

/** How often, at most, a process asks the database whether the collection changed elsewhere. */
export const SNAPSHOT_CHECK_INTERVAL_MS = 1000

/** A document as a snapshot reads it (depth 0). */
export type SnapshotDoc = Record<string, unknown> & { updatedAt: string }

/** What tells whether the collection changed: how many documents, and the newest change. */
const fingerprintOf = (count: number, newest: string | undefined) => `${count}/${newest ?? ''}`

interface Held<T> {
  value: T
  fingerprint: string
}

/** The state of one snapshot in one Payload instance. */
class Holder<T> {
  private held: Held<T> | undefined
  private reading: Promise<T> | undefined
  private checking: Promise<void> | undefined
  private closed = false
  private nextCheckAt = 0
  /** Bumped by each local change: a read that started before the last one is not kept. */
  private generation = 0

  constructor(
    private readonly payload: Payload,
    private readonly collection: CollectionSlug,
    private readonly build: (docs: SnapshotDoc[]) => T,
  ) {}

  current(): Promise<T> {
    if (!this.held) return this.read()
    if (Date.now() >= this.nextCheckAt && !this.closed) this.checkInBackground()
    return Promise.resolve(this.held.value)
  }

  /** Starts no more checks, and resolves once the reads under way are done (before the database closes). */
  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled([this.checking, this.reading])
  }

  forget(): void {
    this.generation += 1
    this.held = undefined
    this.reading = undefined
  }

  private read(): Promise<T> {
    if (this.reading) return this.reading
    const generation = this.generation
    const reading = this.payload
      .find({ collection: this.collection, depth: 0, limit: 0, pagination: false, overrideAccess: true })
      .then(({ docs }) => {
        const all = docs as unknown as SnapshotDoc[]
        const newest = all.reduce<string | undefined>(
          (max, doc) => (!max || doc.updatedAt > max ? doc.updatedAt : max),
          undefined,
        )
        const value = this.build(all)
        if (generation === this.generation) {
          this.held = { value, fingerprint: fingerprintOf(all.length, newest) }
          this.nextCheckAt = Date.now() + SNAPSHOT_CHECK_INTERVAL_MS
        }
        return value
      })
      .finally(() => {
        if (this.reading === reading) this.reading = undefined
      })
    this.reading = reading
    return reading
  }

  /** Compares the collection's fingerprint with the snapshot's; reads it again when they differ. */
  private checkInBackground(): void {
    if (this.checking) return
    this.nextCheckAt = Date.now() + SNAPSHOT_CHECK_INTERVAL_MS
    const known = this.held?.fingerprint
    this.checking = this.payload
      .find({
        collection: this.collection,
        depth: 0,
        limit: 1,
        sort: '-updatedAt',
        select: { updatedAt: true },
        overrideAccess: true,
      })
      .then(async ({ docs, totalDocs }) => {
        const newest = (docs[0] as unknown as SnapshotDoc | undefined)?.updatedAt
        // Asks keep the held snapshot until the new one is read.
        if (fingerprintOf(totalDocs, newest) !== known) await this.read()
      })
      .catch((error: unknown) => {
        // The snapshot stays as it is; the next check, a second later, tries again.
        this.payload.logger.warn(
          { err: error, collection: this.collection },
          'Could not check a collection for changes',
        )
      })
      .finally(() => (this.checking = undefined))
  }
}

/** Every snapshot made, so that closing a Payload instance can wait for their reads. */
const snapshots = new Set<CollectionSnapshot<unknown>>()

/** A collection held in memory as `T` (see the module comment). */
export class CollectionSnapshot<T> {
  private readonly holders = new WeakMap<Payload, Holder<T>>()

  constructor(
    readonly collection: CollectionSlug,
    private readonly build: (docs: SnapshotDoc[]) => T,
  ) {
    snapshots.add(this as CollectionSnapshot<unknown>)
  }

  private holderOf(payload: Payload): Holder<T> {
    let holder = this.holders.get(payload)
    if (!holder) this.holders.set(payload, (holder = new Holder(payload, this.collection, this.build)))
    return holder
  }

  /** The snapshot of `payload`'s collection, as current as the module comment says. */
  current(payload: Payload): Promise<T> {
    return this.holderOf(payload).current()
  }

  /** Stops `payload`'s checks and waits for its reads under way. */
  close(payload: Payload): Promise<void> {
    return this.holders.get(payload)?.close() ?? Promise.resolve()
  }

  /** Makes the next {@link current} of `payload` read the collection again. */
  forget(payload: Payload): void {
    this.holders.get(payload)?.forget()
  }

  /** The afterChange and afterDelete hook of the collection: a save or delete applies to the next read. */
  readonly forgetHook: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({ doc, req }) => {
    this.forget(req.payload)
    return doc
  }
}

/**
 * Stops every snapshot's checks of `payload` and waits for the reads under way: call before its
 * database connections close, or a background check could still be using one.
 */
export async function closeCollectionSnapshots(payload: Payload): Promise<void> {
  await Promise.all([...snapshots].map((snapshot) => snapshot.close(payload)))
}
