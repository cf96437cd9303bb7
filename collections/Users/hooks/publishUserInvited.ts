import type { CollectionAfterChangeHook } from 'payload'
import { idOf } from '../../../src/access/ids'
import { publishEvents } from '../../../src/notifications/events'
import { Slugs } from '../../slugs'

/**
 * A client user added to a tenant is `user.invited` for that tenant (each tenant they are added
 * to, when made or later), in the transaction that adds them: rules tell the tenant's people.
 */
export const publishUserInvited: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (doc.kind !== 'client') return doc
  const before = new Set(
    operation === 'update'
      ? ((previousDoc?.memberships ?? []) as { tenant?: unknown }[]).map((m) => String(idOf(m.tenant)))
      : [],
  )
  const added = ((doc.memberships ?? []) as { tenant?: unknown }[])
    .map((m) => String(idOf(m.tenant)))
    .filter((tenant) => tenant !== 'undefined' && !before.has(tenant))
  if (added.length === 0) return doc
  const actor = req.user?.collection === Slugs.users ? String(req.user.id) : null
  await publishEvents(
    req.payload,
    req,
    added.map((tenant) => ({ type: 'user.invited', tenant, item: { id: String(doc.id) }, actor })),
  )
  return doc
}
