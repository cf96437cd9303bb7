/**
 * Digests: what waited for a person's digest (notifications with `digest: 'pending'`) goes out as
 * one email per person, client account and period, when the period ends on the person's clock.
 *
 * A scheduled job (tasks.ts) calls sendDueDigests every few minutes on every process that runs
 * jobs. It claims each due (person, tenant, period) by inserting a delivery row keyed
 * `digest:<user>:<tenant>:<period end>`, in one transaction with the job that will send it. The
 * key is unique in the database, so when two processes find the same digest due, the second
 * insert fails and that process moves on: one claim per person and period, whatever runs.
 *
 * Sending is the delivery job's (deliver.ts → digestEmail.ts), with its retries, backoff and the
 * row staff see and can queue again. The claim and its job commit together, so a process that
 * dies after claiming loses nothing: the job is still queued, or, if it died mid-send, released
 * as stalled and run again. An email cannot join a transaction, though: a process that dies after
 * the mail server took the digest and before the row says `sent` sends it again when the job is
 * run again. That is the one place it is at least once, not exactly once; the alternative (mark
 * sent first) would lose digests instead, and a rare repeat is the lesser harm.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { idOf, type Id } from '../access/ids'
import { inTransaction } from '../db/inTransaction'
import { insertRows } from '../db/systemRows'
import { isUniqueViolation } from '../db/uniqueViolation'
import { jobRow } from '../jobs/jobRow'
import type { Notification, Tenant, User } from '../payload-types'
import { latestPeriodEnd } from './digestPeriods'
import { NOTIFICATION_DELIVERY_TASK } from './events'
import { digestScheduleOf, loadPreferences } from './preferences'

/** The channel of a digest's delivery row. */
export const DIGEST_CHANNEL = 'digest'

/** What a digest's delivery row keeps in its `event`: the period it covers. */
export interface DigestClaim {
  periodEnd: string
  frequency: 'daily' | 'weekly'
}

/** What one run did. */
export interface DigestRun {
  /** digests this run claimed (each sent by its own delivery job) */
  claimed: number
  /** digests due that were claimed already (by another process, or an earlier run whose job is still to send them) */
  alreadyClaimed: number
  /** items taken off the queue because their person turned digests off or is no longer active */
  dropped: number
}

/** The key of the digest of `user` in `tenant` for the period ending at `periodEnd`. */
export const digestKey = (user: Id, tenant: Id, periodEnd: Date) =>
  `digest:${String(user)}:${String(tenant)}:${periodEnd.toISOString()}`

interface Waiting {
  user: Id
  tenant: Id
  oldest: string
}

/**
 * Claims every digest due at `now` and queues its sending. Items created after the end of a
 * person's latest period wait for the next one. A person who turned digests off, or who is no
 * longer active, gets none: what waited for them is dropped from the queue (marked `skipped`),
 * so turning digests back on later does not deliver weeks-old news; it stays in the bell.
 */
export async function sendDueDigests(payload: Payload, now: Date): Promise<DigestRun> {
  const run: DigestRun = { claimed: 0, alreadyClaimed: 0, dropped: 0 }
  const { docs } = await payload.find({
    collection: Slugs.notifications,
    where: { and: [{ digest: { equals: 'pending' } }, { createdAt: { less_than_equal: now.toISOString() } }] },
    select: { recipient: true, tenant: true, createdAt: true },
    sort: 'createdAt',
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  const waiting = new Map<string, Waiting>()
  for (const doc of docs as Pick<Notification, 'recipient' | 'tenant' | 'createdAt'>[]) {
    const user = idOf(doc.recipient)!
    const tenant = idOf(doc.tenant)!
    const key = `${String(user)}:${String(tenant)}`
    // Sorted oldest first: the first seen is the oldest.
    if (!waiting.has(key)) waiting.set(key, { user, tenant, oldest: doc.createdAt })
  }
  for (const group of groupBy([...waiting.values()], (w) => String(w.tenant)).values()) {
    const tenant = group[0]!.tenant
    const people = await peopleOf(
      payload,
      tenant,
      group.map((w) => w.user),
    )
    for (const { user, oldest } of group) {
      const person = people.users.get(String(user))
      const { frequency, ...when } = digestScheduleOf(people.prefs, user)
      if (!person || person.active === false || frequency === 'off') {
        run.dropped += await dropWaiting(payload, user, tenant, now)
        continue
      }
      const timeZone = person.timeZone ?? people.tenant?.timezone
      const periodEnd = latestPeriodEnd({ frequency, ...when }, timeZone, now)
      if (!periodEnd || Date.parse(oldest) > periodEnd.getTime()) continue
      const claim: DigestClaim = { periodEnd: periodEnd.toISOString(), frequency }
      if (await claimDigest(payload, person.id, tenant, claim)) run.claimed++
      else run.alreadyClaimed++
    }
  }
  return run
}

/**
 * Inserts the digest's delivery row and the job that sends it, in one transaction; false when the
 * row exists already (another process, or an earlier run, claimed this period).
 */
async function claimDigest(payload: Payload, user: Id, tenant: Id, claim: DigestClaim): Promise<boolean> {
  const key = digestKey(user, tenant, new Date(claim.periodEnd))
  const now = new Date().toISOString()
  try {
    await inTransaction(payload, async (req) => {
      await insertRows(payload, req, Slugs.notificationDeliveries, [
        {
          key,
          event: claim,
          type: DIGEST_CHANNEL,
          channel: DIGEST_CHANNEL,
          recipient: user,
          tenant,
          status: 'queued',
          attempts: 0,
          createdAt: now,
          updatedAt: now,
        },
      ])
      await insertRows(payload, req, 'payload-jobs', [jobRow(NOTIFICATION_DELIVERY_TASK, { key })])
    })
    return true
  } catch (err) {
    if (isUniqueViolation(err)) return false
    throw err
  }
}

/** The people of one tenant with items waiting, their preferences and the tenant. */
async function peopleOf(payload: Payload, tenant: Id, ids: Id[]) {
  const tenantDoc = (await payload
    .findByID({ collection: Slugs.tenants, id: tenant, depth: 0, overrideAccess: true })
    .catch(() => null)) as Tenant | null
  const [{ docs }, prefs] = await Promise.all([
    payload.find({
      collection: Slugs.users,
      where: { id: { in: ids } },
      select: { active: true, timeZone: true },
      pagination: false,
      depth: 0,
      overrideAccess: true,
    }),
    loadPreferences(payload, tenant, tenantDoc, ids),
  ])
  const users = new Map((docs as Pick<User, 'id' | 'active' | 'timeZone'>[]).map((u) => [String(u.id), u]))
  return { users, prefs, tenant: tenantDoc }
}

/** Takes what waited for `user`'s digest in `tenant` until `now` off the queue; returns how many. */
async function dropWaiting(payload: Payload, user: Id, tenant: Id, now: Date): Promise<number> {
  const dropped = await payload.db.updateMany({
    collection: Slugs.notifications,
    where: {
      and: [
        { recipient: { equals: user } },
        { tenant: { equals: tenant } },
        { digest: { equals: 'pending' } },
        { createdAt: { less_than_equal: now.toISOString() } },
      ],
    },
    data: { digest: 'skipped', updatedAt: new Date().toISOString() },
    returning: true,
  })
  return dropped?.length ?? 0
}

function groupBy<T>(values: T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const value of values) groups.set(keyOf(value), [...(groups.get(keyOf(value)) ?? []), value])
  return groups
}
