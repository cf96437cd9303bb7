/**
 * The built-in roles every installation starts with. Staff may edit them like any role; the seed
 * finds them by `key` and never overwrites an existing one.
 */
import type { Payload } from 'payload'
import { Slugs } from '../collections/slugs'
import type { StoredRule } from '../src/access/rules'
import type { Role } from '../src/payload-types'

/** Keys of the built-in roles. */
export const BuiltInRoles = {
  vendorAdmin: 'vendor-admin',
  accountManager: 'account-manager',
  clientAdmin: 'client-admin',
  clientApprover: 'client-approver',
  clientMember: 'client-member',
  clientViewer: 'client-viewer',
  clientFinanceLead: 'finance-lead',
  clientCfo: 'cfo',
  integrationWriter: 'integration-writer',
} as const

/** A built-in role's key. */
export type BuiltInRoleKey = (typeof BuiltInRoles)[keyof typeof BuiltInRoles]

const inTenants = (placeholder: string, field = 'tenant') => [
  { field, operator: 'in' as const, value: `\${${placeholder}}` },
]
const own = 'user.tenantAndDescendants'
const self = [{ field: 'id', operator: 'eq' as const, value: '${user.id}' }]
// Client users read their tenants' records, and the types that label them; staff and integrations write them.
const readRecords: StoredRule[] = [
  { action: 'read', subject: Slugs.records, conditions: inTenants(own) },
  { action: 'read', subject: Slugs.recordTypes },
]
// Client users follow their organisation's requests and tasks, close tasks given to them, and
// name substitutes for their own approvals; who approves is the workflow's decision, not a rule.
const followRequests: StoredRule[] = [
  { action: 'read', subject: Slugs.requestTypes },
  { action: 'read', subject: Slugs.requests, conditions: inTenants(own) },
  { action: 'read', subject: Slugs.workflowEvents, conditions: inTenants(own) },
  { action: 'read', subject: Slugs.tasks, conditions: inTenants(own) },
  {
    action: 'update',
    subject: Slugs.tasks,
    fields: ['status'],
    conditions: [...inTenants(own), { field: 'assignee', operator: 'eq', value: '${user.id}' }],
  },
  {
    action: 'manage',
    subject: Slugs.delegations,
    conditions: [...inTenants(own), { field: 'user', operator: 'eq', value: '${user.id}' }],
  },
  {
    action: 'read',
    subject: Slugs.delegations,
    conditions: [...inTenants(own), { field: 'substitute', operator: 'eq', value: '${user.id}' }],
  },
]
const submitRequests: StoredRule = { action: 'create', subject: Slugs.requests, conditions: inTenants(own) }
const inAssigned = (subject: string, action: StoredRule['action'] = 'manage'): StoredRule => ({
  action,
  subject,
  conditions: inTenants('user.assignedTenants'),
})

interface RoleSeed {
  key: BuiltInRoleKey
  name: string
  audience: 'staff' | 'client'
  description: string
  permissions: StoredRule[]
}

