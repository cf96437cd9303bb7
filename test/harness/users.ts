/**
 * People for tests, created the way the seed creates them: a vendor administrator holding the
 * built-in vendor-admin role, and client users with memberships.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles, seedRoles, type BuiltInRoleKey } from '../../seed/roles'
import type { User } from '../../src/payload-types'

/** A sign-in. */
export interface Credentials {
  email: string
  password: string
}

/** Seeds the built-in roles (idempotent) and returns their ids by key. */
export function builtInRoles(payload: Payload): Promise<Record<BuiltInRoleKey, number>> {
  return seedRoles(payload)
}

/** Creates a staff user holding the vendor-admin role. */
export async function createVendorAdmin(payload: Payload, login: Credentials, name = 'Admin'): Promise<User> {
  const roles = await builtInRoles(payload)
  return payload.create({
    collection: Slugs.users,
    data: { ...login, name, kind: 'staff', staffRoles: [roles[BuiltInRoles.vendorAdmin]] },
  })
}

/** Creates a tenant (active unless said otherwise). */
export function createTenant(
  payload: Payload,
  slug: string,
  parent?: number,
  status: 'active' | 'suspended' = 'active',
) {
  return payload.create({
    collection: Slugs.tenants,
    data: { name: slug, slug, parent, status, locale: 'en', timezone: 'UTC' },
  })
}

/** Creates a client user with one membership. */
export async function createClientUser(
  payload: Payload,
  login: Credentials,
  tenant: number,
  role: BuiltInRoleKey,
): Promise<User> {
  const roles = await builtInRoles(payload)
  return payload.create({
    collection: Slugs.users,
    data: { ...login, name: login.email, kind: 'client', memberships: [{ tenant, roles: [roles[role]] }] },
  })
}
