/**
 * The one catalogue of events every capability publishes to: Atrium's own, then the ones plugins
 * register with addEvents (src/plugin/notifications.ts). Rules name an event by its key; a key
 * that is not here is refused when a rule is saved.
 */
import type { SanitizedConfig } from 'payload'
import { Slugs } from '../../collections/slugs'
import { pluginEvents, type EventType } from '../plugin/notifications'

/** Atrium's own events. */
export const CORE_EVENTS: EventType[] = [
  { key: 'request.submitted', label: 'A request was submitted', item: Slugs.requests, tier: 'informational' },
  { key: 'request.assigned', label: 'A request was assigned', item: Slugs.requests, tier: 'informational' },
  { key: 'request.commented', label: 'Someone commented on a request', item: Slugs.requests, tier: 'informational' },
  {
    key: 'request.changesRequested',
    label: 'Changes were requested on a request',
    item: Slugs.requests,
    tier: 'critical',
  },
  { key: 'request.approved', label: 'A request was approved', item: Slugs.requests, tier: 'informational' },
  { key: 'request.rejected', label: 'A request was rejected', item: Slugs.requests, tier: 'informational' },
  { key: 'request.dueSoon', label: 'A request is due soon', item: Slugs.requests, tier: 'critical' },
  { key: 'request.slaBreached', label: 'A request missed its deadline', item: Slugs.requests, tier: 'critical' },
  {
    key: 'approval.needed',
    label: 'Your approval is needed',
    item: Slugs.requests,
    tier: 'critical',
    mustAct: true,
  },
  { key: 'task.assigned', label: 'A task was assigned to you', item: Slugs.tasks, tier: 'informational' },
  { key: 'task.due', label: 'A task is due', item: Slugs.tasks, tier: 'informational' },
  {
    key: 'record.statusCategory',
    label: 'A record entered a status category (e.g. at risk)',
    item: Slugs.records,
    tier: 'informational',
  },
  { key: 'record.fieldChanged', label: 'A record field changed', item: Slugs.records, tier: 'inApp' },
  { key: 'user.invited', label: 'Someone joined the account', item: Slugs.users, tier: 'informational' },
]

const catalogues = new WeakMap<SanitizedConfig, Map<string, EventType>>()

/** Every event of `config`'s catalogue by key (Atrium's, then plugins'); a key twice fails the boot. */
export function eventCatalogue(config: SanitizedConfig): Map<string, EventType> {
  let catalogue = catalogues.get(config)
  if (catalogue) return catalogue
  catalogue = new Map()
  for (const event of [...CORE_EVENTS, ...pluginEvents(config)]) {
    if (catalogue.has(event.key) || !/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/.test(event.key))
      throw new Error(`Event "${event.key}" needs a unique key like "area.what"`)
    catalogue.set(event.key, event)
  }
  catalogues.set(config, catalogue)
  return catalogue
}
