import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { idOf, idsOf, type Id } from '../../../src/access/ids'
import type { Role } from '../../../src/payload-types'
import type { PortalUser } from '../portalSession'

/** The role ids `member` holds in tenant `tenant`, from their memberships. */
export function rolesIn(member: Pick<PortalUser, 'memberships'>, tenant: Id): Id[] {
  return (member.memberships ?? [])
    .filter((membership) => String(idOf(membership.tenant)) === String(tenant))
    .flatMap((membership) => idsOf(membership.roles as unknown[]))
}

/** The client roles `viewer` may read, by id (read as them: their rules decide). */
export async function readableRoles(payload: Payload, viewer: PortalUser): Promise<Map<string, Role>> {
  const { docs } = await payload.find({
    collection: Slugs.roles,
    where: { audience: { equals: 'client' } },
    depth: 0,
    limit: 100,
    pagination: false,
    sort: 'name',
    user: viewer,
    overrideAccess: false,
  })
  return new Map((docs as Role[]).map((role) => [String(role.id), role]))
}
