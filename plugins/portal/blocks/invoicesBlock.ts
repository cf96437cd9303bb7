import path from 'node:path'
import type { PayloadRequest, Where } from 'payload'
import { queryRecords, type RecordQuery } from '../../../collections/Records/recordQuery'
import { TOTALS_READ_LIMIT, sumRecords, type RecordTotals } from '../../../collections/Records/recordTotals'
import type { LoadedRecordType } from '../../../collections/RecordTypes/storedRecordType'
import { PROJECT_ROOT } from '../../../src/config/paths'
import { Errors } from '../../../src/http/errors'
import { defineBlock } from '../../../src/plugin/blocks'
import { STATUS_CATEGORIES } from '../../../src/records/fieldKinds'
import type { TemplateSource } from '../../../src/templates/compileCache'
import { renderTemplate } from '../../../src/templates/renderTemplate'
import { loadTemplateFile } from '../portalTemplates'
import { headingField, headingOf } from './blockHeading'
import { recordTypeField, savedFilterField, savedFilterOf, textOf } from './recordBlockInput'
import { listConfigFields, loadRecordList } from './recordList'
import { recordListBlock } from './recordListBlock'
import { CATEGORY_LABELS, moneyText, recordHref } from './recordValues'

/** The record list's template, read, checked and compiled when the portal loads: never on a request. */
const recordListTemplate: TemplateSource = loadTemplateFile(
  path.resolve(PROJECT_ROOT, recordListBlock.template),
  `file:portal-block/${recordListBlock.slug}`,
)

/** The status categories that count as settled when the block does not say. */
export const DEFAULT_PAID_CATEGORIES = ['done', 'cancelled'] as const

const DAY_MS = 86_400_000

/** "Due before now" on the due field: before today (UTC) for a date, before this moment for a date-time. */
function overdueFilter(type: LoadedRecordType, dueField: string): Record<string, unknown> {
  const field = type.type.fields.find((candidate) => candidate.key === dueField)
  if (!field || (field.kind !== 'date' && field.kind !== 'date_time'))
    throw Errors.invalidRecordFilter(dueField, 'the due date must be a date or date-time field of the type')
  const lastOverdue =
    field.kind === 'date' ? new Date(Date.now() - DAY_MS).toISOString().slice(0, 10) : new Date().toISOString()
  return { [dueField]: { lte: lastOverdue } }
}

/** Totals for the template: how many, and one sum per currency as people read it. */
const totalsView = (totals: RecordTotals) => ({
  count: totals.count,
  sums: totals.sums.map((sum) => ({ text: moneyText(sum.amount, sum.currency) })),
  complete: totals.complete,
  readLimit: TOTALS_READ_LIMIT,
})

/** The newest record of the saved filter (newest created), for the block's "open the latest" link. */
async function newestOf(req: PayloadRequest, query: RecordQuery) {
  const { page } = await queryRecords(req, { ...query, limit: 1, page: 1 })
  return page.docs[0] as { id: string | number; title?: string | null } | undefined
}

/**
 * Invoices and balances: for an invoice type, what the client owes (records whose status is not
 * in a settled category) and what of it is overdue (due date passed), summed per currency by the
 * database over the records the person may read, a link to the newest invoice, and the invoices
 * listed like a record list (latest due first unless sorted otherwise).
 */
export const invoicesBlock = defineBlock({
  slug: 'invoices',
  block: {
    slug: 'invoices',
    labels: { singular: 'Invoices and balances', plural: 'Invoices and balances' },
    fields: [
      headingField,
      recordTypeField('The key of the invoice record type, e.g. invoices.'),
      {
        name: 'amountField',
        type: 'text',
        required: true,
        maxLength: 40,
        admin: { description: 'The key of the money field holding the amount owed, e.g. amount.' },
      },
      {
        name: 'dueField',
        type: 'text',
        required: true,
        maxLength: 40,
        admin: { description: 'The key of the due date field (filterable and sortable), e.g. due.' },
      },
      {
        name: 'paidCategories',
        type: 'select',
        hasMany: true,
        defaultValue: [...DEFAULT_PAID_CATEGORIES],
        options: STATUS_CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] })),
        admin: { description: 'Status categories of settled invoices; the others are due.' },
      },
      savedFilterField(),
      ...listConfigFields,
    ],
  },
  template: 'templates/portal/blocks/invoices.hbs',
  // The invoices are listed with the record list's own template.
  markup: {
    names: ['list'],
    build: (data: { list: object }) => ({ list: renderTemplate(recordListTemplate, data.list) }),
  },
  load: async (ctx) => {
    const { config, tenant, base } = ctx
    const dueField = textOf(config.dueField) ?? ''
    const amountField = textOf(config.amountField) ?? ''
    const { view, type, req } = await loadRecordList(ctx, { slug: 'invoices', defaultSort: `-${dueField}` })
    const chosen = Array.isArray(config.paidCategories) ? config.paidCategories.map(String) : []
    const paid = chosen.length > 0 ? chosen : [...DEFAULT_PAID_CATEGORIES]
    const unsettled: Where = { statusCategory: { not_in: paid } }
    const open: RecordQuery = {
      type: type.type.key,
      filter: savedFilterOf(config.filter),
      where: [unsettled],
      tenant: tenant.id,
    }
    const [due, overdue, newest] = await Promise.all([
      sumRecords(req, open, amountField),
      sumRecords(req, { ...open, andFilter: overdueFilter(type, dueField) }, amountField),
      newestOf(req, { type: type.type.key, filter: open.filter, tenant: tenant.id }),
    ])
    return {
      heading: headingOf(config, 'Your balance'),
      list: { ...view, heading: type.type.pluralLabel },
      due: totalsView(due),
      overdue: totalsView(overdue),
      newest: newest
        ? { title: newest.title || `#${String(newest.id)}`, href: recordHref(base, type.type.key, newest.id) }
        : null,
    }
  },
})
