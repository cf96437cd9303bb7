/**
 * Rewrites the records of a record type for a migration, in batches ordered by id. Each batch (its
 * records, and the migration's cursor and counts) is one transaction, so a run that stops (an
 * error, a crash, a deploy) resumes after the last committed batch and rewrites nothing twice.
 *
 * - Only records stamped with an older revision of the type (`typeRevision`) are read, and each is
 *   rewritten only if nobody wrote it since it was read (same updatedAt), then stamped with the
 *   migration's revision. Records written meanwhile were checked against the new definition
 *   already: they are left as they are, and are not counted as processed.
 * - A batch first advances the migration's batch counter where it still holds the value read
 *   (compare and set): a second runner of the same migration (a job queued again while the first
 *   was only slow) fails there instead of committing a batch twice.
 * - At the end of the walk it counts the records still stamped older (written by a request that
 *   read the type just before the edit was saved) and walks again if there are any; then it marks
 *   the migration done and the type settled, in one transaction.
 */
import type { Payload, Where } from 'payload'
import { idOf, storableId, type Id } from '../../src/access/ids'
import { inTransaction, type TransactionRequest } from '../../src/db/inTransaction'
import type { RecordTypeMigration } from '../../src/payload-types'
import type { FieldValue } from '../../src/records/fieldKinds'
import { recordColumns } from '../../src/records/recordColumns'
import { TYPE_REVISION_COLUMN, type SlotAssignment } from '../../src/records/slots'
import { adaptData } from '../../src/records/typeChanges'
import type { RecordTypeDefinition } from '../../src/records/typeDefinition'
import { assignmentOf } from '../RecordTypes/storedRecordType'
import { Slugs } from '../slugs'
import { migrationTitle, type MigrationState } from './fields'

/** Records per batch (and per transaction). */
export const BATCH_SIZE = 500

/** How a run goes. */
export interface MigrateOptions {
  /** records per batch */
  batchSize?: number
  /** stop after this many batches even if records are left (a later run continues) */
  maxBatches?: number
  /** the job running it: a run stops quietly once the migration was handed to another job */
  job?: Id
}

/** A migration document with its json fields read as what they hold. */
export type Migration = Omit<RecordTypeMigration, 'before' | 'after' | 'assignment'> & {
  before: RecordTypeDefinition
  after: RecordTypeDefinition
  assignment: SlotAssignment
}

type Step = 'more' | 'done' | 'handedOver'

/** Another run of the migration committed the batch this one was about to take. */
class BatchTaken extends Error {}

const now = () => new Date().toISOString()

/** The title of `migration` in `state`, with `processed` records. */
export const titleOf = (
  migration: Pick<RecordTypeMigration, 'fromRevision' | 'toRevision' | 'processed' | 'total'> & { after: unknown },
  state: MigrationState,
  processed = migration.processed,
) => migrationTitle({ ...migration, typeKey: (migration.after as { key: string }).key, state, processed })

async function readMigration(payload: Payload, req: TransactionRequest | undefined, id: Id): Promise<Migration> {
  const migration = await payload.db.findOne<Migration>({
    collection: Slugs.recordTypeMigrations,
    where: { id: { equals: id } },
    req,
  })
  if (!migration) throw new Error(`There is no record type migration ${String(id)}`)
  return migration
}

/** Takes the next batch number, or throws when another runner took it since the migration was read. */
async function claimBatch(payload: Payload, req: TransactionRequest, migration: Migration): Promise<void> {
  const claimed = await payload.db.updateOne({
    collection: Slugs.recordTypeMigrations,
    where: { and: [{ id: { equals: migration.id } }, { batches: { equals: migration.batches } }] },
    data: {
      batches: migration.batches + 1,
      state: 'running',
      title: titleOf(migration, 'running'),
      startedAt: migration.startedAt ?? now(),
      error: null,
      // The heartbeat that requeueStalledMigrations watches.
      updatedAt: now(),
    },
    // One UPDATE … WHERE … RETURNING: nothing comes back when the counter moved (drizzle adapters).
    options: { atomic: true },
    req,
  })
  if (!claimed) throw new BatchTaken(`Another run of migration ${migration.title} committed a batch meanwhile`)
}

const notRewritten = (type: Id, revision: number): Where => ({
  and: [
    { type: { equals: type } },
    { or: [{ [TYPE_REVISION_COLUMN]: { less_than: revision } }, { [TYPE_REVISION_COLUMN]: { exists: false } }] },
  ],
})

interface StoredRecord {
  id: Id
  updatedAt: string
  data?: Record<string, FieldValue> | null
}

/** Rewrites one record unless it was written since it was read; true when it was rewritten. */
async function rewriteRecord(payload: Payload, req: TransactionRequest, migration: Migration, record: StoredRecord) {
  const stored = record.data ?? {}
  const data = migration.adaptsData ? adaptData(migration.before, migration.after, stored).data : stored
  const rewritten = await payload.db.updateOne({
    collection: Slugs.records,
    where: { and: [{ id: { equals: record.id } }, { updatedAt: { equals: record.updatedAt } }] },
    // Below Payload's hooks on purpose: a stored record may not pass the new definition (a field
    // made required) and must still be rewritten. updatedAt stays: the record was not edited.
    data: {
      data,
      ...recordColumns(migration.after, migration.assignment, data),
      [TYPE_REVISION_COLUMN]: migration.toRevision,
    },
    options: { atomic: true },
    req,
  })
  return Boolean(rewritten)
}

