/**
 * A client account with people for workflow tests and benchmarks: a requester, finance leads with
 * approval limits, a CFO, an account manager assigned to the account, N plain approvers, and an
 * outsider in another account; the purchase approval published with its request type.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { User } from '../../src/payload-types'
import { purchaseApprovalInput } from '../../src/workflows/examples'
import { PURCHASE_REQUEST_TYPE } from '../../seed/demoRequestTypes'
import { BuiltInRoles, type BuiltInRoleKey } from '../../seed/roles'
import { builtInRoles, createTenant } from './users'

/** The password every fixture person has. */
export const FIXTURE_PASSWORD = 'correct-horse-battery'

/** The request type the fixtures submit: the demo seed's purchase request. */
export const PURCHASE_TYPE = PURCHASE_REQUEST_TYPE

const { key: _key, version: _version, ...definitionOnly } = purchaseApprovalInput
/** The definition of the purchase approval without key and version (the document holds those). */
export const purchaseDefinition: Record<string, unknown> = definitionOnly

/** The people and ids a workflow test uses. */
export interface WorkflowFixture {
  tenant: number
  otherTenant: number
  admin: User
  requester: User
  viewer: User
  financeLeads: User[]
  cfo: User
  accountManager: User
  approvers: User[]
  outsider: User
  purchaseWorkflow: number
  purchaseType: number
}

type Role = BuiltInRoleKey

/** Creates the fixture in `payload` (names prefixed by `prefix`, so one database can hold several). */
export async function createWorkflowFixture(payload: Payload, prefix: string, approvers = 0): Promise<WorkflowFixture> {
  const roles = await builtInRoles(payload)
  const tenant = (await createTenant(payload, `${prefix}-acme`)).id
  const otherTenant = (await createTenant(payload, `${prefix}-globex`)).id
  const person = (name: string, data: Record<string, unknown>) =>
    payload.create({
      collection: Slugs.users,
      data: { email: `${name}@${prefix}.test`, password: FIXTURE_PASSWORD, name, ...data } as never,
    }) as Promise<User>
  const client = (name: string, role: Role, extra: Record<string, unknown> = {}, at = tenant) =>
    person(name, { kind: 'client', memberships: [{ tenant: at, roles: [roles[role]], ...extra }] })
  const admin = await person('admin', { kind: 'staff', staffRoles: [roles[BuiltInRoles.vendorAdmin]] })
  const fixture: WorkflowFixture = {
    tenant,
    otherTenant,
    admin,
    requester: await client('requester', BuiltInRoles.clientMember),
    viewer: await client('viewer', BuiltInRoles.clientViewer),
    financeLeads: [
      await client('lead-small', BuiltInRoles.clientFinanceLead, { approvalLimit: 5_000 }),
      await client('lead-large', BuiltInRoles.clientFinanceLead, { approvalLimit: 50_000 }),
      await client('lead-any', BuiltInRoles.clientFinanceLead, { approvalUnlimited: true }),
    ],
    cfo: await client('cfo', BuiltInRoles.clientCfo, { approvalUnlimited: true }),
    accountManager: await person('manager', {
      kind: 'staff',
      staffRoles: [roles[BuiltInRoles.accountManager]],
      assignedTenants: [tenant],
    }),
    approvers: [],
    outsider: await client('outsider', BuiltInRoles.clientMember, {}, otherTenant),
    purchaseWorkflow: 0,
    purchaseType: 0,
  }
  for (let i = 0; i < approvers; i++) fixture.approvers.push(await client(`approver-${i}`, BuiltInRoles.clientApprover))
  fixture.purchaseWorkflow = await publishWorkflow(
    payload,
    'purchase-approval',
    'Purchase approval',
    purchaseDefinition,
  )
  const type = await payload.create({ collection: Slugs.requestTypes, data: PURCHASE_TYPE as never })
  fixture.purchaseType = type.id
  return fixture
}

/** Creates and publishes a version of workflow `key`; returns its id. */
export async function publishWorkflow(
  payload: Payload,
  key: string,
  title: string,
  definition: Record<string, unknown>,
): Promise<number> {
  const doc = await payload.create({
    collection: Slugs.workflowDefinitions,
    data: { key, title, status: 'published', definition } as never,
  })
  return doc.id
}

/** A one-step approval by every client approver of the tenant, with `policy`; and its request type. */
export async function createPolicyWorkflow(payload: Payload, key: string, policy: 'any' | 'all'): Promise<void> {
  await publishWorkflow(payload, key, `${policy} approval`, {
    initial: 'draft',
    states: [
      { key: 'draft', kind: 'form', onSubmit: 'review' },
      {
        key: 'review',
        kind: 'approval',
        assignees: [{ role: BuiltInRoles.clientApprover, scope: 'client' }],
        policy: { kind: policy },
        onApprove: 'approved',
        onReject: 'rejected',
        rejectReasons: ['no'],
        onEnter: [{ type: 'webhook', event: `${key}.review` }],
      },
      { key: 'approved', kind: 'final', outcome: 'approved', onEnter: [{ type: 'webhook', event: `${key}.done` }] },
      { key: 'rejected', kind: 'final', outcome: 'rejected' },
    ],
  })
  await payload.create({
    collection: Slugs.requestTypes,
    data: { ...PURCHASE_TYPE, key: key.replace(/-/g, '_'), workflow: key } as never,
  })
}
