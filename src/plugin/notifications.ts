/**
 * The typed extension points of notifications: the events a plugin publishes (beside Atrium's own
 * catalogue, src/notifications/catalogue.ts) and the channels it delivers through (SMS, Slack,
 * Teams), registered like blocks and routes, inside a Payload plugin.
 */
import type { Config, Payload, SanitizedConfig } from 'payload'

/** How loudly an event speaks: see src/notifications/README.md. */
export const TIERS = ['critical', 'informational', 'inApp'] as const
/** One of TIERS. */
export type Tier = (typeof TIERS)[number]

/** One kind of event in the catalogue. */
export interface EventType {
  /** stable key, `<area>.<what>`, e.g. `request.approved` */
  key: string
  /** what people read in their preferences, e.g. "A request was approved" */
  label: string
  /** the collection of the item it is about (its deep link and the access check at send time) */
  item: string
  /** the tier when a rule does not say */
  tier: Tier
  /** whoever it names must act (an approval): critical stays on for them whatever they chose */
  mustAct?: boolean
}

/** What a plugin channel is handed: one message to one person, already rendered. */
export interface ChannelMessage {
  user: { id: string | number; email: string; name: string; locale: string; timeZone: string }
  tenant: { id: string | number; name: string } | null
  event: { id: string; type: string; label: string }
  subject: string
  text: string
  /** the deep link to the item */
  url: string
}

/** A way to reach a person besides email and the bell. Critical events only, for those who opted in. */
export interface NotificationChannel {
  /** stable key, e.g. `sms` */
  key: string
  /** what people read in their preferences */
  label: string
  /** Delivers one message. Throwing makes the delivery retry with backoff, then show as failed to staff. */
  send: (payload: Payload, message: ChannelMessage) => Promise<void>
}

interface AtriumCustom {
  events?: EventType[]
  channels?: NotificationChannel[]
}

const customOf = (config: Config | SanitizedConfig) => ((config.custom ?? {}) as { atrium?: AtriumCustom }).atrium ?? {}

function add<K extends keyof AtriumCustom>(config: Config, key: K, items: NonNullable<AtriumCustom[K]>): Config {
  const custom = (config.custom ?? {}) as { atrium?: AtriumCustom }
  return {
    ...config,
    custom: { ...custom, atrium: { ...custom.atrium, [key]: [...(custom.atrium?.[key] ?? []), ...items] } },
  }
}

/** A config with `events` added to the catalogue (use inside a Payload plugin). */
export const addEvents = (config: Config, ...events: EventType[]): Config => add(config, 'events', events)

/** A config with `channels` added (use inside a Payload plugin). */
export const addChannels = (config: Config, ...channels: NotificationChannel[]): Config =>
  add(config, 'channels', channels)

/** The events plugins registered. */
export const pluginEvents = (config: Config | SanitizedConfig): EventType[] => customOf(config).events ?? []

/** The channels plugins registered; two with one key fail the boot. */
export function pluginChannels(config: Config | SanitizedConfig): NotificationChannel[] {
  const channels = customOf(config).channels ?? []
  const keys = new Set<string>(['email', 'bell'])
  for (const channel of channels) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(channel.key) || keys.has(channel.key))
      throw new Error(
        `Notification channel "${channel.key}" needs a unique key of lower-case letters, digits and dashes`,
      )
    keys.add(channel.key)
  }
  return channels
}
