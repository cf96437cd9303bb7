import type { CollectionAfterChangeHook } from 'payload'
import { inTransaction } from '../db/inTransaction'
import { insertRows } from '../db/systemRows'
import { jobRow } from '../jobs/jobRow'
import { NOTIFICATION_DELIVERY_TASK } from './events'

/**
 * Staff retry a failed (or skipped) delivery in the admin UI by setting its status back to
 * "queued": that queues its job again, which checks everything anew before it sends.
 */
export const retryDelivery: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (operation !== 'update' || doc.status !== 'queued' || previousDoc?.status === 'queued') return doc
  const job = jobRow(NOTIFICATION_DELIVERY_TASK, { key: doc.key })
  if (req.transactionID) await insertRows(req.payload, req, 'payload-jobs', [job])
  else await inTransaction(req.payload, (tx) => insertRows(req.payload, tx, 'payload-jobs', [job]))
  return doc
}
