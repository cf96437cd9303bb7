/**
 * The fan-out of one event: the rules that match it (its tenant's and the defaults, conditions
 * held), plus the people a workflow named, become one notification per person (the bell, and the
 * digest's items) and one delivery per person and channel (email at once, plugin channels), each
 * person once however many rules reach them, at the loudest tier among those. Each person must
 * still be allowed to read the item (the access path's rules, in memory); a person who is not gets
 * nothing, and the skip is recorded. Everything an event writes commits in one transaction, keyed
 * by the event: a job run twice writes nothing the second time.
 */
import type { Payload } from 'payload'
import { ruleSnapshot } from '../../collections/NotificationRules/ruleSnapshot'
import { Slugs } from '../../collections/slugs'
import { idOf, storableId, type Id } from '../access/ids'
import { mayRead } from '../access/mayRead'
import { inTransaction } from '../db/inTransaction'
import { insertRows } from '../db/systemRows'
import { isUniqueViolation } from '../db/uniqueViolation'
import { jobRow } from '../jobs/jobRow'
import type { NotificationRule, Tenant, User } from '../payload-types'
import { pluginChannels, TIERS, type Tier } from '../plugin/notifications'
import { conditionsHold } from '../workflows/conditions'
import type { Condition } from '../workflows/definition'
import { eventCatalogue } from './catalogue'
import { itemPath, itemTitle } from './links'
import { loadPreferences, resolveChoice } from './preferences'
import { reachedBy } from './recipients'
import { NOTIFICATION_DELIVERY_TASK, type NotificationEvent } from './events'

/** The generic email every rule without a template of its own sends. */
export const DEFAULT_TEMPLATE = 'notification'

/** What one event became. */
export interface FanOutResult {
  notifications: number
  deliveries: number
  skipped: number
}

const louder = (a: Tier, b: Tier) => (TIERS.indexOf(a) <= TIERS.indexOf(b) ? a : b)

interface Target {
  tier: Tier
  template: string
}

