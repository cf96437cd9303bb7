/**
 * The preference center's form: what it offers for each event type (which channels, instant or
 * digest, what is always on), and what a posted form means, checked field by field against that
 * offer, so that a forged or garbled form is refused whole and nothing of it is stored.
 *
 * A person's stored choice holds only where they differ from what they would get anyway (their
 * client account's default, else the tier's): a default an administrator changes later still
 * reaches everything the person did not decide themselves.
 */
import type { SanitizedConfig } from 'payload'
import { WEEKDAYS } from '../../../collections/NotificationPreferences'
import { Errors, HttpError } from '../../../src/http/errors'
import { eventCatalogue } from '../../../src/notifications/catalogue'
import type { Choice, Choices, DigestSchedule } from '../../../src/notifications/preferences'
import { isLocale, isTimeZone } from '../../../src/notifications/timeZones'
import { pluginChannels, type EventType } from '../../../src/plugin/notifications'

/** The digest frequencies a person picks from. */
export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'off'] as const

/** One channel of one event type as the form offers it. */
export interface OfferedChannel {
  key: string
  label: string
  /** the form field of its checkbox */
  field: string
  /** on unless chosen otherwise (the tenant's default, else the tier's) */
  inherited: boolean
  /** cannot be turned off: someone who must act hears of it (approvals they must give) */
  always: boolean
}

/** One event type as the form offers it. */
export interface OfferedType {
  type: EventType
  channels: OfferedChannel[]
  /** the field of its instant-or-digest choice (informational events only) */
  modeField?: string
  inheritedMode: 'instant' | 'digest'
}

/** The channels a type can reach a person through: email unless in-app; plugin channels when critical. */
export function offerFor(config: SanitizedConfig, tenantDefaults: Choices): OfferedType[] {
  const plugins = pluginChannels(config)
  return [...eventCatalogue(config).values()].map((type) => {
    const fallback: Choice = tenantDefaults[type.key] ?? {}
    const channel = (key: string, label: string, tierDefault: boolean): OfferedChannel => ({
      key,
      label,
      field: `c.${type.key}.${key}`,
      inherited: typeof fallback[key] === 'boolean' ? Boolean(fallback[key]) : tierDefault,
      always: Boolean(type.mustAct) && type.tier === 'critical' && (key === 'email' || key === 'bell'),
    })
    return {
      type,
      channels: [
        ...(type.tier === 'inApp' ? [] : [channel('email', 'Email', true)]),
        channel('bell', 'In the portal', true),
        ...(type.tier === 'critical' ? plugins.map((p) => channel(p.key, p.label, false)) : []),
      ],
      modeField: type.tier === 'informational' ? `m.${type.key}` : undefined,
      inheritedMode: fallback.mode ?? 'instant',
    }
  })
}

/** What a valid form says. */
export interface PostedPreferences {
  choices: Choices
  digest: { digestFrequency: DigestSchedule['frequency']; digestDay: (typeof WEEKDAYS)[number]; digestHour: number }
  /** the person's own time zone and locale, when the form offered them */
  profile?: { timeZone: string; locale: string }
}

/** The most fields a genuine form sends: a checkbox per channel and type, a mode per type, a few more. */
export const maxFields = (offer: readonly OfferedType[]) =>
  offer.reduce((sum, entry) => sum + entry.channels.length + 1, 0) + 10

const refuse = (problem: string, field?: string): HttpError => {
  const error = Errors.invalidNotificationPreferences(problem)
  return field ? new HttpError(error.status, error.id, error.message, {}, { [field]: problem }) : error
}

/**
 * Reads the posted `body` against `offer`, keeping `existing` choices of what the form does not
 * show (a plugin's channel on a type the form offers no checkbox for); throws a 400 naming the
 * first field at fault. `withProfile`: the form offered time zone and locale.
 */
export function readPreferencesForm(
  offer: readonly OfferedType[],
  body: Record<string, unknown>,
  existing: Choices,
  withProfile: boolean,
): PostedPreferences {
  const keys = Object.keys(body)
  if (keys.length > maxFields(offer)) throw refuse(`the form has ${keys.length} fields, more than it offers`)
  const known = new Map<string, OfferedType>()
  // Every field the form has; an always-on channel's checkbox is shown disabled and means nothing.
  const fields = new Set(['csrf', 'digestFrequency', 'digestDay', 'digestHour', 'timeZone', 'locale'])
  for (const entry of offer) {
    known.set(entry.type.key, entry)
    for (const channel of entry.channels) fields.add(channel.field)
    if (entry.modeField) fields.add(entry.modeField)
  }
  for (const key of keys) {
    if (fields.has(key)) continue
    const [kind, ...rest] = key.split('.')
    const channel = kind === 'c' ? rest.pop() : undefined
    const type = rest.join('.')
    if ((kind !== 'c' && kind !== 'm') || !known.has(type)) throw refuse(`there is no event "${type || key}"`)
    throw refuse(`"${channel ?? kind}" is not something "${type}" can be sent through`)
  }
  const single = (key: string): string | undefined => {
    const value = body[key]
    if (value === undefined) return undefined
    if (typeof value !== 'string') throw refuse(`${key} was sent twice`, key)
    return value
  }

  const choices: Choices = {}
  for (const entry of offer) {
    const kept: Choice = { ...(existing[entry.type.key] ?? {}) }
    for (const channel of entry.channels) {
      if (channel.always) continue
      const value = single(channel.field)
      if (value !== undefined && value !== 'on') throw refuse(`${channel.field} is a checkbox`, channel.field)
      const on = value === 'on'
      if (on === channel.inherited) delete kept[channel.key]
      else kept[channel.key] = on
    }
    if (entry.modeField) {
      const mode = single(entry.modeField) ?? 'instant'
      if (mode !== 'instant' && mode !== 'digest') throw refuse(`the mode of "${entry.type.key}" is instant or digest`)
      if (mode === entry.inheritedMode) delete kept.mode
      else kept.mode = mode
    }
    if (Object.keys(kept).length > 0) choices[entry.type.key] = kept
  }

  const frequency = single('digestFrequency') ?? ''
  if (!(DIGEST_FREQUENCIES as readonly string[]).includes(frequency))
    throw refuse('the digest comes daily, weekly or never (off)', 'digestFrequency')
  const day = single('digestDay') ?? ''
  if (!(WEEKDAYS as readonly string[]).includes(day)) throw refuse('the digest day is a day of the week', 'digestDay')
  const hourText = single('digestHour') ?? ''
  if (!/^\d{1,2}$/.test(hourText) || Number(hourText) > 23)
    throw refuse('the digest hour is a whole hour from 0 to 23', 'digestHour')
  const posted: PostedPreferences = {
    choices,
    digest: {
      digestFrequency: frequency as DigestSchedule['frequency'],
      digestDay: day as (typeof WEEKDAYS)[number],
      digestHour: Number(hourText),
    },
  }
  // Sent without them (a page from before the person could change them): their profile stays as it is.
  if (withProfile && (single('timeZone') !== undefined || single('locale') !== undefined)) {
    const timeZone = single('timeZone') ?? ''
    const locale = single('locale')?.trim() ?? ''
    if (!isTimeZone(timeZone)) throw refuse('use an IANA time zone such as Europe/Berlin or UTC', 'timeZone')
    if (!isLocale(locale)) throw refuse('use a language tag such as en-GB or de-DE', 'locale')
    posted.profile = { timeZone, locale }
  }
  return posted
}
