/**
 * The demo people the example workflows need beyond a user per client role: Northwind's finance
 * leads (one who may approve up to 25,000, one without limit) and CFO, and Bluebird's CFO (whom a
 * late document sign-off escalates to). Never seeded in production.
 */
import type { Payload } from 'payload'
import { Slugs } from '../collections/slugs'
import type { DemoLogin } from './demoTenants'
import { BuiltInRoles, type BuiltInRoleKey } from './roles'

interface PersonSeed {
  email: string
  name: string
  tenant: string
  tenantName: string
  role: BuiltInRoleKey
  /** what the login list says they are */
  label: string
  /** the most they may approve where a step checks an amount; 'unlimited' for any */
  approvalLimit: number | 'unlimited'
}

const NORTHWIND = { tenant: 'northwind', tenantName: 'Northwind Logistics' }
const BLUEBIRD = { tenant: 'bluebird', tenantName: 'Bluebird Consulting' }

/** The limit of Northwind's first finance lead: purchases above it go to the unlimited one only. */
export const FINANCE_LEAD_LIMIT = 25_000

const PEOPLE: PersonSeed[] = [
  {
    ...NORTHWIND,
    email: 'finance-lead@northwind.example',
    name: 'Northwind Logistics finance lead',
    role: BuiltInRoles.clientFinanceLead,
    label: `finance lead, approves up to ${FINANCE_LEAD_LIMIT.toLocaleString('en')}`,
    approvalLimit: FINANCE_LEAD_LIMIT,
  },
  {
    ...NORTHWIND,
    email: 'controller@northwind.example',
    name: 'Northwind Logistics controller',
    role: BuiltInRoles.clientFinanceLead,
    label: 'finance lead, approves any amount',
    approvalLimit: 'unlimited',
  },
  {
    ...NORTHWIND,
    email: 'cfo@northwind.example',
    name: 'Northwind Logistics CFO',
    role: BuiltInRoles.clientCfo,
    label: 'cfo',
    approvalLimit: 'unlimited',
  },
  {
    ...BLUEBIRD,
    email: 'cfo@bluebird.example',
    name: 'Bluebird Consulting CFO',
    role: BuiltInRoles.clientCfo,
    label: 'cfo',
    approvalLimit: 'unlimited',
  },
]

/** The demo workflow people's sign-ins (part of DEMO_LOGINS). */
export const WORKFLOW_LOGINS: DemoLogin[] = PEOPLE.map(({ email, label, tenantName }) => ({
  email,
  role: label,
  tenant: tenantName,
}))

/**
 * Creates the demo workflow people where missing (found by email; an existing one is left as it
 * is); returns how many were created. A person whose tenant is missing is skipped.
 */
export async function seedWorkflowPeople(
  payload: Payload,
  roles: Record<BuiltInRoleKey, number>,
  tenants: Map<string, number>,
  password: string,
): Promise<number> {
  const { docs } = await payload.find({
    collection: Slugs.users,
    where: { email: { in: PEOPLE.map((person) => person.email) } },
    pagination: false,
    depth: 0,
    select: { email: true },
  })
  const existing = new Set(docs.map((doc) => doc.email))
  let created = 0
  for (const person of PEOPLE) {
    const tenant = tenants.get(person.tenant)
    if (existing.has(person.email) || tenant === undefined) continue
    const limit =
      person.approvalLimit === 'unlimited' ? { approvalUnlimited: true } : { approvalLimit: person.approvalLimit }
    await payload.create({
      collection: Slugs.users,
      data: {
        email: person.email,
        password,
        name: person.name,
        kind: 'client',
        memberships: [{ tenant, roles: [roles[person.role]], ...limit }],
      },
      depth: 0,
    })
    created++
  }
  return created
}
