/**
 * "Mark all as read": every unread bell entry of the person in this portal, in one transaction.
 * Payload's `update` with a Where reads, checks and rewrites each document in turn (500 unread
 * entries took 6.5 s on PostgreSQL); this asks the access path once for the rows whose `readAt`
 * the person's rules let them set (the same Where Payload's access would apply, with the field
 * rule) and writes only `readAt` through the adapter, which is all the personal rule allows.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { abilityFor } from '../../../src/access/ability'
import { accessWhere } from '../../../src/access/collectionAccess'
import { inTransaction } from '../../../src/db/inTransaction'
import type { PortalUser } from '../portalSession'
import type { PortalTenant } from '../portalTenants'
import { bellWhere } from './unreadCount'

/** Marks `user`'s unread bell entries in `tenant` read, as their rules allow; returns how many. */
export async function markAllRead(payload: Payload, user: PortalUser, tenant: PortalTenant): Promise<number> {
  const allowed = accessWhere(await abilityFor(payload, user), 'update', Slugs.notifications, 'readAt')
  if (allowed === false) return 0
  const unread = bellWhere(user, tenant, true)
  const now = new Date().toISOString()
  const updated = await inTransaction(payload, (req) =>
    payload.db.updateMany({
      collection: Slugs.notifications,
      where: allowed === true ? unread : { and: [unread, allowed] },
      data: { readAt: now, updatedAt: now },
      req,
    }),
  )
  return updated?.length ?? 0
}
