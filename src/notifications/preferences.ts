/**
 * Preferences: how a person hears about each event type (channels, instant or digest, when their
 * digest comes), resolved person → tenant default → the catalogue's tier. Read at send time by
 * every path (the fan-out, each delivery, each digest), so a change applies to what is still to go.
 */
import type { Payload, SanitizedConfig } from 'payload'
import { z } from 'zod'
import { Slugs } from '../../collections/slugs'
import type { Id } from '../access/ids'
import { idOf } from '../access/ids'
import type { NotificationPreference, Tenant } from '../payload-types'
import { pluginChannels, type EventType, type Tier } from '../plugin/notifications'
import { eventCatalogue } from './catalogue'

/** What a person chose for one event type: each channel on or off, and instant or digest email. */
export type Choice = Partial<Record<string, boolean>> & { mode?: 'instant' | 'digest' }
/** Choices by event key. */
export type Choices = Record<string, Choice>

/** How one person hears about one event: the channels that carry it and how email comes. */
export interface Resolved {
  bell: boolean
  /** an email at once */
  email: boolean
  /** in their next digest email instead (informational events, for those who chose it) */
  digest: boolean
  /** plugin channels they opted into (critical events only) */
  channels: string[]
}

/** When a person's digest comes. */
export interface DigestSchedule {
  frequency: 'daily' | 'weekly' | 'off'
  /** 0 = Sunday … 6 = Saturday */
  day: number
  hour: number
}

const WEEKDAY_INDEX = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 }

/** The default: a weekly digest on Friday afternoon. */
export const DEFAULT_DIGEST: DigestSchedule = { frequency: 'weekly', day: 5, hour: 15 }

/** The choices `value` holds, checked against the catalogue and the channels; or what is wrong. */
export function parseChoices(config: SanitizedConfig, value: unknown): Choices | string {
  const catalogue = eventCatalogue(config)
  const channels = new Set(['email', 'bell', ...pluginChannels(config).map((c) => c.key)])
  const choice = z.record(z.string().max(40), z.union([z.boolean(), z.enum(['instant', 'digest'])]))
  const parsed = z.record(z.string().max(100), choice).safeParse(value)
  if (!parsed.success) return 'choices map each event key to { channel: true or false, mode: "instant" or "digest" }'
  const result: Choices = {}
  for (const [type, entry] of Object.entries(parsed.data)) {
    if (!catalogue.has(type)) return `there is no event "${type}"`
    const clean: Choice = {}
    for (const [key, on] of Object.entries(entry)) {
      if (key === 'mode') {
        if (on !== 'instant' && on !== 'digest') return `the mode of "${type}" is instant or digest`
        clean.mode = on
      } else if (!channels.has(key) || typeof on !== 'boolean') {
        return `"${key}" of "${type}" is not a channel (use ${[...channels].join(', ')}, and mode)`
      } else clean[key] = on
    }
    result[type] = clean
  }
  return result
}

/** What a person or a tenant's defaults hold (NotificationPreferences, Tenants' notificationDefaults). */
export type StoredPreferences = Pick<NotificationPreference, 'choices' | 'digestFrequency' | 'digestDay' | 'digestHour'>

/** The stored preferences of `users` in `tenant`, and the tenant's defaults. */
export interface PreferenceSet {
  ofUser: Map<string, StoredPreferences>
  tenantDefault: StoredPreferences | undefined
}

/**
 * Reads the preferences of `users` for tenant `tenant` in one query; the tenant's defaults come from
 * the tenant document every caller has read already (`tenantDoc`, null when it is gone).
 */
export async function loadPreferences(
  payload: Payload,
  tenant: Id | null,
  tenantDoc: Pick<Tenant, 'notificationDefaults'> | null,
  users: Id[],
): Promise<PreferenceSet> {
  const { docs } = await payload.find({
    collection: Slugs.notificationPreferences,
    where: {
      and: [
        tenant === null ? { tenant: { exists: false } } : { tenant: { equals: tenant } },
        { user: { in: users.length > 0 ? users : [-1] } },
      ],
    },
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  const ofUser = new Map<string, StoredPreferences>()
  for (const doc of docs as NotificationPreference[]) ofUser.set(String(idOf(doc.user)), doc)
  return { ofUser, tenantDefault: tenantDoc?.notificationDefaults ?? undefined }
}

const choiceOf = (doc: StoredPreferences | undefined, type: string): Choice =>
  ((doc?.choices ?? {}) as Choices)[type] ?? {}

/**
 * How `user` hears about `event` at `tier`: their choice, else their tenant's default, else the
 * tier's (critical and informational: email and bell; in-app: the bell). Someone who must act (an
 * approval of theirs) always gets critical by email and bell, at once.
 */
export function resolveChoice(
  prefs: PreferenceSet,
  user: Id,
  event: EventType,
  tier: Tier,
  mustAct: boolean,
  channels: readonly string[],
): Resolved {
  const mine = choiceOf(prefs.ofUser.get(String(user)), event.key)
  const tenants = choiceOf(prefs.tenantDefault, event.key)
  const pick = (key: string, fallback: boolean) => mine[key] ?? tenants[key] ?? fallback
  if (mustAct && tier === 'critical')
    return { bell: true, email: true, digest: false, channels: channels.filter((key) => pick(key, false)) }
  const email = tier !== 'inApp' && pick('email', true)
  const wantsDigest = email && tier === 'informational' && (mine.mode ?? tenants.mode) === 'digest'
  return {
    bell: pick('bell', true),
    email: email && !wantsDigest,
    // Digests turned off: what would wait for one is only in the bell.
    digest: wantsDigest && digestScheduleOf(prefs, user).frequency !== 'off',
    channels: tier === 'critical' ? channels.filter((key) => pick(key, false)) : [],
  }
}

/** When `user`'s digest comes: theirs, else the tenant's default, else Friday afternoon weekly. */
export function digestScheduleOf(prefs: PreferenceSet, user: Id): DigestSchedule {
  const doc = prefs.ofUser.get(String(user))
  const fallback = prefs.tenantDefault
  return {
    frequency: doc?.digestFrequency ?? fallback?.digestFrequency ?? DEFAULT_DIGEST.frequency,
    day: WEEKDAY_INDEX[doc?.digestDay ?? fallback?.digestDay ?? 'friday'],
    hour: doc?.digestHour ?? fallback?.digestHour ?? DEFAULT_DIGEST.hour,
  }
}
