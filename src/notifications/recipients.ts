/**
 * Who a rule reaches for one item: people holding a role in the item's tenant, the requester, the
 * assignees, the watchers (everyone who took part), or a vendor-side mailbox. Resolved as the
 * system when the event fans out; whether each person may still read the item is checked after,
 * person by person, through the access path (fanOut.ts).
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { idOf, idsOf, type Id } from '../access/ids'
import type { NotificationRule, User, WorkflowEvent } from '../payload-types'

/** Who a rule's notification goes to. */
export const RECIPIENT_KINDS = ['role', 'requester', 'assignees', 'watchers', 'address'] as const

/** The people and mailboxes a rule reaches. */
export interface Reached {
  users: Set<string>
  addresses: Set<string>
}

/** The people an item names as its requester, assignees and watchers. */
async function namedBy(payload: Payload, collection: string, item: Record<string, unknown>) {
  const requester = collection === Slugs.requests ? idsOf([item.requester]) : []
  const assignees =
    collection === Slugs.requests
      ? idsOf(item.assignees as unknown[])
      : collection === Slugs.tasks
        ? idsOf([item.assignee])
        : []
  let watchers: Id[] | undefined
  return {
    requester,
    assignees,
    // Watchers: everyone who took part in a request (asked, acted, commented); read only when a rule asks.
    watchers: async () => {
      if (watchers) return watchers
      if (collection !== Slugs.requests) return (watchers = [...requester, ...assignees])
      const { docs } = await payload.find({
        collection: Slugs.workflowEvents,
        where: { request: { equals: item.id } },
        pagination: false,
        depth: 0,
        select: { actor: true },
        overrideAccess: true,
      })
      const actors = idsOf((docs as Pick<WorkflowEvent, 'actor'>[]).map((doc) => doc.actor))
      return (watchers = [...requester, ...assignees, ...actors])
    },
  }
}

/** The people holding `role` for `tenant`: clients through a membership of it, staff through their roles. */
async function holdersOf(payload: Payload, role: Id, tenant: Id | null): Promise<Id[]> {
  const { docs } = await payload.find({
    collection: Slugs.users,
    where: {
      and: [
        { active: { not_equals: false } },
        // Clients of this tenant only: the query narrows, the filter below makes it exact.
        {
          or: [
            { staffRoles: { in: [role] } },
            ...(tenant === null
              ? []
              : [{ and: [{ 'memberships.tenant': { equals: tenant } }, { 'memberships.roles': { in: [role] } }] }]),
          ],
        },
      ],
    },
    pagination: false,
    depth: 0,
    select: { kind: true, staffRoles: true, memberships: true, assignedTenants: true },
    overrideAccess: true,
  })
  return (docs as Pick<User, 'id' | 'kind' | 'staffRoles' | 'memberships' | 'assignedTenants'>[])
    .filter((user) =>
      user.kind === 'staff'
        ? idsOf(user.staffRoles).some((id) => String(id) === String(role))
        : (user.memberships ?? []).some(
            (m) =>
              tenant !== null &&
              String(idOf(m.tenant)) === String(tenant) &&
              idsOf(m.roles).some((id) => String(id) === String(role)),
          ),
    )
    .map((user) => user.id)
}

/** Everyone `rule` reaches about `item` (a document of `collection`) in `tenant`. */
export async function reachedBy(
  payload: Payload,
  rules: Pick<NotificationRule, 'recipients'>[],
  collection: string,
  item: Record<string, unknown>,
  tenant: Id | null,
): Promise<Reached[]> {
  const named = await namedBy(payload, collection, item)
  const roleHolders = new Map<string, Id[]>()
  const reached: Reached[] = []
  for (const rule of rules) {
    const users = new Set<string>()
    const addresses = new Set<string>()
    for (const recipient of rule.recipients ?? []) {
      if (recipient.kind === 'address' && recipient.address) addresses.add(recipient.address)
      if (recipient.kind === 'requester') named.requester.forEach((id) => users.add(String(id)))
      if (recipient.kind === 'assignees') named.assignees.forEach((id) => users.add(String(id)))
      if (recipient.kind === 'watchers') (await named.watchers()).forEach((id) => users.add(String(id)))
      const role = idOf(recipient.role)
      if (recipient.kind === 'role' && role !== undefined) {
        const key = String(role)
        if (!roleHolders.has(key)) roleHolders.set(key, await holdersOf(payload, role, tenant))
        roleHolders.get(key)!.forEach((id) => users.add(String(id)))
      }
    }
    reached.push({ users, addresses })
  }
  return reached
}
