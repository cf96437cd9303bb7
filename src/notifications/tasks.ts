/**
 * The jobs of notifications: the fan-out of each event, each delivery on its channel, and the
 * digests on a schedule. Each does its work once however often it runs (fanOut.ts, deliver.ts,
 * digests.ts); a delivery retries with backoff.
 */
import type { TaskConfig } from 'payload'
import { deliver } from './deliver'
import { sendDueDigests } from './digests'
import {
  NOTIFICATION_DELIVERY_TASK,
  NOTIFICATION_DIGESTS_TASK,
  NOTIFICATION_FAN_OUT_TASK,
  type NotificationEvent,
} from './events'
import { fanOut } from './fanOut'

/** Fans one event out to the people it concerns. */
export const notificationFanOutTask = {
  slug: NOTIFICATION_FAN_OUT_TASK,
  label: 'Fan a notification event out to the people it concerns',
  inputSchema: [{ name: 'event', type: 'json', required: true }],
  retries: { attempts: 5, backoff: { type: 'exponential' as const, delay: 5_000 } },
  handler: async ({ input, req }) => {
    await fanOut(req.payload, (input as { event: NotificationEvent }).event)
    return { output: {} }
  },
} satisfies TaskConfig

/** Delivers one message on one channel. Attempts after 10 s, 20 s, 40 s, 80 s and 160 s. */
export const notificationDeliveryTask = {
  slug: NOTIFICATION_DELIVERY_TASK,
  label: 'Deliver a notification',
  inputSchema: [{ name: 'key', type: 'text', required: true }],
  retries: { attempts: 5, backoff: { type: 'exponential' as const, delay: 10_000 } },
  handler: async ({ input, req }) => {
    await deliver(req.payload, (input as { key: string }).key)
    return { output: {} }
  },
} satisfies TaskConfig

/** The queue of scheduled jobs: run once a minute (payloadConfig.ts), not on the every-second cron. */
export const SCHEDULED_QUEUE = 'scheduled'

/**
 * Looks for due digests every five minutes on every process that runs jobs (a digest comes at most
 * five minutes after its hour). Payload's scheduler queues the next run when none is waiting; two
 * processes may both queue one, which is harmless: each digest is claimed once (digests.ts).
 * No retries: a failed run is simply the next scheduled one.
 */
export const notificationDigestsTask = {
  slug: NOTIFICATION_DIGESTS_TASK,
  label: 'Send the notification digests that are due',
  schedule: [{ cron: '0 */5 * * * *', queue: SCHEDULED_QUEUE }],
  retries: 0,
  handler: async ({ req }) => {
    const run = await sendDueDigests(req.payload, new Date())
    if (run.claimed + run.alreadyClaimed + run.dropped > 0) req.payload.logger.info(run, 'digests due')
    return { output: {} }
  },
} satisfies TaskConfig

/** The notification tasks, for the jobs config. */
export const notificationTasks = [notificationFanOutTask, notificationDeliveryTask, notificationDigestsTask]
