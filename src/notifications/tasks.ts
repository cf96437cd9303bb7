/**
 * The jobs of notifications: the fan-out of each event, and each delivery on its channel. Both do
 * their work once however often they run (fanOut.ts, deliver.ts); a delivery retries with backoff.
 */
import type { TaskConfig } from 'payload'
import { deliver } from './deliver'
import { NOTIFICATION_DELIVERY_TASK, NOTIFICATION_FAN_OUT_TASK, type NotificationEvent } from './events'
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

/** The notification tasks, for the jobs config. */
export const notificationTasks = [notificationFanOutTask, notificationDeliveryTask]
