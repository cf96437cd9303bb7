import type { CollectionBeforeDeleteHook } from 'payload'
import { Errors } from '../../../src/http/errors'
import { Slugs } from '../../slugs'
import { countRecordsOfType } from '../recordsOfType'

/** Refuses (409) deleting a type that records are of, or that other types' reference fields point to. */
export const refuseDeleteInUse: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const records = await countRecordsOfType(req, id)
  if (records > 0) throw Errors.recordTypeInUse(`${records} records are of this type; delete them first`)
  const { docs } = await req.payload.find({
    collection: Slugs.recordTypes,
    pagination: false,
    depth: 0,
    select: { key: true, fields: true },
    overrideAccess: true,
    req,
  })
  const own = docs.find((doc) => String(doc.id) === String(id))
  const referrers = docs.filter(
    (doc) => String(doc.id) !== String(id) && (doc.fields ?? []).some((field) => field.referenceType === own?.key),
  )
  if (own && referrers.length > 0)
    throw Errors.recordTypeInUse(`reference fields of ${referrers.map((doc) => doc.key).join(', ')} point to it`)
}
