/**
 * Payload never frees a job whose process died while running it: the job stays `processing` and
 * no runner takes it again. For tasks whose work is safe to run again (each step done once by its
 * own key, like the workflow's effects and timers), such a job is simply released: marked not
 * processing, so the next run picks it up and skips what the dead run had finished.
 */
import type { Payload } from 'payload'
import {
  NOTIFICATION_DELIVERY_TASK,
  NOTIFICATION_DIGESTS_TASK,
  NOTIFICATION_FAN_OUT_TASK,
} from '../notifications/events'
import { requeueAbandonedDeliveries } from '../notifications/markDelivery'
import { WORKFLOW_EFFECTS_TASK, WORKFLOW_TIMER_TASK } from '../workflows/service/effectTasks'

/** The tasks whose jobs are safe to run again (each step done once by its own key). */
export const RERUNNABLE_TASKS: readonly string[] = [
  WORKFLOW_EFFECTS_TASK,
  WORKFLOW_TIMER_TASK,
  NOTIFICATION_FAN_OUT_TASK,
  NOTIFICATION_DELIVERY_TASK,
  // Each digest is claimed once by its key; and a stalled scheduled run would keep Payload's
  // scheduler from queueing the next one.
  NOTIFICATION_DIGESTS_TASK,
]

/** A job of a re-runnable task taken this long ago and not finished is taken to be stalled. */
export const JOB_STALLED_AFTER_MS = 5 * 60_000

/** Releases the stalled jobs of `tasks` taken more than `olderThanMs` ago; returns how many. */
export async function releaseStalledJobs(
  payload: Payload,
  tasks: readonly string[],
  olderThanMs = JOB_STALLED_AFTER_MS,
): Promise<number> {
  const { docs } = await payload.db.find<{ id: number | string }>({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { in: [...tasks] } },
        { processing: { equals: true } },
        { completedAt: { exists: false } },
        { updatedAt: { less_than_equal: new Date(Date.now() - olderThanMs).toISOString() } },
      ],
    },
    limit: 1000,
    pagination: false,
  })
  for (const job of docs) {
    await payload.db.updateOne({
      collection: 'payload-jobs',
      id: job.id,
      data: { processing: false, updatedAt: new Date().toISOString() },
      returning: false,
    })
  }
  if (docs.length) payload.logger.warn({ jobs: docs.map((job) => job.id) }, 'stalled jobs released to run again')
  // A delivery the dead process had taken is free again too (src/notifications/markDelivery.ts).
  if (tasks.includes(NOTIFICATION_DELIVERY_TASK)) await requeueAbandonedDeliveries(payload, olderThanMs)
  return docs.length
}