const ROLES: RoleSeed[] = [
  {
    key: BuiltInRoles.vendorAdmin,
    name: 'Vendor administrator',
    audience: 'staff',
    description: 'Runs the installation: every client account, user, role and setting.',
    permissions: [{ action: 'manage', subject: 'all' }],
  },
  {
    key: BuiltInRoles.accountManager,
    name: 'Account manager',
    audience: 'staff',
    description: 'Looks after the client accounts assigned to them: their settings, users and files.',
    permissions: [
      { action: 'read', subject: Slugs.tenants, conditions: inTenants('user.assignedTenants', 'id') },
      { action: 'update', subject: Slugs.tenants, conditions: inTenants('user.assignedTenants', 'id') },
      { action: 'manage', subject: Slugs.media, conditions: inTenants('user.assignedTenants') },
      {
        action: 'manage',
        subject: Slugs.users,
        conditions: [
          { field: 'kind', operator: 'eq', value: 'client' },
          ...inTenants('user.assignedTenants', 'memberships.tenant'),
        ],
      },
      { action: 'read', subject: Slugs.users, conditions: self },
      { action: 'update', subject: Slugs.users, fields: ['name', 'timeZone', 'locale'], conditions: self },
      { action: 'read', subject: Slugs.roles },
      { action: 'read', subject: Slugs.recordTypes },
      { action: 'manage', subject: Slugs.records, conditions: inTenants('user.assignedTenants') },
      { action: 'read', subject: Slugs.requestTypes },
      { action: 'read', subject: Slugs.workflowDefinitions },
      inAssigned(Slugs.requests, 'read'),
      // The vendor asks its clients for things too: a document to sign off (the requester is the manager).
      inAssigned(Slugs.requests, 'create'),
      inAssigned(Slugs.workflowEvents, 'read'),
      inAssigned(Slugs.outgoingEvents, 'read'),
      inAssigned(Slugs.tasks),
      inAssigned(Slugs.delegations),
      inAssigned(Slugs.signInEvents, 'read'),
    ],
  },
  {
    key: BuiltInRoles.clientAdmin,
    name: 'Client administrator',
    audience: 'client',
    description: "Manages their organisation's users (and those of its sub-accounts) and files.",
    permissions: [
      { action: 'read', subject: Slugs.tenants, conditions: inTenants(own, 'id') },
      // They set what everyone in their account hears about by default (nothing else of the account).
      {
        action: 'update',
        subject: Slugs.tenants,
        fields: ['notificationDefaults'],
        conditions: inTenants(own, 'id'),
      },
      { action: 'manage', subject: Slugs.users, conditions: inTenants(own, 'memberships.tenant') },
      { action: 'manage', subject: Slugs.media, conditions: inTenants(own) },
      // Who signed in to their account's portal, and what failed (src/auth/signInLog.ts).
      { action: 'read', subject: Slugs.signInEvents, conditions: inTenants(own) },
      { action: 'read', subject: Slugs.roles, conditions: [{ field: 'audience', operator: 'eq', value: 'client' }] },
      ...readRecords,
      ...followRequests,
      submitRequests,
    ],
  },
  ...(['approver', 'member', 'viewer'] as const).map(
    (kind): RoleSeed => ({
      key: BuiltInRoles[`client${kind[0]!.toUpperCase()}${kind.slice(1)}` as 'clientApprover'],
      name: `Client ${kind}`,
      audience: 'client',
      description: {
        approver: 'Sees the account and gives approvals.',
        member: 'Sees the account, submits requests and uploads files.',
        viewer: 'Sees the account, read only.',
      }[kind],
      permissions: [
        { action: 'read', subject: Slugs.tenants, conditions: inTenants(own, 'id') },
        { action: 'read', subject: Slugs.media, conditions: inTenants(own) },
        ...(kind === 'member' ? [{ action: 'create' as const, subject: Slugs.media }] : []),
        { action: 'read', subject: Slugs.users, conditions: self },
        { action: 'update', subject: Slugs.users, fields: ['name', 'timeZone', 'locale'], conditions: self },
        // Payload checks the roles a user's memberships name against what the user may read.
        { action: 'read', subject: Slugs.roles, conditions: [{ field: 'audience', operator: 'eq', value: 'client' }] },
        ...readRecords,
        ...followRequests,
        ...(kind === 'member' ? [submitRequests] : []),
      ],
    }),
  ),
  ...(
    [
      [BuiltInRoles.clientFinanceLead, 'Finance lead', "Approves their organisation's purchases within their limit."],
      [BuiltInRoles.clientCfo, 'Chief financial officer', 'Approves purchases that were not approved in time.'],
    ] as const
  ).map(
    ([key, name, description]): RoleSeed => ({
      key,
      name,
      audience: 'client',
      description,
      permissions: [
        { action: 'read', subject: Slugs.tenants, conditions: inTenants(own, 'id') },
        { action: 'read', subject: Slugs.users, conditions: self },
        { action: 'read', subject: Slugs.roles, conditions: [{ field: 'audience', operator: 'eq', value: 'client' }] },
        ...readRecords,
        ...followRequests,
        submitRequests,
      ],
    }),
  ),
  {
    key: BuiltInRoles.integrationWriter,
    name: 'Integration writer',
    audience: 'client',
    description: "For an integration account: keeps its client's records in step with another system.",
    permissions: [
      { action: 'manage', subject: Slugs.records, conditions: inTenants(own) },
      { action: 'read', subject: Slugs.recordTypes },
    ],
  },
]

/** Creates the built-in roles that do not exist yet; returns every built-in role's id by key. */
export async function seedRoles(payload: Payload): Promise<Record<BuiltInRoleKey, number>> {
  const ids = {} as Record<BuiltInRoleKey, number>
  for (const role of ROLES) {
    const { docs } = await payload.find({ collection: Slugs.roles, where: { key: { equals: role.key } }, limit: 1 })
    ids[role.key] =
      docs[0]?.id ??
      (
        await payload.create({
          collection: Slugs.roles,
          data: { ...role, permissions: role.permissions as Role['permissions'] },
        })
      ).id
  }
  return ids
}
