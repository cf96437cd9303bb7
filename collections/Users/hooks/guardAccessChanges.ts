import { subject } from '@casl/ability'
import type { CollectionBeforeValidateHook, Payload, PayloadRequest } from 'payload'
import { accessUserOf, tenantSubtree, type AccessUser } from '../../../src/access/ability'
import { abilityOf } from '../../../src/access/collectionAccess'
import { sameValue } from '../../../src/access/sameValue'
import { Errors, HttpError } from '../../../src/http/errors'
import { Slugs } from '../../slugs'
import { idOf, idsOf, type Id } from '../../../src/access/ids'

type Membership = { tenant?: unknown; roles?: unknown[] | null }

/** The fields that decide what a user may do. */
const ACCESS_FIELDS = [
  'kind',
  'active',
  'memberships',
  'staffRoles',
  'assignedTenants',
  'approvalLimit',
  'approvalUnlimited',
] as const

/** Roles per tenant, as a map from tenant id to role ids (a tenant listed twice merges). */
function rolesByTenant(memberships: Membership[] | null | undefined): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>()
  for (const membership of memberships ?? []) {
    const tenant = idOf(membership.tenant)
    if (tenant === undefined) continue
    const roles = map.get(String(tenant)) ?? new Set<string>()
    for (const role of idsOf(membership.roles)) roles.add(String(role))
    map.set(String(tenant), roles)
  }
  return map
}

async function audiences(req: PayloadRequest, roleIds: Id[]): Promise<Map<string, string>> {
  if (roleIds.length === 0) return new Map()
  const { docs } = await req.payload.find({
    collection: Slugs.roles,
    where: { id: { in: roleIds } },
    pagination: false,
    depth: 0,
    req,
  })
  return new Map(docs.map((role) => [String(role.id), String(role.audience)]))
}

/**
 * What a client administrator may grant: for each tenant in their reach (by tenant id), the roles
 * they hold there or in a tenant above it.
 */
export async function grantableRoles(payload: Payload, actor: AccessUser): Promise<Map<string, Set<string>>> {
  const grants = new Map<string, Set<string>>()
  for (const [tenant, roles] of rolesByTenant(actor.memberships)) {
    for (const reached of await tenantSubtree(payload, tenant)) {
      grants.set(String(reached), new Set([...(grants.get(String(reached)) ?? []), ...roles]))
    }
  }
  return grants
}

/**
 * Who may change whose access: nobody changes their own kind, roles, memberships or active state;
 * staff roles and tenant assignments belong to staff users, memberships to client users; a client
 * administrator manages memberships only in tenants their rules reach and grants only roles they
 * hold there, and never creates staff; staff grant staff roles they hold, unless they manage
 * everything. Whether the actor may edit the user at all is the rules' decision, made before this.
 */
export const guardAccessChanges: CollectionBeforeValidateHook = async ({ data, originalDoc, operation, req }) => {
  // An integration account is judged as the person it stands in for (a client member, or staff).
  const actor = req.user ? accessUserOf(req.user as unknown as AccessUser) : undefined
  if (!actor || !data) return data
  const isSelf = (id: unknown) => req.user?.collection === Slugs.users && String(id) === String(actor.id)
  const before = (originalDoc ?? {}) as AccessUser & Record<string, unknown>
  const after = { ...before, ...data } as AccessUser
  const changed = (key: (typeof ACCESS_FIELDS)[number]) => key in data && !sameValue(data[key], before[key])

  if (operation === 'update' && isSelf(before.id) && ACCESS_FIELDS.some(changed)) {
    throw new HttpError(
      403,
      'own_access_unchanged',
      'Nobody can change their own kind, roles, memberships, approval limit or active state',
    )
  }
  if (after.kind === 'client' && (idsOf(after.staffRoles).length > 0 || idsOf(after.assignedTenants).length > 0)) {
    throw Errors.invalidInput(
      'invalid_membership',
      'Client users hold memberships, not staff roles or assigned tenants',
    )
  }
  if (after.kind === 'staff' && (after.memberships ?? []).length > 0) {
    throw Errors.invalidInput(
      'invalid_membership',
      'Staff users hold staff roles and assigned tenants, not memberships',
    )
  }
  const memberRoles = (after.memberships ?? []).flatMap((membership) => idsOf(membership.roles))
  const audienceOf = await audiences(req, [...memberRoles, ...idsOf(after.staffRoles)])
  if (memberRoles.some((role) => audienceOf.get(String(role)) !== 'client')) {
    throw Errors.invalidInput('invalid_role', 'Memberships hold client roles only (and every role must exist)')
  }
  if (idsOf(after.staffRoles).some((role) => audienceOf.get(String(role)) !== 'staff')) {
    throw Errors.invalidInput('invalid_role', 'Staff roles must be existing roles for vendor staff')
  }

  const ability = await abilityOf(req)
  if (actor.kind === 'client') {
    if (after.kind !== 'client') throw Errors.forbidden('Client administrators manage client users only')
    const grants = await grantableRoles(req.payload, actor)
    const old = rolesByTenant(before.memberships)
    const next = rolesByTenant(after.memberships)
    // The maps are keyed by text; the rules compare the tenant ids as stored.
    const tenantIds = new Map(
      idsOf([...(before.memberships ?? []), ...(after.memberships ?? [])].map((m) => m.tenant)).map((id) => [
        String(id),
        id,
      ]),
    )
    for (const tenant of new Set([...old.keys(), ...next.keys()])) {
      const was = [...(old.get(tenant) ?? [])].sort()
      const will = [...(next.get(tenant) ?? [])].sort()
      if (sameValue(was, will)) continue
      const reachable = ability.can(
        operation === 'create' ? 'create' : 'update',
        subject(Slugs.users, {
          kind: 'client',
          memberships: [{ tenant: tenantIds.get(tenant), roles: [] }],
        }),
      )
      const held = grants.get(tenant) ?? new Set<string>()
      if (!reachable || will.some((role) => !held.has(role))) {
        throw Errors.forbidden(
          `You cannot grant these roles in tenant ${tenant}: only roles you hold there, in tenants you administer`,
        )
      }
    }
  } else if (actor.kind === 'staff' && changed('staffRoles') && !ability.can('manage', 'all')) {
    const own = new Set(idsOf(actor.staffRoles).map(String))
    if (
      idsOf(after.staffRoles).some(
        (role) => !own.has(String(role)) && !idsOf(before.staffRoles).map(String).includes(String(role)),
      )
    ) {
      throw Errors.forbidden('You can grant only staff roles you hold yourself')
    }
  }
  return data
}
