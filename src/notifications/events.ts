/**
 * Publishing an event: every capability (and a plugin, for the events it registered) calls
 * publishEvents with what happened, in the transaction that made it happen; the fan-out runs as a
 * job once that commits, so an event exists exactly when its change does.
 */
import { randomUUID } from 'node:crypto'
import type { Payload } from 'payload'
import type { TransactionRequest } from '../db/inTransaction'
import { insertRows } from '../db/systemRows'
import { jobRow } from '../jobs/jobRow'
import type { Tier } from '../plugin/notifications'

/** The slug of the task that fans an event out to the people it concerns. */
export const NOTIFICATION_FAN_OUT_TASK = 'notificationFanOut'
/** The slug of the task that delivers one message on one channel (email, a plugin channel). */
export const NOTIFICATION_DELIVERY_TASK = 'notificationDelivery'
/** The slug of the scheduled task that claims the digests due and queues their sending (digests.ts). */
export const NOTIFICATION_DIGESTS_TASK = 'notificationDigests'

/** Something that happened, as the fan-out reads it. Ids are strings. */
export interface NotificationEvent {
  /** unique per event: with a person and a channel, the key that makes it reach them once */
  id: string
  /** a key of the catalogue (src/notifications/catalogue.ts) */
  type: string
  tenant: string | null
  /** the document it is about, of the collection the event type names */
  item: { id: string }
  /** who did it (not told about it); absent: the system */
  actor?: string | null
  at: string
  /** what the rules' conditions and the messages may also read: a reason, a comment, a status category */
  detail?: Record<string, unknown>
  /** people the publisher itself names (a workflow's notify actions), each group with its template and tier */
  direct?: { users: string[]; template?: string; tier?: Tier }[]
}

/** An event as its publisher gives it: the id and time are added. */
export type PublishedEvent = Omit<NotificationEvent, 'id' | 'at'> & { at?: string }

/** Queues the fan-out of `events` in `req`'s transaction (one job each). */
export async function publishEvents(
  payload: Payload,
  req: TransactionRequest,
  events: PublishedEvent[],
): Promise<void> {
  const at = new Date().toISOString()
  const rows = events.map((event) =>
    jobRow(NOTIFICATION_FAN_OUT_TASK, { event: { ...event, id: randomUUID(), at: event.at ?? at } }),
  )
  await insertRows(payload, req, 'payload-jobs', rows)
}
