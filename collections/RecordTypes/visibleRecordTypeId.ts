import type { PayloadRequest } from 'payload'
import { Errors } from '../../src/http/errors'
import { Slugs } from '../slugs'

/**
 * The id of the record type with `key`, if the request's user (a person or an integration
 * account) may read it; 400 unknown_record_type otherwise, so a hidden type looks like a missing one.
 */
export async function visibleRecordTypeId(req: PayloadRequest, key: string): Promise<number> {
  const { docs } = await req.payload.find({
    collection: Slugs.recordTypes,
    where: { key: { equals: key } },
    limit: 1,
    depth: 0,
    select: { key: true },
    overrideAccess: false,
    user: req.user,
    req,
  })
  if (!docs[0]) throw Errors.unknownRecordType(key)
  return docs[0].id
}
