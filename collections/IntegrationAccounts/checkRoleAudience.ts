import { ValidationError, type CollectionBeforeValidateHook } from 'payload'
import { Slugs } from '../slugs'
import { idOf, idsOf } from '../../src/access/ids'

/**
 * An account bound to a tenant holds client roles, a vendor-wide one staff roles: the same roles
 * the people it stands in for could hold, so nothing grants an account more than a person.
 */
export const checkRoleAudience: CollectionBeforeValidateHook = async ({ data, originalDoc, req }) => {
  if (!data) return data
  const merged = { ...(originalDoc ?? {}), ...data } as { tenant?: unknown; roles?: unknown[] | null }
  const roleIds = idsOf(merged.roles)
  if (roleIds.length === 0) return data
  const audience = idOf(merged.tenant) ? 'client' : 'staff'
  const { docs } = await req.payload.find({
    collection: Slugs.roles,
    where: { id: { in: roleIds } },
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (docs.length !== roleIds.length || docs.some((role) => role.audience !== audience)) {
    throw new ValidationError({
      collection: Slugs.integrationAccounts,
      errors: [{ path: 'roles', message: `must all be ${audience} roles` }],
      req,
    })
  }
  return data
}
