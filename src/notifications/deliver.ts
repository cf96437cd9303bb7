/**
 * Delivering one queued message (a notificationDelivery job): checked again at send time — the
 * item still exists, the person is still active, may still read it and still wants it on this
 * channel — then rendered and sent. A refusal to send is recorded as a skip with its reason. A
 * failure is recorded with its reason and thrown, so the job retries with backoff; staff see the
 * last failure in the admin UI and can queue it again. An email cannot join a transaction: it is
 * sent, then marked sent (at least once, never lost). The row is taken first (markDelivery.ts), so
 * of two processes running the same job one sends. A digest's row is sent by digestEmail.ts.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { idOf } from '../access/ids'
import { mayRead } from '../access/mayRead'
import type { NotificationDelivery, Tenant, User } from '../payload-types'
import { pluginChannels, type Tier } from '../plugin/notifications'
import { eventCatalogue } from './catalogue'
import { DIGEST_CHANNEL } from './digests'
import { sendDigest } from './digestEmail'
import { notificationEmail } from './emailMessage'
import type { NotificationEvent } from './events'
import { itemPath, itemTitle } from './links'
import { failDelivery, markDelivery, takeDelivery } from './markDelivery'
import { loadPreferences, resolveChoice } from './preferences'

/** Why `row` must not be sent now, if it must not. */
async function refusal(
  payload: Payload,
  row: NotificationDelivery,
  user: User | null,
  item: Record<string, unknown>,
  tenant: Tenant | null,
): Promise<string | undefined> {
  if (!row.recipient) return undefined
  if (!user || user.active === false) return 'The person is no longer active'
  const type = eventCatalogue(payload.config).get(row.type)!
  if (!(await mayRead(payload, user as never, type.item, item))) return 'The person can no longer read the item'
  const prefs = await loadPreferences(payload, idOf(row.tenant) ?? null, tenant, [user.id])
  const mustAct =
    Boolean(type.mustAct) && ((item.assignees as unknown[]) ?? []).some((a) => String(idOf(a)) === String(user.id))
  const tier = (row.tier ?? type.tier) as Tier
  const channels = pluginChannels(payload.config).map((channel) => channel.key)
  const choice = resolveChoice(prefs, user.id, type, tier, mustAct, channels)
  const wanted = row.channel === 'email' ? choice.email : choice.channels.includes(row.channel)
  return wanted ? undefined : 'The person turned this off'
}

/** Delivers the message `key` names, unless it went already. */
export async function deliver(payload: Payload, key: string): Promise<void> {
  const row = (await payload.db.findOne({
    collection: Slugs.notificationDeliveries,
    where: { key: { equals: key } },
  })) as NotificationDelivery | null
  // Sent, skipped, or being sent by another process (which may have run this very job too).
  if (!row || !(await takeDelivery(payload, row))) return
  if (row.channel === DIGEST_CHANNEL) return sendDigest(payload, row)
  const event = row.event as unknown as NotificationEvent
  const type = eventCatalogue(payload.config).get(row.type)
  const item = type
    ? ((await payload
        .findByID({ collection: type.item as never, id: event.item.id, depth: 0, overrideAccess: true })
        .catch(() => null)) as Record<string, unknown> | null)
    : null
  if (!type || !item) return markDelivery(payload, row, { status: 'skipped', reason: 'The item no longer exists' })
  const [user, tenant] = await Promise.all([
    row.recipient
      ? (payload
          .findByID({ collection: Slugs.users, id: idOf(row.recipient)!, depth: 0, overrideAccess: true })
          .catch(() => null) as Promise<User | null>)
      : null,
    idOf(row.tenant) !== undefined
      ? (payload
          .findByID({ collection: Slugs.tenants, id: idOf(row.tenant)!, depth: 0, overrideAccess: true })
          .catch(() => null) as Promise<Tenant | null>)
      : null,
  ])
  const refused = await refusal(payload, row, user, item, tenant)
  if (refused) return markDelivery(payload, row, { status: 'skipped', reason: refused })
  try {
    const email = await notificationEmail(payload, {
      template: row.template || 'notification',
      type,
      event,
      item,
      tenant,
      user,
    })
    if (row.channel === 'email') {
      await payload.sendEmail({ to: user?.email ?? row.address ?? undefined, ...email })
    } else {
      const channel = pluginChannels(payload.config).find((c) => c.key === row.channel)
      if (!channel) throw new Error(`No plugin provides the channel "${row.channel}" any more`)
      const server = payload.config.serverURL || ''
      await channel.send(payload, {
        user: {
          id: user!.id,
          email: user!.email,
          name: user!.name,
          locale: user!.locale ?? 'en-GB',
          timeZone: user!.timeZone ?? 'UTC',
        },
        tenant: tenant ? { id: tenant.id, name: tenant.name } : null,
        event: { id: event.id, type: type.key, label: type.label },
        subject: email.subject,
        text: `${type.label}: ${itemTitle(type.item, item)}`,
        url: `${server}${await itemPath(payload, type.item, item, tenant, user!.kind)}`,
      })
    }
  } catch (err) {
    await failDelivery(payload, row, err)
  }
  await markDelivery(payload, row, {
    status: 'sent',
    reason: null,
    attempts: (row.attempts ?? 0) + 1,
    sentAt: new Date().toISOString(),
  })
}
