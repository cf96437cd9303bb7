import type { Where } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { defineBlock } from '../../../src/plugin/blocks'
import type { Record as RecordDoc, RecordType } from '../../../src/payload-types'
import { headingField, headingOf } from './blockHeading'
import { lastSeenOf, staleness } from './freshness'
import { recordTypeField } from './recordBlockInput'

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
  load: async ({ payload, user, tenant, config }) => {
    const key = typeof config.recordType === 'string' ? config.recordType : ''
    const { docs: types } = await payload.find({
      collection: Slugs.recordTypes,
      where: { key: { equals: key } },
      depth: 0,
      limit: 1,
      pagination: false,
    })
    const type = types[0] as RecordType | undefined
    if (!type)
      return {
        heading: headingOf(config, 'Status'),
        known: false,
        categories: [],
        atRisk: [],
        updatedAt: '',
        stale: false,
      }
    const asUser = { user, overrideAccess: false, depth: 0 } as const
    const ofType: Where = { and: [{ type: { equals: type.id } }, { tenant: { equals: tenant.id } }] }
    const inCategory = (category: string): Where => ({ and: [ofType, { statusCategory: { equals: category } }] })
    const [counts, atRisk, latest] = await Promise.all([
      Promise.all(
        CATEGORIES.map((c) => payload.count({ collection: Slugs.records, where: inCategory(c.key), ...asUser })),
      ),
      payload.find({
        collection: Slugs.records,
        where: inCategory('at_risk'),
        sort: '-updatedAt',
        limit: AT_RISK_SHOWN,
        pagination: false,
        ...asUser,
      }),
      payload.find({
        collection: Slugs.records,
        where: ofType,
        sort: '-updatedAt',
        limit: 1,
        pagination: false,
        ...asUser,
      }),
    ])
    const statuses = type.fields.find((field) => field.key === type.statusField)?.statuses ?? []
    const labelOf = (value: string | null | undefined) =>
      statuses.find((status) => status.value === value)?.label ?? value ?? ''
    const isStale = staleness(type.staleAfterMinutes)
    const newest = (latest.docs as RecordDoc[])[0]
    return {
      heading: headingOf(config, type.pluralLabel),
      known: true,
      categories: CATEGORIES.map((c, i) => ({ key: c.key, label: c.label, count: counts[i]!.totalDocs })),
      atRisk: (atRisk.docs as RecordDoc[]).map((record) => ({
        title: record.title ?? '',
        status: labelOf(record.status),
        updatedAt: lastSeenOf(record),
        stale: isStale(lastSeenOf(record)),
      })),
      updatedAt: newest ? lastSeenOf(newest) : '',
      stale: newest ? isStale(lastSeenOf(newest)) : false,
    }
  },
})
