/**
 * The demo's notification rules, shared by every client account: what a vendor would start with.
 * Seeded after the demo data, so the demo's own records and requests tell nobody anything; from
 * then on a shipment turning late, a task, a comment or a new colleague reaches the right people.
 * The workflows' own messages (approvals, decisions) need no rule: their definitions send them.
 */
import type { Payload } from 'payload'
import { Slugs } from '../collections/slugs'
import { BuiltInRoles, type BuiltInRoleKey } from './roles'

interface RuleSeed {
  name: string
  event: string
  tier: 'critical' | 'informational' | 'inApp'
  conditions?: { field: string; operator: string; value: unknown }[]
  recipients: ({ kind: 'requester' | 'assignees' | 'watchers' } | { kind: 'role'; role: BuiltInRoleKey })[]
}

const RULES: RuleSeed[] = [
  {
    name: 'Something of ours is at risk',
    event: 'record.statusCategory',
    tier: 'informational',
    conditions: [{ field: 'statusCategory', operator: 'eq', value: 'at_risk' }],
    recipients: [
      { kind: 'role', role: BuiltInRoles.clientAdmin },
      { kind: 'role', role: BuiltInRoles.clientMember },
    ],
  },
  { name: 'A task for you', event: 'task.assigned', tier: 'informational', recipients: [{ kind: 'assignees' }] },
  {
    name: 'Comments on a request',
    event: 'request.commented',
    tier: 'informational',
    recipients: [{ kind: 'watchers' }],
  },
  {
    name: 'Changes asked of you',
    event: 'request.changesRequested',
    tier: 'critical',
    recipients: [{ kind: 'requester' }],
  },
  {
    name: 'A request missed its deadline',
    event: 'request.slaBreached',
    tier: 'critical',
    recipients: [{ kind: 'role', role: BuiltInRoles.accountManager }],
  },
  {
    name: 'A new colleague',
    event: 'user.invited',
    tier: 'inApp',
    recipients: [{ kind: 'role', role: BuiltInRoles.clientAdmin }],
  },
]

/** Creates the demo rules that do not exist yet (by name); returns how many. */
export async function seedDemoNotificationRules(
  payload: Payload,
  roles: Record<BuiltInRoleKey, number>,
): Promise<number> {
  let created = 0
  for (const rule of RULES) {
    const { totalDocs } = await payload.count({
      collection: Slugs.notificationRules,
      where: { name: { equals: rule.name } },
    })
    if (totalDocs > 0) continue
    await payload.create({
      collection: Slugs.notificationRules,
      data: {
        ...rule,
        recipients: rule.recipients.map((r) => (r.kind === 'role' ? { kind: 'role', role: roles[r.role] } : r)),
      } as never,
      depth: 0,
    })
    created++
  }
  return created
}
