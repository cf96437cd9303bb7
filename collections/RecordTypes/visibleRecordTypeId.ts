import { Forbidden, type PayloadRequest, type Where } from 'payload'
import { rowsForUser } from '../../src/access/rowsForUser'
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
  const where: Where = { key: { equals: key } }
  const fields = ['key', 'revision', 'updatedAt']
  // Every query of records names its type: read in one statement where the database allows.
  const access = await req.payload.collections[Slugs.recordTypes].config.access.read({ req })
  if (access === false) throw new Forbidden(req.t)
  const read = await rowsForUser(req, Slugs.recordTypes, { where, sort: undefined, limit: 1, page: 1, access, fields })
  const docs =
    read?.rows ??
    (
      await req.payload.find({
        collection: Slugs.recordTypes,
        where,
        limit: 1,
        // Nothing to count: one key names one type.
        pagination: false,
        depth: 0,
        select: Object.fromEntries(fields.map((name) => [name, true])),
        overrideAccess: false,
        user: req.user,
        req,
      })
    ).docs
  if (!docs[0]) throw Errors.unknownRecordType(key)
  return docs[0] as unknown as VisibleRecordType
}

/** The id of {@link visibleRecordType}. */
export async function visibleRecordTypeId(req: PayloadRequest, key: string): Promise<number> {
  return (await visibleRecordType(req, key)).id
}
