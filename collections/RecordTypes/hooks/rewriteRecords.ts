import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'
import { recordColumns } from '../../../src/records/recordColumns'
import type { SlotAssignment } from '../../../src/records/slots'
import { adaptData } from '../../../src/records/typeChanges'
import type { RecordTypeDefinition } from '../../../src/records/typeDefinition'
import { Slugs } from '../../slugs'
import { recordsOfType } from '../recordsOfType'

/** What the stored records of a saved type need. */
export interface PendingRewrite {
  before: RecordTypeDefinition
  after: RecordTypeDefinition
  assignment: SlotAssignment
  /** confirmed changes: each record's data is adapted to the new definition first */
  adapt: boolean
}

// Handed from prepareTypeSave to this hook per request and type. Not in req.context: Payload
// replaces that object with a copy on every Local API call made with the request.
const pendingRewrites = new WeakMap<PayloadRequest, Map<string, PendingRewrite>>()

/** Asks for the records of type `typeId` to be rewritten once the type is saved in this request. */
export function scheduleRewrite(req: PayloadRequest, typeId: number | string, pending: PendingRewrite): void {
  const forRequest = pendingRewrites.get(req) ?? new Map<string, PendingRewrite>()
  forRequest.set(String(typeId), pending)
  pendingRewrites.set(req, forRequest)
}

/**
 * Rewrites every record of a type whose edit moved slots, changed derived columns, or was
 * confirmed: data adapted, columns recomputed. It writes below Payload's hooks on purpose: stored
 * records may not pass the new definition (a field made required), and must still be rewritten.
 * Runs inside the save's transaction, so a failure leaves type and records as they were.
 */
export const rewriteRecords: CollectionAfterChangeHook = async ({ doc, req }) => {
  const pending = pendingRewrites.get(req)?.get(String(doc.id))
  if (!pending) return doc
  pendingRewrites.get(req)?.delete(String(doc.id))
  for await (const page of recordsOfType(req, doc.id)) {
    for (const record of page) {
      const data = pending.adapt
        ? adaptData(pending.before, pending.after, record.data ?? {}).data
        : (record.data ?? {})
      await req.payload.db.updateOne({
        collection: Slugs.records,
        id: record.id,
        data: { data, ...recordColumns(pending.after, pending.assignment, data) },
        req,
        returning: false,
      })
    }
  }
  return doc
}