/** Fans `event` out (a notificationFanOut job). */
export async function fanOut(payload: Payload, event: NotificationEvent): Promise<FanOutResult> {
  const none = { notifications: 0, deliveries: 0, skipped: 0 }
  const type = eventCatalogue(payload.config).get(event.type)
  if (!type) {
    payload.logger.warn({ event: event.type }, 'An event of a type no longer in the catalogue was not sent')
    return none
  }
  const item = (await payload
    .findByID({ collection: type.item as never, id: event.item.id, depth: 0, overrideAccess: true })
    .catch(() => null)) as Record<string, unknown> | null
  // Deleted since (with its tenant, perhaps): there is nothing to tell anyone about.
  if (!item) return none
  const tenantId = event.tenant ?? idOf(item.tenant) ?? null
  const tenant =
    tenantId === null
      ? null
      : ((await payload
          .findByID({ collection: Slugs.tenants, id: tenantId, depth: 0, overrideAccess: true })
          .catch(() => null)) as Tenant | null)
  const subject = { ...item, ...event.detail }
  const rules = ((await ruleSnapshot.current(payload)).get(type.key) ?? []).filter(
    (rule: NotificationRule) =>
      // A rule speaks of what happens after it is saved, not of events still queued from before.
      rule.createdAt <= event.at &&
      (idOf(rule.tenant) === undefined || String(idOf(rule.tenant)) === String(tenantId)) &&
      conditionsHold((rule.conditions ?? undefined) as Condition[] | undefined, subject),
  )
  const reached = await reachedBy(payload, rules, type.item, item, tenantId)

  // Each person and mailbox once, at the loudest tier that reaches them.
  const people = new Map<string, Target>()
  const mailboxes = new Map<string, Target>()
  const reach = (into: Map<string, Target>, key: string, target: Target) => {
    const held = into.get(key)
    if (!held || louder(target.tier, held.tier) !== held.tier) into.set(key, target)
  }
  // The publisher's own message first: a rule's takes over only where it is louder.
  for (const group of event.direct ?? [])
    for (const user of group.users)
      reach(people, user, { tier: group.tier ?? type.tier, template: group.template ?? DEFAULT_TEMPLATE })
  rules.forEach((rule, index) => {
    const target = { tier: rule.tier, template: rule.template || DEFAULT_TEMPLATE }
    reached[index]!.users.forEach((user) => reach(people, user, target))
    reached[index]!.addresses.forEach((address) => reach(mailboxes, address, target))
  })
  // Who acted is not told about what they did, nor someone who joined that they did.
  if (event.actor) people.delete(String(event.actor))
  if (type.item === Slugs.users) people.delete(String(item.id))
  if (people.size === 0 && mailboxes.size === 0) return none

  const ids = [...people.keys()].map((id) => storableId(payload, id)).filter((id): id is Id => id !== undefined)
  const { docs: users } = await payload.find({
    collection: Slugs.users,
    where: { and: [{ id: { in: ids } }, { active: { not_equals: false } }] },
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  const prefs = await loadPreferences(payload, tenantId, tenant, ids)
  const channels = pluginChannels(payload.config).map((channel) => channel.key)
  const mustAct = new Set(type.mustAct ? ((item.assignees as unknown[]) ?? []).map((a) => String(idOf(a))) : [])
  const title = `${type.label}: ${itemTitle(type.item, item)}`.slice(0, 300)
  const body = typeof event.detail?.comment === 'string' ? event.detail.comment.slice(0, 2000) : null
  const now = new Date().toISOString()
  const stamp = { createdAt: now, updatedAt: now }
  const notifications: Record<string, unknown>[] = []
  const deliveries: Record<string, unknown>[] = []
  const delivery = (
    channel: string,
    who: { user?: Id; address?: string },
    target: Target,
    status = 'queued',
    reason?: string,
  ) =>
    deliveries.push({
      key: `${event.id}:${channel}:${who.user ?? who.address}`,
      event,
      type: type.key,
      channel,
      template: target.template,
      tier: target.tier,
      recipient: who.user ?? null,
      address: who.address ?? null,
      tenant: tenantId,
      status,
      reason: reason ?? null,
      attempts: 0,
      ...stamp,
    })

  for (const user of users as User[]) {
    const target = people.get(String(user.id))!
    if (!(await mayRead(payload, user as never, type.item, item))) {
      delivery('all', { user: user.id }, target, 'skipped', 'The person can no longer read the item')
      continue
    }
    const choice = resolveChoice(prefs, user.id, type, target.tier, mustAct.has(String(user.id)), channels)
    if ((choice.bell || choice.digest) && tenantId !== null) {
      notifications.push({
        key: `${event.id}:${user.id}`,
        recipient: user.id,
        type: type.key,
        tier: target.tier,
        title,
        body,
        url: await itemPath(payload, type.item, item, tenant, user.kind),
        itemCollection: type.item,
        itemId: String(item.id),
        actor: event.actor ? (storableId(payload, event.actor) ?? null) : null,
        inBell: choice.bell,
        digest: choice.digest ? 'pending' : null,
        tenant: tenantId,
        ...stamp,
      })
    }
    if (choice.email) delivery('email', { user: user.id }, target)
    for (const channel of choice.channels) delivery(channel, { user: user.id }, target)
  }
  for (const [address, target] of mailboxes) delivery('email', { address }, target)

  const jobs = deliveries
    .filter((row) => row.status === 'queued')
    .map((row) => jobRow(NOTIFICATION_DELIVERY_TASK, { key: row.key }))
  try {
    await inTransaction(payload, async (req) => {
      await insertRows(payload, req, Slugs.notifications, notifications)
      await insertRows(payload, req, Slugs.notificationDeliveries, deliveries)
      await insertRows(payload, req, 'payload-jobs', jobs)
    })
  } catch (err) {
    // The event fanned out before (a job run again after its process died): nothing more to do.
    if (isUniqueViolation(err)) return none
    throw err
  }
  return {
    notifications: notifications.length,
    deliveries: jobs.length,
    skipped: deliveries.length - jobs.length,
  }
}
