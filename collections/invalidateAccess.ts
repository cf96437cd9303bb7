import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'
import { invalidateAccess } from '../src/access/ability'

/** After a role or tenant changes, abilities are rebuilt on the next request. */
export const invalidateTenantsAndRoles: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({ req, doc }) => {
  invalidateAccess(req.payload)
  return doc
}
