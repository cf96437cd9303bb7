/**
 * A record's values as the portal shows them: text formatted by the field's kind with the same
 * helpers templates use (formatMoney, formatDate), and a link only where one belongs: a reference
 * to its record's page in the portal, a link field only when it is an http or https address.
 * Templates still pass every link through safeUrl.
 */
import type { PayloadRequest } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { storableId, type Id } from '../../../src/access/ids'
import { isBlank, type Money, type StatusCategory } from '../../../src/records/fieldKinds'
import type { FieldDefinition, RecordTypeDefinition } from '../../../src/records/typeDefinition'
import { formatDate, formatMoney } from '../../../src/templates/helpers'

/** A value ready for a template: its text, and where it links to ('' for nowhere). */
export interface ValueView {
  text: string
  href: string
}

/** How the portal names each status category. */
export const CATEGORY_LABELS: Readonly<Record<StatusCategory, string>> = {
  at_risk: 'At risk',
  open: 'Open',
  done: 'Done',
  cancelled: 'Cancelled',
}

/** Most referenced records whose titles one page looks up (a page of 100 rows, one reference each). */
const MAX_REFERENCES = 100

const NONE: ValueView = { text: '', href: '' }
const numbers = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 })

/** The address of a record's page in the portal under `base`. */
export const recordHref = (base: string, typeKey: string, id: Id | string): string =>
  `${base}/records/${encodeURIComponent(typeKey)}/${encodeURIComponent(String(id))}`

/** How many digits the minor unit of `currency` has (2 for EUR, 0 for JPY; 2 when unknown). */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/** A sum of money in minor units, as people read it ("€1,250.00"). */
export function moneyText(amount: number, currency: string): string {
  return formatMoney(amount / 10 ** minorDigits(currency), currency)
}

/** An http(s) address, or undefined: stored links were checked on write, and are checked again here. */
function webAddress(value: string): string | undefined {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}

/** What the values of a page need to know: where the portal lives and the titles of referenced records. */
export interface ValueContext {
  base: string
  /** titles of referenced records the user may read, by id */
  titles: ReadonlyMap<string, string>
}

/** `value` of `field` as the portal shows it. */
export function valueView(field: FieldDefinition, value: unknown, ctx: ValueContext): ValueView {
  if (isBlank(value)) return NONE
  switch (field.kind) {
    case 'money': {
      const money = value as Money
      return { text: moneyText(money.amount, money.currency), href: '' }
    }
    case 'number':
      return { text: typeof value === 'number' ? numbers.format(value) : String(value), href: '' }
    case 'date':
    case 'date_time':
      return { text: formatDate(value, { hash: { style: 'medium' } }), href: '' }
    case 'boolean':
      return { text: value === true ? 'Yes' : 'No', href: '' }
    case 'choice':
      return { text: field.choices?.find((option) => option.value === value)?.label ?? String(value), href: '' }
    case 'status':
      return { text: field.statuses?.find((option) => option.value === value)?.label ?? String(value), href: '' }
    case 'reference': {
      const id = String(value)
      const title = ctx.titles.get(id)
      // A record the user may not read (or that is gone) keeps its id, without a link that would 404.
      if (title === undefined || !field.referenceType) return { text: `#${id}`, href: '' }
      return { text: title || `#${id}`, href: recordHref(ctx.base, field.referenceType, id) }
    }
    case 'link': {
      const text = String(value)
      return { text, href: webAddress(text) ?? '' }
    }
    default:
      return { text: String(value), href: '' }
  }
}

/** The label and category of a record's status. */
export function statusView(type: RecordTypeDefinition, status: unknown, category: unknown) {
  const statuses = type.fields.find((field) => field.key === type.statusField)?.statuses ?? []
  const value = typeof status === 'string' ? status : ''
  const key = (typeof category === 'string' && category in CATEGORY_LABELS ? category : '') as StatusCategory | ''
  return {
    label: statuses.find((option) => option.value === value)?.label ?? value,
    category: key,
    categoryLabel: key ? CATEGORY_LABELS[key] : '',
  }
}

/**
 * The titles of the records that `fields` (reference fields) of `records` point to, read as the
 * request's user within `tenant`: a reference to a record they may not read shows no title.
 */
export async function referenceTitles(
  req: PayloadRequest,
  tenant: Id,
  fields: readonly FieldDefinition[],
  records: readonly { data?: unknown }[],
): Promise<Map<string, string>> {
  const references = fields.filter((field) => field.kind === 'reference')
  const ids = new Set<Id>()
  for (const record of records) {
    const data = (record.data ?? {}) as Record<string, unknown>
    for (const field of references) {
      const id = storableId(req.payload, data[field.key])
      if (id !== undefined && ids.size < MAX_REFERENCES) ids.add(id)
    }
  }
  if (ids.size === 0) return new Map()
  const { docs } = await req.payload.find({
    collection: Slugs.records,
    where: { and: [{ id: { in: [...ids] } }, { tenant: { equals: tenant } }] },
    limit: ids.size,
    pagination: false,
    depth: 0,
    overrideAccess: false,
    user: req.user,
    req,
  })
  return new Map(docs.map((doc) => [String(doc.id), (doc as { title?: string | null }).title ?? '']))
}