/** Marks the migration done and its type settled (if this is still the type's migration). */
async function finish(payload: Payload, req: TransactionRequest, migration: Migration): Promise<void> {
  const finishedAt = now()
  await payload.db.updateOne({
    collection: Slugs.recordTypeMigrations,
    id: migration.id,
    data: { state: 'done', title: titleOf(migration, 'done'), finishedAt, updatedAt: finishedAt },
    req,
  })
  const typeId = idOf(migration.type)
  const type =
    typeId === undefined
      ? null
      : await payload.db.findOne<{ id: Id; migration?: unknown; slotAssignment?: unknown }>({
          collection: Slugs.recordTypes,
          where: { id: { equals: typeId } },
          req,
        })
  if (!type || String(idOf(type.migration)) !== String(migration.id)) return
  const { settling: _done, ...assignment } = assignmentOf(type)
  // A new updatedAt is a new version of the type: cached validators and parses are rebuilt.
  await payload.db.updateOne({
    collection: Slugs.recordTypes,
    id: typeId!,
    data: { migrating: false, slotAssignment: assignment, updatedAt: finishedAt },
    req,
  })
}

async function migrateBatch(payload: Payload, req: TransactionRequest, id: Id, options: MigrateOptions): Promise<Step> {
  const migration = await readMigration(payload, req, id)
  if (migration.state === 'done') return 'done'
  if (options.job !== undefined && migration.job !== String(options.job)) return 'handedOver'
  await claimBatch(payload, req, migration)
  const typeId = idOf(migration.type)
  if (typeId === undefined) {
    // The type was deleted (it had no records left): nothing to rewrite.
    await finish(payload, req, migration)
    return 'done'
  }
  const cursor = migration.cursor ? storableId(payload, migration.cursor) : undefined
  const stale = notRewritten(typeId, migration.toRevision)
  const { docs } = await payload.db.find<StoredRecord>({
    collection: Slugs.records,
    where: cursor === undefined ? stale : { and: [stale, { id: { greater_than: cursor } }] },
    sort: 'id',
    limit: options.batchSize ?? BATCH_SIZE,
    pagination: false,
    select: { data: true, updatedAt: true },
    req,
  })
  if (docs.length === 0) {
    const { totalDocs: left } = await payload.db.count({ collection: Slugs.records, where: stale, req })
    if (left === 0 || cursor === undefined) {
      await finish(payload, req, migration)
      return 'done'
    }
    await payload.db.updateOne({ collection: Slugs.recordTypeMigrations, id, data: { cursor: null }, req })
    return 'more'
  }
  let rewritten = 0
  for (const record of docs) if (await rewriteRecord(payload, req, migration, record)) rewritten++
  if (rewritten === 0)
    throw new Error(`None of the ${docs.length} records of this batch could be rewritten: each changed meanwhile`)
  const processed = migration.processed + rewritten
  await payload.db.updateOne({
    collection: Slugs.recordTypeMigrations,
    id,
    data: { cursor: String(docs[docs.length - 1]!.id), processed, title: titleOf(migration, 'running', processed) },
    req,
  })
  return 'more'
}

/**
 * Why a run stopped, short and free of record data: the innermost cause's message (drizzle wraps a
 * database error in one that quotes the statement and its values).
 */
function reasonOf(error: unknown): string {
  let cause = error
  while (typeof cause === 'object' && cause !== null && 'cause' in cause && cause.cause) cause = cause.cause
  const message =
    typeof cause === 'object' && cause !== null && 'message' in cause ? String(cause.message) : String(cause)
  const line = message.split('\n')[0]!.slice(0, 500)
  return line.startsWith('Failed query') ? 'the database refused a statement (see the server log)' : line
}

/** Records why a run stopped (outside the batch that failed, which was rolled back). */
async function recordFailure(payload: Payload, id: Id, error: unknown): Promise<void> {
  const migration = await readMigration(payload, undefined, id)
  if (migration.state === 'done') return
  await payload.db.updateOne({
    collection: Slugs.recordTypeMigrations,
    id,
    data: { state: 'failed', title: titleOf(migration, 'failed'), error: reasonOf(error), updatedAt: now() },
  })
}

/** One batch in its own transaction; a batch another run took first is simply tried again. */
async function nextBatch(payload: Payload, id: Id, options: MigrateOptions): Promise<Step> {
  for (;;) {
    try {
      return await inTransaction(payload, (req) => migrateBatch(payload, req, id, options))
    } catch (error) {
      // That run goes on, or stops at its next batch when this one's job is the migration's now.
      if (!(error instanceof BatchTaken)) throw error
    }
  }
}

/**
 * Runs migration `id` from where it stands: to the end, or for `maxBatches` batches, and resolves
 * with its state afterwards. When a batch fails, records the reason (state failed) and rethrows, so
 * the job is tried again (from the cursor).
 */
export async function migrateRecords(payload: Payload, id: Id, options: MigrateOptions = {}): Promise<MigrationState> {
  try {
    for (let batch = 0; batch < (options.maxBatches ?? Infinity); batch++)
      if ((await nextBatch(payload, id, options)) !== 'more') break
    return (await readMigration(payload, undefined, id)).state
  } catch (error) {
    await recordFailure(payload, id, error)
    throw error
  }
}
