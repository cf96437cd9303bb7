/**
 * The bell's number: how many of the signed-in person's bell entries in this portal are unread.
 * Read on every signed-in page, so it is one `count` on the (recipient, inBell, readAt) index,
 * through the one access path as the person (their personal rules decide, not a filter of ours).
 */
import type { PayloadRequest, Where } from 'payload'
import { countForUser } from '../../../src/access/rowsForUser'
import { Slugs } from '../../../collections/slugs'
import { TENANT_FIELD } from '../../../src/access/tenantFieldName'
import type { PortalUser } from '../portalSession'
import type { PortalTenant } from '../portalTenants'

/**
 * The person's bell entries of `tenant` (unread ones only with `unread`). The recipient is named
 * although the personal rules already say "theirs": staff read everyone's notifications, and a
 * bell shows only one's own.
 */
export const bellWhere = (user: PortalUser, tenant: PortalTenant, unread = false): Where => ({
  and: [
    { recipient: { equals: user.id } },
    { [TENANT_FIELD]: { equals: tenant.id } },
    { inBell: { equals: true } },
    ...(unread ? [{ readAt: { exists: false } }] : []),
  ],
})

/**
 * The number of unread bell entries `user` (the person of `req`) has in `tenant`'s portal: what
 * `payload.count` as the person answers, counted at the adapter level with their access Where (countForUser), which
 * costs a fraction of the operation on every signed-in page.
 */
export function unreadCount(req: PayloadRequest, user: PortalUser, tenant: PortalTenant): Promise<number> {
  return countForUser(req, Slugs.notifications, bellWhere(user, tenant, true))
}
