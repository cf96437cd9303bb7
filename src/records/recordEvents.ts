/**
 * The notification events a record write is: `record.statusCategory` when a record enters a status
 * category (a shipment became "at risk"), `record.fieldChanged` when fields of its data change.
 * Published only while some rule listens for them (a sync of thousands of records must not queue
 * thousands of jobs nobody reads). One function for every path that writes records: the REST and
 * Local API hook and the batch upsert's own statements.
 */
import type { Payload } from 'payload'
import { ruleSnapshot } from '../../collections/NotificationRules/ruleSnapshot'
import type { PublishedEvent } from '../notifications/events'
import { sameValue } from '../access/sameValue'

/** A record as written: before (undefined for a new one) and after. */
export interface RecordChange {
  id: string | number
  tenant: string | number
  before?: { statusCategory?: string | null; data?: unknown } | null
  after: { statusCategory?: string | null; data?: unknown }
}

/** The events `changes` are, for the rules that listen (none: no events). */
export async function recordEvents(payload: Payload, changes: RecordChange[]): Promise<PublishedEvent[]> {
  if (changes.length === 0) return []
  const rules = await ruleSnapshot.current(payload)
  const status = rules.has('record.statusCategory')
  const fields = rules.has('record.fieldChanged')
  if (!status && !fields) return []
  const events: PublishedEvent[] = []
  for (const { id, tenant, before, after } of changes) {
    const base = { tenant: String(tenant), item: { id: String(id) }, actor: null }
    const category = after.statusCategory ?? null
    if (status && category !== null && category !== (before?.statusCategory ?? null))
      events.push({ ...base, type: 'record.statusCategory', detail: { statusCategory: category } })
    if (fields && before) {
      const old = (before.data ?? {}) as Record<string, unknown>
      const now = (after.data ?? {}) as Record<string, unknown>
      const changed = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter(
        (key) => !sameValue(old[key], now[key]),
      )
      if (changed.length > 0) events.push({ ...base, type: 'record.fieldChanged', detail: { changed } })
    }
  }
  return events
}
