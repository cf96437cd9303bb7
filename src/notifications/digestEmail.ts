/**
 * Sending one claimed digest (the delivery job of a `digest` row, digests.ts): everything checked
 * again at send time — the person is still active and still wants digests, and each item still
 * exists, is still readable by them through the access path and is still wanted in a digest —
 * then one email, grouped by item, and the items marked `sent` (or `skipped`, those left out)
 * under the digest's key.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { idOf } from '../access/ids'
import { mayRead } from '../access/mayRead'
import { inTransaction } from '../db/inTransaction'
import { renderEmailTemplate } from '../email/emailTemplates'
import type { Notification, NotificationDelivery, Tenant, User } from '../payload-types'
import { eventCatalogue } from './catalogue'
import type { DigestClaim } from './digests'
import { DIGEST_TEMPLATE, personalLinks, serverOf, storedTemplates, withFooter } from './emailMessage'
import { itemPath, itemTitle } from './links'
import { failDelivery, markDelivery } from './markDelivery'
import { digestScheduleOf, loadPreferences, resolveChoice, type PreferenceSet } from './preferences'
import { formatFor } from './timeZones'

/** The event type an unsubscribe link of a digest names: following it turns the person's digests off. */
export const DIGEST_UNSUBSCRIBE_TYPE = 'digest'

const LABELS = { daily: 'Daily digest', weekly: 'Weekly digest' } as const

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`

/** One item of the digest and what happened to it, oldest first. */
interface Section {
  title: string
  url: string
  events: { label: string; at: string; comment: string | null }[]
}

/** What the digest will say, and what it leaves out and why. */
interface Contents {
  sections: Section[]
  sent: Notification[]
  skipped: Notification[]
  reasons: Set<string>
}

/** Sends the digest of delivery `row` (taken by this process, markDelivery.ts), or records why not. */
export async function sendDigest(payload: Payload, row: NotificationDelivery): Promise<void> {
  const claim = row.event as unknown as DigestClaim
  const tenantId = idOf(row.tenant)!
  const [user, tenant] = await Promise.all([
    payload
      .findByID({ collection: Slugs.users, id: idOf(row.recipient)!, depth: 0, overrideAccess: true })
      .catch(() => null) as Promise<User | null>,
    payload
      .findByID({ collection: Slugs.tenants, id: tenantId, depth: 0, overrideAccess: true })
      .catch(() => null) as Promise<Tenant | null>,
  ])
  const { docs } = await payload.find({
    collection: Slugs.notifications,
    where: {
      and: [
        { recipient: { equals: idOf(row.recipient)! } },
        { tenant: { equals: tenantId } },
        { digest: { equals: 'pending' } },
        { createdAt: { less_than_equal: claim.periodEnd } },
      ],
    },
    sort: 'createdAt',
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  const items = docs as Notification[]
  const prefs = await loadPreferences(payload, tenantId, tenant, user ? [user.id] : [])
  const refused =
    !user || user.active === false
      ? 'The person is no longer active'
      : !tenant
        ? 'The client account no longer exists'
        : digestScheduleOf(prefs, user.id).frequency === 'off'
          ? 'The person turned digests off'
          : undefined
  if (!user || !tenant || refused)
    return finish(payload, row, { sections: [], sent: [], skipped: items, reasons: new Set() }, refused)

  const contents = await contentsOf(payload, user, tenant, items, prefs)
  if (contents.sections.length === 0) return finish(payload, row, contents, 'Nothing left to say')
  try {
    const label = LABELS[claim.frequency]
    const stored = await storedTemplates(payload, tenant)
    const context = {
      recipient: { name: user.name },
      tenant: { name: tenant.name },
      digest: {
        label,
        until: formatFor(claim.periodEnd, user.locale ?? tenant.locale, user.timeZone ?? tenant.timezone),
        summary: `${count(contents.sent.length, 'update')} on ${count(contents.sections.length, 'item')}`,
      },
      items: contents.sections,
    }
    const links = personalLinks(payload, user, DIGEST_UNSUBSCRIBE_TYPE, tenant)
    const email = withFooter(renderEmailTemplate(DIGEST_TEMPLATE, context, stored), links, label, stored)
    await payload.sendEmail({ to: user.email, ...email })
  } catch (err) {
    await failDelivery(payload, row, err)
  }
  await finish(payload, row, contents)
}

/** The digest's sections, each item once with its events under it; what is left out, and why. */
async function contentsOf(
  payload: Payload,
  user: User,
  tenant: Tenant,
  items: Notification[],
  prefs: PreferenceSet,
): Promise<Contents> {
  const catalogue = eventCatalogue(payload.config)
  const server = serverOf(payload)
  const contents: Contents = { sections: [], sent: [], skipped: [], reasons: new Set() }
  const byItem = new Map<string, { doc: Record<string, unknown> | null; readable: boolean; section?: Section }>()
  for (const item of items) {
    const key = `${item.itemCollection}:${item.itemId}`
    let seen = byItem.get(key)
    if (!seen) {
      const doc = (await payload
        .findByID({ collection: item.itemCollection as never, id: item.itemId, depth: 0, overrideAccess: true })
        .catch(() => null)) as Record<string, unknown> | null
      seen = { doc, readable: doc !== null && (await mayRead(payload, user as never, item.itemCollection, doc)) }
      byItem.set(key, seen)
    }
    const type = catalogue.get(item.type)
    const reason = !seen.doc
      ? 'The item no longer exists'
      : !seen.readable
        ? 'The person can no longer read the item'
        : !type || !resolveChoice(prefs, user.id, type, item.tier, false, []).digest
          ? 'The person no longer wants it in a digest'
          : undefined
    if (reason) {
      contents.skipped.push(item)
      contents.reasons.add(reason)
      continue
    }
    if (!seen.section) {
      const path = await itemPath(payload, item.itemCollection, seen.doc!, tenant, user.kind)
      seen.section = { title: itemTitle(item.itemCollection, seen.doc!), url: `${server}${path}`, events: [] }
      contents.sections.push(seen.section)
    }
    seen.section.events.push({
      label: type!.label,
      at: formatFor(item.createdAt, user.locale ?? tenant.locale, user.timeZone ?? tenant.timezone),
      comment: item.body ?? null,
    })
    contents.sent.push(item)
  }
  return contents
}

/**
 * Marks the items (sent, or skipped) under the digest's key and the row sent, or skipped with
 * `skipReason`, in one transaction: a digest is either wholly recorded or not at all.
 */
async function finish(payload: Payload, row: NotificationDelivery, contents: Contents, skipReason?: string) {
  const now = new Date().toISOString()
  const reasons = [...contents.reasons]
  const leftOut = contents.skipped.length > 0 ? `${contents.skipped.length} left out: ${reasons.join('; ')}` : null
  await inTransaction(payload, async (req) => {
    for (const [items, digest] of [
      [contents.sent, 'sent'],
      [contents.skipped, 'skipped'],
    ] as const) {
      if (items.length === 0) continue
      await payload.db.updateMany({
        collection: Slugs.notifications,
        where: { id: { in: items.map((item) => item.id) } },
        data: { digest, digestKey: row.key, updatedAt: now },
        req,
      })
    }
    await markDelivery(
      payload,
      row,
      skipReason
        ? { status: 'skipped', reason: [skipReason, leftOut].filter(Boolean).join('. ') }
        : { status: 'sent', reason: leftOut, attempts: (row.attempts ?? 0) + 1, sentAt: now },
      req,
    )
  })
}
