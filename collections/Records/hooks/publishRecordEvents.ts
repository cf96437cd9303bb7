import type { CollectionAfterChangeHook } from 'payload'
import { idOf } from '../../../src/access/ids'
import { publishEvents } from '../../../src/notifications/events'
import { recordEvents } from '../../../src/records/recordEvents'

/** Publishes what a record's create or update is to the notification rules, in its transaction. */
export const publishRecordEvents: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  const events = await recordEvents(req.payload, [
    { id: doc.id, tenant: idOf(doc.tenant)!, before: operation === 'update' ? previousDoc : undefined, after: doc },
  ])
  if (events.length > 0) await publishEvents(req.payload, req, events)
  return doc
}
