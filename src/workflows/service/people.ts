/**
 * The people a request's workflow needs: the candidates for its approval steps (users holding a
 * role the definition names, on the client's side or the vendor's, with their approval limits)
 * and the delegation that lets a substitute act for an assignee.
 */
import type { Payload, Where } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { idOf, idsOf, type Id } from '../../access/ids'
import type { User } from '../../payload-types'
import { valueAt } from '../approval'
import { stateOf, type AssigneeRule, type Definition } from '../definition'
import type { Candidate, Instance } from '../types'
import type { ServiceRequest } from './context'

/** Every role rule a definition names: approvers, escalations, notification and task recipients. */
export function assigneeRulesOf(definition: Definition): AssigneeRule[] {
  const rules: AssigneeRule[] = []
  const recipient = (to: unknown) => {
    if (to && typeof to === 'object') rules.push(to as AssigneeRule)
  }
  for (const state of definition.states) {
    if (state.kind === 'approval') rules.push(...state.assignees, ...(state.sla?.onBreach.assignees ?? []))
    for (const action of state.onEnter ?? []) {
      if (action.type === 'notify') action.to.forEach(recipient)
      if (action.type === 'createTask') recipient(action.assignee)
    }
  }
  return rules
}

const limitOf = (holder: { approvalLimit?: number | null; approvalUnlimited?: boolean | null }) =>
  holder.approvalUnlimited ? ('unlimited' as const) : (holder.approvalLimit ?? undefined)

/**
 * The users of `tenant` holding a role `definition` names, one candidate per role and scope held:
 * client users through their membership of the tenant, staff through being assigned to it.
 * Inactive users are never candidates.
 */
export async function candidatesFor(
  payload: Payload,
  definition: Definition,
  tenant: Id,
  req?: ServiceRequest,
): Promise<Candidate[]> {
  const rules = assigneeRulesOf(definition)
  if (rules.length === 0) return []
  const { docs: roles } = await payload.find({
    collection: Slugs.roles,
    where: { key: { in: [...new Set(rules.map((rule) => rule.role))] } },
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const keyOf = new Map(roles.map((role) => [String(role.id), String(role.key)]))
  const wanted = (scope: Candidate['scope']) =>
    new Set(rules.filter((rule) => rule.scope === scope).map((rule) => rule.role))
  const byScope = { client: wanted('client'), vendor: wanted('vendor') }
  const where: Where = {
    and: [
      { active: { not_equals: false } },
      {
        or: [
          ...(byScope.client.size ? [{ 'memberships.tenant': { equals: tenant } }] : []),
          ...(byScope.vendor.size ? [{ assignedTenants: { in: [tenant] } }] : []),
        ],
      },
    ],
  }
  const { docs: users } = (await payload.find({
    collection: Slugs.users,
    where,
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })) as { docs: User[] }
  const candidates: Candidate[] = []
  const add = (user: User, roleIds: unknown[] | null | undefined, scope: Candidate['scope'], limit: unknown) => {
    for (const roleId of idsOf(roleIds)) {
      const role = keyOf.get(String(roleId))
      if (!role || !byScope[scope].has(role)) continue
      const approvalLimit = limit as Candidate['approvalLimit']
      candidates.push({ id: String(user.id), role, scope, ...(approvalLimit === undefined ? {} : { approvalLimit }) })
    }
  }
  for (const user of users) {
    if (user.kind === 'staff') {
      if (idsOf(user.assignedTenants).some((id) => String(id) === String(tenant)))
        add(user, user.staffRoles, 'vendor', limitOf(user))
      continue
    }
    for (const membership of user.memberships ?? []) {
      if (String(idOf(membership.tenant)) === String(tenant)) add(user, membership.roles, 'client', limitOf(membership))
    }
  }
  return candidates
}

/** What a substitute's action must match to count for an assignee. */
export interface DelegationQuery {
  substitute: Id
  tenant: Id
  /** the assignees who might have delegated */
  principals: string[]
  now: string
  /** the amount the step's limit field holds, when it has one */
  amount?: number
}

/**
 * The assignee `substitute` may act for now, through a delegation of the request's tenant that is
 * running at `now` and whose amount limit (if any) covers the step's amount; undefined if none.
 */
export async function delegatorFor(payload: Payload, query: DelegationQuery, req?: ServiceRequest) {
  if (query.principals.length === 0) return undefined
  const { docs } = await payload.find({
    collection: Slugs.delegations,
    where: {
      and: [
        { substitute: { equals: query.substitute } },
        { tenant: { equals: query.tenant } },
        { user: { in: query.principals } },
        { from: { less_than_equal: query.now } },
        { to: { greater_than: query.now } },
      ],
    },
    sort: 'createdAt',
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const found = docs.find((doc) => delegationCovers(doc.amountLimit, query.amount))
  return found ? String(idOf(found.user)) : undefined
}

/** Whether a delegation with `amountLimit` covers a step whose limit field holds `amount` (no limit: any). */
export const delegationCovers = (amountLimit: number | null | undefined, amount: number | undefined): boolean =>
  amountLimit === null || amountLimit === undefined || (amount !== undefined && amount <= amountLimit)

/** The amount the current step's limit field holds, when the step is an approval with one. */
export function stepAmount(definition: Definition, instance: Instance): number | undefined {
  const state = stateOf(definition, instance.state)
  const amount = state?.kind === 'approval' && state.limitField ? valueAt(instance.data, state.limitField) : undefined
  return typeof amount === 'number' ? amount : undefined
}
