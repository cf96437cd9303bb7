import { recordTypeSnapshot } from '../../../collections/RecordTypes/recordTypeSnapshot'
import { defineBlock } from '../../../src/plugin/blocks'
import { headingField, headingOf } from './blockHeading'
import { lastSeenOf, staleness } from './freshness'
import { blockIdOf, recordTypeField } from './recordBlockInput'
import { statusSummaryRows } from './statusSummaryRows'

/** How many at-risk records the block names. */
export const AT_RISK_SHOWN = 5

/** The categories in the order the block shows them: what needs attention first. */
const CATEGORIES = [
  { key: 'at_risk', label: 'At risk' },
  { key: 'open', label: 'Open' },
  { key: 'done', label: 'Done' },
  { key: 'cancelled', label: 'Cancelled' },
] as const

/**
 * The primary-question block: for one record type, how many of the tenant's records are in each
 * status category, the at-risk ones by name first, when the data last changed, and a stale mark
 * when that is longer ago than the type's staleAfterMinutes. The type is configuration (read as
 * the system); the records are read as the signed-in person, through their rules.
 */
export const statusSummaryBlock = defineBlock({
  slug: 'statusSummary',
  block: {
    slug: 'statusSummary',
    labels: { singular: 'Status summary', plural: 'Status summaries' },
    fields: [headingField, recordTypeField('The key of the record type to summarise, e.g. shipments.')],
  },
  template: 'templates/portal/blocks/status-summary.hbs',
  load: async ({ payload, req, tenant, base, config }) => {
    const key = typeof config.recordType === 'string' ? config.recordType : ''
    // The type is configuration, held in memory; the records are read as the person.
    const type = (await recordTypeSnapshot.current(payload)).get(key)
    if (!type)
      return {
        heading: headingOf(config, 'Status'),
        block: blockIdOf(config, 'statusSummary'),
        known: false,
        categories: [],
        atRisk: [],
        updatedAt: '',
        stale: false,
      }
    const { counts, atRisk, newest } = await statusSummaryRows(req, type.id, tenant.id, AT_RISK_SHOWN)
    const statuses = type.fields.find((field) => field.key === type.statusField)?.statuses ?? []
    const labelOf = (value: string | null | undefined) =>
      statuses.find((status) => status.value === value)?.label ?? value ?? ''
    const isStale = staleness(type.staleAfterMinutes)
    return {
      heading: headingOf(config, type.pluralLabel),
      block: blockIdOf(config, 'statusSummary'),
      known: true,
      categories: CATEGORIES.map((c) => ({ key: c.key, label: c.label, count: counts.get(c.key) ?? 0 })),
      atRisk: atRisk.map((record) => ({
        title: record.title ?? '',
        href: `${base}/records/${encodeURIComponent(type.key)}/${String(record.id)}`,
        status: labelOf(record.status),
        updatedAt: lastSeenOf(record),
        stale: isStale(lastSeenOf(record)),
      })),
      updatedAt: newest ? lastSeenOf(newest) : '',
      stale: newest ? isStale(lastSeenOf(newest)) : false,
    }
  },
})
