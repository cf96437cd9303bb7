import type { PayloadRequest } from 'payload'
import { Errors } from '../../src/http/errors'
import { Slugs } from '../slugs'
import type { SavedVersion } from './storedRecordType'

/** A record type the request's user may read: its id, and what identifies its saved version. */
export interface VisibleRecordType extends SavedVersion {
  id: number
}

/**
 * The record type with `key`, if the request's user (a person or an integration account) may
 * read it; 400 unknown_record_type otherwise, so a hidden type looks like a missing one.
 */
export async function visibleRecordType(req: PayloadRequest, key: string): Promise<VisibleRecordType> {
  const { docs } = await req.payload.find({
    collection: Slugs.recordTypes,
    where: { key: { equals: key } },
    limit: 1,
    // Nothing to count: one key names one type.
    pagination: false,
    depth: 0,
    select: { key: true, revision: true, updatedAt: true },
    overrideAccess: false,
    user: req.user,
    req,
  })
  if (!docs[0]) throw Errors.unknownRecordType(key)
  return docs[0]
}

/** The id of {@link visibleRecordType}. */
export async function visibleRecordTypeId(req: PayloadRequest, key: string): Promise<number> {
  return (await visibleRecordType(req, key)).id
}
