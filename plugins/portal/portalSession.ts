/**
 * Who is signed in to a portal request: Payload's own session cookie, read through Payload's auth
 * strategies (the JWT strategy answers from the user cache, src/access/userCache.ts, so a page
 * costs no user read within its TTL). Permissions are not computed: pages read through the one
 * access path, which builds them itself.
 */
import type { Request } from 'express'
import { executeAuthStrategies, type Payload, type TypedUser } from 'payload'
import { idOf } from '../../src/access/ids'
import { headersOf } from '../../src/http/fetchHeaders'
import { Slugs } from '../../collections/slugs'
import type { User } from '../../src/payload-types'
import type { PortalTenant } from './portalTenants'

export { headersOf }

/** A signed-in person on a portal page. */
export type PortalUser = User & { collection: 'users'; _sid?: string }

/** The person the request's session cookie (or Authorization header) names, if any. */
export async function sessionUser(payload: Payload, req: Request): Promise<PortalUser | undefined> {
  const { user } = await executeAuthStrategies({ headers: headersOf(req), payload, canSetHeaders: false })
  const found = user as (TypedUser & { collection?: string }) | null
  return found && found.collection === Slugs.users ? (found as unknown as PortalUser) : undefined
}

/**
 * Whether `user` may use `tenant`'s portal: staff may (their rules decide what they see); a client
 * user only with a membership of that tenant, and only while active.
 */
export function mayUsePortal(user: PortalUser, tenant: PortalTenant): boolean {
  if (user.active === false) return false
  if (user.kind === 'staff') return true
  return (user.memberships ?? []).some((membership) => String(idOf(membership.tenant)) === String(tenant.id))
}
