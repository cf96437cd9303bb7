/**
 * Demo client accounts for a development installation: a logistics customer, a professional-services
 * client, and a manufacturing group with one plant below it, each with a user for every client role,
 * and an account manager on the vendor side. Never seeded in production.
 */
import type { Payload } from 'payload'
import { Slugs } from '../collections/slugs'
import { WORKFLOW_LOGINS } from './demoWorkflowPeople'
import { BuiltInRoles, type BuiltInRoleKey } from './roles'

/** A demo sign-in, printed by `npm start`. */
export interface DemoLogin {
  email: string
  role: string
  tenant?: string
}

interface TenantSeed {
  slug: string
  name: string
  parent?: string
  primaryColor: string
  accentColor: string
  timezone: string
  locale: string
  /** client roles that get a demo user */
  roles: BuiltInRoleKey[]
}

const CLIENT_ROLES: BuiltInRoleKey[] = [
  BuiltInRoles.clientAdmin,
  BuiltInRoles.clientApprover,
  BuiltInRoles.clientMember,
  BuiltInRoles.clientViewer,
]

const TENANTS: TenantSeed[] = [
  {
    slug: 'northwind',
    name: 'Northwind Logistics',
    primaryColor: '#0f5c8c',
    accentColor: '#f2a900',
    timezone: 'Europe/Amsterdam',
    locale: 'en',
    roles: CLIENT_ROLES,
  },
  {
    slug: 'bluebird',
    name: 'Bluebird Consulting',
    primaryColor: '#2457c5',
    accentColor: '#16a37f',
    timezone: 'America/New_York',
    locale: 'en',
    roles: CLIENT_ROLES,
  },
  {
    slug: 'acme-group',
    name: 'Acme Manufacturing Group',
    primaryColor: '#b3261e',
    accentColor: '#3d3d3d',
    timezone: 'Europe/Berlin',
    locale: 'de',
    roles: CLIENT_ROLES,
  },
  {
    slug: 'acme-lyon',
    name: 'Acme Plant Lyon',
    parent: 'acme-group',
    primaryColor: '#b3261e',
    accentColor: '#3d3d3d',
    timezone: 'Europe/Paris',
    locale: 'fr',
    roles: [BuiltInRoles.clientAdmin, BuiltInRoles.clientMember],
  },
]

/** The demo accounts' portals, printed by `npm start` (at /t/<slug>/). */
export const DEMO_PORTALS: { slug: string; name: string }[] = TENANTS.map(({ slug, name }) => ({ slug, name }))

const roleWord = (key: BuiltInRoleKey) => key.replace(/^client-/, '')
const MANAGER_EMAIL = 'manager@atrium.local'

/** Every demo sign-in the seed creates (all share the demo administrator's password). */
export const DEMO_LOGINS: DemoLogin[] = [
  ...TENANTS.flatMap((seed) =>
    seed.roles.map((key) => ({
      email: `${roleWord(key)}@${seed.slug}.example`,
      role: roleWord(key),
      tenant: seed.name,
    })),
  ),
  ...WORKFLOW_LOGINS,
  { email: MANAGER_EMAIL, role: 'account manager (staff)' },
]

async function findOrCreate<T extends { id: number }>(
  find: () => Promise<{ docs: T[] }>,
  create: () => Promise<T>,
): Promise<T> {
  return (await find()).docs[0] ?? create()
}

/** Creates the demo accounts and their users where missing; returns every demo login. */
export async function seedDemoTenants(
  payload: Payload,
  roles: Record<BuiltInRoleKey, number>,
  password: string,
): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = []
  const tenantIds = new Map<string, number>()
  for (const seed of TENANTS) {
    const tenant = await findOrCreate(
      () => payload.find({ collection: Slugs.tenants, where: { slug: { equals: seed.slug } }, limit: 1 }),
      () =>
        payload.create({
          collection: Slugs.tenants,
          data: {
            name: seed.name,
            slug: seed.slug,
            parent: seed.parent ? tenantIds.get(seed.parent) : undefined,
            status: 'active',
            locale: seed.locale,
            timezone: seed.timezone,
            branding: { primaryColor: seed.primaryColor, accentColor: seed.accentColor },
          },
        }),
    )
    tenantIds.set(seed.slug, tenant.id)
    for (const key of seed.roles) {
      const email = `${roleWord(key)}@${seed.slug}.example`
      await findOrCreate(
        () => payload.find({ collection: Slugs.users, where: { email: { equals: email } }, limit: 1 }),
        () =>
          payload.create({
            collection: Slugs.users,
            data: {
              email,
              password,
              name: `${seed.name} ${roleWord(key)}`,
              kind: 'client',
              memberships: [{ tenant: tenant.id, roles: [roles[key]] }],
            },
          }),
      )
      logins.push({ email, role: roleWord(key), tenant: seed.name })
    }
  }
  const managerEmail = MANAGER_EMAIL
  await findOrCreate(
    () => payload.find({ collection: Slugs.users, where: { email: { equals: managerEmail } }, limit: 1 }),
    () =>
      payload.create({
        collection: Slugs.users,
        data: {
          email: managerEmail,
          password,
          name: 'Avery Account-Manager',
          kind: 'staff',
          staffRoles: [roles[BuiltInRoles.accountManager]],
          assignedTenants: [tenantIds.get('northwind')!, tenantIds.get('bluebird')!],
        },
      }),
  )
  logins.push({ email: managerEmail, role: 'account manager (staff)' })
  return logins
}
