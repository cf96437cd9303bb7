/**
 * A page of one record type's records as a portal list shows it, read through the one record
 * query path (collections/Records/recordQuery.ts) as the signed-in person, within the portal's
 * tenant: the saved filter, sort and columns of the block, the visitor's search and page from the
 * address, each row linking to the record's page. Shared by the record list and invoices blocks.
 */
import { createLocalReq, type Field, type PayloadRequest, type TypedUser, type Where } from 'payload'
import { queryRecords } from '../../../collections/Records/recordQuery'
import { Errors, HttpError } from '../../../src/http/errors'
import type { BlockLoadContext } from '../../../src/plugin/blocks'
import type { FieldDefinition, RecordTypeDefinition } from '../../../src/records/typeDefinition'
import { lastSeenOf, staleness } from './freshness'
import {
  blockIdOf,
  keptParameters,
  pageHref,
  savedFilterOf,
  textOf,
  visitorInput,
  type VisitorInput,
} from './recordBlockInput'
import { recordHref, referenceTitles, statusView, valueView } from './recordValues'

/** Rows per page when the block does not say. */
export const DEFAULT_PAGE_SIZE = 20
/** Most rows per page. */
export const MAX_PAGE_SIZE = 100

/** The list fields of a block's config: columns, sort and page size (the filter is savedFilterField). */
export const listConfigFields: Field[] = [
  {
    name: 'columns',
    type: 'text',
    hasMany: true,
    maxRows: 12,
    admin: { description: "Field keys to show, in order. Empty: the type's list columns." },
  },
  {
    name: 'sort',
    type: 'text',
    maxLength: 41,
    admin: { description: 'A sortable field key, with - first for descending (e.g. -eta). Empty: newest first.' },
  },
  {
    name: 'pageSize',
    type: 'number',
    min: 1,
    max: MAX_PAGE_SIZE,
    defaultValue: DEFAULT_PAGE_SIZE,
    admin: { description: `Rows per page, 1 to ${MAX_PAGE_SIZE}.` },
  },
]

/** A request of the signed-in person, for reads through Payload's operations on their behalf. */
export function requestAs(ctx: Pick<BlockLoadContext, 'payload' | 'user'>): Promise<PayloadRequest> {
  return createLocalReq({ user: ctx.user as unknown as TypedUser }, ctx.payload)
}

/** What a list reads besides its block's config. */
export interface ListOptions {
  /** the block's slug, for its markup id when it has no id in the layout */
  slug: string
  /** more conditions on the type's fields (the records query's shape), from code */
  andFilter?: Record<string, unknown>
  /** conditions on the records' own columns, from code */
  where?: Where[]
  /** the sort when the block names none */
  defaultSort?: string
}

const pageSizeOf = (value: unknown): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1
    ? Math.min(value, MAX_PAGE_SIZE)
    : DEFAULT_PAGE_SIZE

/**
 * The fields shown as columns: the block's, in its order, else the type's list columns. Title and
 * status have columns of their own.
 */
function columnsOf(type: RecordTypeDefinition, wanted: unknown): FieldDefinition[] {
  const own = (field: FieldDefinition) => field.key !== type.titleField && field.key !== type.statusField
  const keys = Array.isArray(wanted) ? wanted.filter((key): key is string => typeof key === 'string' && key !== '') : []
  if (keys.length === 0) return type.fields.filter((field) => field.listColumn && own(field))
  return keys
    .map((key) => {
      const field = type.fields.find((candidate) => candidate.key === key)
      if (!field) throw Errors.invalidInput('invalid_record_column', `The record type has no field "${key}" to show`)
      return field
    })
    .filter(own)
}

/** The list's search form and paging links, and what the visitor is told about their input. */
function navigation(ctx: BlockLoadContext, blockId: string, input: VisitorInput, hasNext: boolean) {
  const kept = keptParameters(ctx.query, blockId)
  const searched = input.q ? [{ name: `${blockId}-q`, value: input.q }] : []
  const at = (page: number) =>
    pageHref(
      ctx.pagePath,
      [...kept, ...searched, ...(page > 1 ? [{ name: `${blockId}-page`, value: String(page) }] : [])],
      blockId,
    )
  const prev = input.page > 1 ? at(input.page - 1) : ''
  const next = hasNext ? at(input.page + 1) : ''
  return {
    search: { action: `${ctx.pagePath}#${blockId}`, name: `${blockId}-q`, value: input.typed, kept },
    paging: Boolean(prev || next),
    prev,
    next,
  }
}

/**
 * The list of the block `ctx.config` describes (`recordType`, `filter`, `columns`, `sort`,
 * `pageSize`): the plain data its template renders, the type it lists, and the person's request
 * (for more reads on their behalf). Throws, and the page shows its friendly error block, when the
 * saved config does not fit the type (unknown type, field or operator); what the visitor typed
 * never throws: it is answered with a message inside the list.
 */
export async function loadRecordList(ctx: BlockLoadContext, options: ListOptions) {
  const { config, tenant, base } = ctx
  const blockId = blockIdOf(config, options.slug)
  const input = visitorInput(ctx.query, blockId)
  const limit = pageSizeOf(config.pageSize)
  const req = await requestAs(ctx)
  const read = (q: string | undefined) =>
    queryRecords(req, {
      type: textOf(config.recordType) ?? '',
      filter: savedFilterOf(config.filter),
      andFilter: options.andFilter,
      where: options.where,
      q,
      sort: textOf(config.sort) ?? options.defaultSort,
      tenant: tenant.id,
      limit,
      page: input.page,
    })
  const { type, page } = await read(input.q).catch((error: unknown) => {
    // A search reads record data: someone whose rules hide it is told so, and gets the list unsearched.
    if (!input.q || !(error instanceof HttpError && error.id === 'forbidden')) throw error
    input.problem = 'Your access does not include the details these records are searched by.'
    input.q = undefined
    return read(undefined)
  })
  const definition = type.type
  const columns = columnsOf(definition, config.columns)
  const records = page.docs as Record<string, unknown>[]
  const titles = await referenceTitles(req, tenant.id, columns, records)
  const stale = staleness(definition.staleAfterMinutes)
  const rows = records.map((record) => {
    const data = (record.data ?? {}) as Record<string, unknown>
    return {
      title: typeof record.title === 'string' && record.title ? record.title : `#${String(record.id)}`,
      href: recordHref(base, definition.key, record.id as string),
      stale: stale(lastSeenOf(record)),
      status: statusView(definition, record.status, record.statusCategory),
      cells: columns.map((field) => valueView(field, data[field.key], { base, titles })),
    }
  })
  const beyond = rows.length === 0 && input.page > 1
  const view = {
    id: blockId,
    typeLabel: definition.pluralLabel,
    hasStatus: Boolean(definition.statusField),
    titleLabel: definition.fields.find((field) => field.key === definition.titleField)?.label ?? 'Title',
    columns: columns.map((field) => ({ label: field.label })),
    rows,
    problem: input.problem || (beyond ? `There is no page ${input.page}; the list has ${page.totalPages}.` : ''),
    searched: Boolean(input.q),
    range: rows.length
      ? `${page.pagingCounter}–${page.pagingCounter + rows.length - 1} of ${page.totalDocsExact ? '' : 'at least '}${page.totalDocs}`
      : '',
    ...navigation(ctx, blockId, input, page.hasNextPage && rows.length > 0),
  }
  return { view, type, req }
}
