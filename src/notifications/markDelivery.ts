/**
 * Where a delivery stands, and who sends it. Payload's job runner can hand one job to two
 * processes at once (it finds runnable jobs, then marks them processing, in two statements), so a
 * delivery is taken before it is sent: one statement moves it to `sending` only if it is still as
 * the process read it, and only the process whose statement changed it sends. A process that dies
 * mid-send leaves it `sending`; after DELIVERY_LEASE_MS it counts as abandoned and is queued again.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { TransactionRequest } from '../db/inTransaction'
import { compareAndSet } from '../db/systemRows'
import type { NotificationDelivery } from '../payload-types'

/**
 * How long a delivery may stay `sending` before it counts as abandoned: as long as a job may run
 * before it counts as stalled (JOB_STALLED_AFTER_MS). A send that really takes longer (a mail
 * server stalling for minutes) may then go twice: the price of never losing one.
 */
export const DELIVERY_LEASE_MS = 5 * 60_000

const abandoned = (row: NotificationDelivery, now = Date.now()) =>
  row.status === 'sending' && Date.parse(row.updatedAt) <= now - DELIVERY_LEASE_MS

/** Takes `row` (queued, failed, or abandoned while sending) for this process; false if another has it. */
export async function takeDelivery(payload: Payload, row: NotificationDelivery): Promise<boolean> {
  if (row.status !== 'queued' && row.status !== 'failed' && !abandoned(row)) return false
  const taken = await compareAndSet(
    payload,
    Slugs.notificationDeliveries,
    row.id,
    { status: row.status, updatedAt: row.updatedAt },
    { status: 'sending', updatedAt: new Date().toISOString() },
  )
  if (taken) row.status = 'sending'
  return taken
}

/**
 * Queues again the deliveries taken more than `olderThanMs` ago and still `sending` (their process
 * died), through the same path as a staff retry (its hook queues a job). Done with the release of
 * stalled jobs (src/jobs/releaseStalledJobs.ts): the job that died may be gone, if another process
 * ran it too and finished.
 */
export async function requeueAbandonedDeliveries(payload: Payload, olderThanMs = DELIVERY_LEASE_MS): Promise<number> {
  const { docs } = await payload.find({
    collection: Slugs.notificationDeliveries,
    where: {
      and: [
        { status: { equals: 'sending' } },
        { updatedAt: { less_than_equal: new Date(Date.now() - olderThanMs).toISOString() } },
      ],
    },
    limit: 1000,
    depth: 0,
    overrideAccess: true,
  })
  for (const row of docs as NotificationDelivery[])
    await payload.update({
      collection: Slugs.notificationDeliveries,
      id: row.id,
      data: { status: 'queued', reason: 'Abandoned while sending (its process stopped); queued again' },
      overrideAccess: true,
    })
  return docs.length
}

/** Records where delivery `row` stands (sent, skipped or failed, with its reason), in `req`'s transaction if given. */
export async function markDelivery(
  payload: Payload,
  row: NotificationDelivery,
  data: Partial<NotificationDelivery>,
  req?: TransactionRequest,
): Promise<void> {
  await payload.db.updateOne({
    collection: Slugs.notificationDeliveries,
    where: { id: { equals: row.id } },
    data: { ...data, updatedAt: new Date().toISOString() },
    req: req as never,
    returning: false,
  })
}

/** Records `err` as the reason `row` failed (staff see it; the job's retry or staff send it again), and throws it. */
export async function failDelivery(payload: Payload, row: NotificationDelivery, err: unknown): Promise<never> {
  const reason = err instanceof Error ? err.message : String(err)
  await markDelivery(payload, row, {
    status: 'failed',
    reason: reason.slice(0, 1000),
    attempts: (row.attempts ?? 0) + 1,
  })
  throw err
}
