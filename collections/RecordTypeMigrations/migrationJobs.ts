/**
 * The job that runs record type migrations, and the ways a migration gets a job: when a type edit
 * starts it, when staff resume it, and when the job running it stalled. Payload never frees a job
 * whose process died while running it (it stays `processing`), so a migration whose batches
 * stopped moving for STALLED_AFTER_MS gets a new job; the cursor makes the new run continue where
 * the dead one committed its last batch.
 */
import type { Payload, PayloadRequest, TaskConfig } from 'payload'
import type { Id } from '../../src/access/ids'
import type { RecordTypeMigration } from '../../src/payload-types'
import { Slugs } from '../slugs'
import { migrateRecords, titleOf } from './migrateRecords'

/** The slug of the task that rewrites a type's records for a migration. */
export const MIGRATE_RECORDS_TASK = 'migrateRecords'

/** A migration whose batches have not moved for this long, while its job is taken, has stalled. */
export const STALLED_AFTER_MS = 3 * 60_000

/** Runs the migration named in its input to the end (or until it fails; it is retried from the cursor). */
export const migrateRecordsTask: TaskConfig<{ input: { migration: string }; output: object }> = {
  slug: MIGRATE_RECORDS_TASK,
  label: "Rewrite a record type's stored records after an edit",
  inputSchema: [{ name: 'migration', type: 'text', required: true }],
  // Attempts after 10 s, 20 s, 40 s, 80 s and 160 s; after that it stays failed until staff resume it.
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 } },
  handler: async ({ input, job, req }) => {
    await migrateRecords(req.payload, input.migration, { job: job.id })
    return { output: {} }
  },
}

type Request = Partial<PayloadRequest>
type MigrationDoc = RecordTypeMigration

/** Queues a job for migration `id` and notes it on the migration (inside `req`'s transaction, if any). */
export async function queueMigrationJob(payload: Payload, migration: MigrationDoc, req?: Request): Promise<void> {
  const job = await payload.jobs.queue({
    task: MIGRATE_RECORDS_TASK,
    input: { migration: String(migration.id) },
    req: req as PayloadRequest | undefined,
  })
  await payload.db.updateOne({
    collection: Slugs.recordTypeMigrations,
    id: migration.id,
    data: {
      job: String(job.id),
      state: 'queued',
      title: titleOf(migration, 'queued'),
      updatedAt: new Date().toISOString(),
    },
    req,
  })
}

/** Cancels the job that ran `migration` (if it is still there) and queues a new one. */
export async function requeueMigration(payload: Payload, migration: MigrationDoc, req?: Request): Promise<void> {
  if (migration.job) await payload.jobs.cancelByID({ id: migration.job, req: req as PayloadRequest | undefined })
  await queueMigrationJob(payload, migration, req)
}

interface JobState {
  id: Id
  processing?: boolean | null
  hasError?: boolean | null
  completedAt?: string | null
}

/**
 * Whether `migration` needs a new job: it failed for good (its job gave up), or its batches have
 * not moved for STALLED_AFTER_MS while its job is taken or gone. A job waiting to be run (not yet
 * picked up, or waiting to retry) is left to run.
 */
export async function needsNewJob(payload: Payload, migration: MigrationDoc): Promise<boolean> {
  if (migration.state === 'done') return false
  const job = migration.job
    ? await payload.db.findOne<JobState>({ collection: 'payload-jobs', where: { id: { equals: migration.job } } })
    : null
  const waiting = job !== null && !job.processing && !job.hasError && !job.completedAt
  if (waiting) return false
  if (migration.state === 'failed') return true
  return Date.parse(migration.updatedAt) < Date.now() - STALLED_AFTER_MS
}

/** Gives every stalled migration a new job; returns how many. */
export async function requeueStalledMigrations(payload: Payload): Promise<number> {
  const { docs } = await payload.db.find<MigrationDoc>({
    collection: Slugs.recordTypeMigrations,
    where: {
      and: [
        { state: { in: ['queued', 'running'] } },
        { updatedAt: { less_than: new Date(Date.now() - STALLED_AFTER_MS).toISOString() } },
      ],
    },
    limit: 100,
    pagination: false,
  })
  let requeued = 0
  for (const migration of docs) {
    if (!(await needsNewJob(payload, migration))) continue
    payload.logger.warn({ migration: migration.id }, 'record type migration stalled: queued again')
    await requeueMigration(payload, migration)
    requeued++
  }
  return requeued
}
