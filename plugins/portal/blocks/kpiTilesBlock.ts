import type { PayloadRequest } from 'payload'
import { countRecords, sumRecords } from '../../../collections/Records/recordTotals'
import type { RecordQuery } from '../../../collections/Records/recordQuery'
import { defineBlock } from '../../../src/plugin/blocks'
import { STATUS_CATEGORIES } from '../../../src/records/fieldKinds'
import { headingField, headingOf } from './blockHeading'
import { blockIdOf, recordTypeField, savedFilterField, savedFilterOf, textOf } from './recordBlockInput'
import { requestAs } from './recordList'
import { CATEGORY_LABELS, moneyText } from './recordValues'

/** Most tiles one block shows. */
export const MAX_TILES = 12

const numbers = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 })
const PAGE_SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/

/** One tile's figure: a count (a lower bound past the count limit), or sums per currency. */
async function figuresOf(req: PayloadRequest, tile: Record<string, unknown>, query: RecordQuery): Promise<string[]> {
  if (tile.measure === 'sum') {
    const totals = await sumRecords(req, query, textOf(tile.field) ?? '')
    if (totals.sums.length === 0) return [numbers.format(0)]
    return totals.sums.map((sum) => (sum.currency ? moneyText(sum.amount, sum.currency) : numbers.format(sum.amount)))
  }
  const { count, exact } = await countRecords(req, query)
  return [`${numbers.format(count)}${exact ? '' : '+'}`]
}

/**
 * KPI tiles: a few figures at a glance, each the count of a record type's records (optionally of
 * a saved filter and a status category) or the sum of a number or money field over them, counted
 * and summed by the database through the one record query path as the signed-in person; a tile
 * may link to a portal page.
 */
export const kpiTilesBlock = defineBlock({
  slug: 'kpiTiles',
  block: {
    slug: 'kpiTiles',
    labels: { singular: 'KPI tiles', plural: 'KPI tiles' },
    fields: [
      headingField,
      {
        name: 'tiles',
        type: 'array',
        minRows: 1,
        maxRows: MAX_TILES,
        fields: [
          { name: 'label', type: 'text', required: true, maxLength: 80 },
          recordTypeField(),
          savedFilterField(),
          {
            name: 'statusCategory',
            type: 'select',
            options: STATUS_CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] })),
            admin: { description: 'Optional: only records whose status is in this category.' },
          },
          {
            name: 'measure',
            type: 'select',
            required: true,
            defaultValue: 'count',
            options: [
              { value: 'count', label: 'Count of records' },
              { value: 'sum', label: 'Sum of a field' },
            ],
          },
          {
            name: 'field',
            type: 'text',
            maxLength: 40,
            admin: {
              description: 'For a sum: the key of a number or money field.',
              condition: (_data, sibling) => (sibling as { measure?: unknown }).measure === 'sum',
            },
          },
          {
            name: 'page',
            type: 'text',
            maxLength: 100,
            admin: { description: 'Optional: the slug of a portal page the tile links to (home: the first screen).' },
          },
        ],
      },
    ],
  },
  template: 'templates/portal/blocks/kpi-tiles.hbs',
  load: async (ctx) => {
    const { config, tenant, base } = ctx
    const req = await requestAs(ctx)
    const tiles = (Array.isArray(config.tiles) ? config.tiles : []).slice(0, MAX_TILES) as Record<string, unknown>[]
    return {
      id: blockIdOf(config, 'kpiTiles'),
      heading: headingOf(config, 'At a glance'),
      tiles: await Promise.all(
        tiles.map(async (tile) => {
          const category = STATUS_CATEGORIES.find((value) => value === tile.statusCategory)
          const figures = await figuresOf(req, tile, {
            type: textOf(tile.recordType) ?? '',
            filter: savedFilterOf(tile.filter),
            where: category ? [{ statusCategory: { equals: category } }] : [],
            tenant: tenant.id,
          })
          const page = textOf(tile.page)
          const href = page && PAGE_SLUG.test(page) ? (page === 'home' ? `${base}/` : `${base}/p/${page}`) : ''
          return { label: textOf(tile.label) ?? '', figures: figures.map((text) => ({ text })), href }
        }),
      ),
    }
  },
})
