import type { CollectionBeforeDeleteHook } from 'payload'
import { Slugs } from '../slugs'

/**
 * A user's links to OpenID providers go with them, in the same transaction: a link must name a
 * user (the database refuses one without), and a later sign-in of that subject starts afresh.
 */
export const deleteUserIdentities: CollectionBeforeDeleteHook = async ({ id, req }) => {
  await req.payload.delete({
    collection: Slugs.userIdentities,
    where: { user: { equals: id } },
    req,
    overrideAccess: true,
  })
}
