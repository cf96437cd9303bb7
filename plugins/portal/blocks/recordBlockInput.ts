/**
 * What the record blocks read from their saved config and from the page's address: the saved
 * filter (the records query's shape), the record type's key, and the visitor's search and page,
 * namespaced per block so that two lists on one page keep their own.
 */
import type { Field } from 'payload'
import { isPlainObject } from '../../../src/records/fieldKinds'
import { Errors, HttpError } from '../../../src/http/errors'
import { searchTermsOf } from '../../../src/records/searchQuery'

/** The furthest page a visitor may ask for (a page past the last shows a message instead). */
export const MAX_VISITOR_PAGE = 10_000

/** The saved filter of a block, as the records query takes it: `{ "<field>": { "<op>": value } }`. */
export const savedFilterField = (name = 'filter'): Field => ({
  name,
  type: 'json',
  admin: {
    description:
      'Optional. Only records matching every condition, e.g. {"status": {"in": ["delayed", "booked"]}} or {"eta": {"gte": "2026-01-01"}}. Operators: equals, in, gte, lte, prefix, contains.',
  },
  validate: (value: unknown) => {
    try {
      savedFilterOf(value)
      return true
    } catch (error) {
      return (error as Error).message
    }
  },
})

/** The record type field of a block. */
export const recordTypeField = (description = 'The key of the record type, e.g. shipments.'): Field => ({
  name: 'recordType',
  type: 'text',
  required: true,
  maxLength: 40,
  admin: { description },
})

/**
 * A saved filter as the records query takes it (undefined: none). Stored JSON may also be text
 * holding JSON. Only the shape is checked here; the type's fields are checked when the block
 * renders (the type may change after the page is saved).
 */
export function savedFilterOf(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined
  let filter: unknown = value
  if (typeof value === 'string') {
    try {
      filter = JSON.parse(value) as unknown
    } catch {
      throw Errors.invalidRecordFilter('filter', 'the saved filter is not JSON')
    }
  }
  if (!isPlainObject(filter) || !Object.values(filter).every(isPlainObject))
    throw Errors.invalidRecordFilter(
      'filter',
      'must map field names to conditions, e.g. {"status": {"equals": "open"}}',
    )
  return filter
}

/** Text config (a key, a sort), or undefined when empty. */
export const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

/** The id a block's markup and query parameters are namespaced by: its id in the page's layout. */
export function blockIdOf(config: Record<string, unknown>, slug: string): string {
  const id = typeof config.id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(config.id) ? config.id : slug
  return `b-${id}`
}

/** What a visitor asked a list for in the page's address, and what was wrong with it. */
export interface VisitorInput {
  /** the search to run (undefined: none, or one that could not run) */
  q: string | undefined
  /** the search box's text, as typed */
  typed: string
  page: number
  /** what was wrong with the search or page, for the visitor to read */
  problem: string
}

// The search's own messages name the API's parameter; the visitor typed into a box.
const forVisitor = (message: string) => message.replace(/^The query parameter "q" /, 'The search ')

/** The search and page a visitor asked `blockId`'s list for (`<blockId>-q`, `<blockId>-page`). */
export function visitorInput(query: Readonly<Record<string, unknown>>, blockId: string): VisitorInput {
  const rawQ = query[`${blockId}-q`]
  const rawPage = query[`${blockId}-page`]
  const input: VisitorInput = { q: undefined, typed: '', page: 1, problem: '' }
  if (typeof rawQ === 'string' && rawQ.trim() !== '') {
    input.typed = rawQ.slice(0, 1000)
    try {
      searchTermsOf(rawQ)
      input.q = rawQ
    } catch (error) {
      if (!(error instanceof HttpError)) throw error
      input.problem = forVisitor(error.message)
    }
  } else if (rawQ !== undefined && typeof rawQ !== 'string') input.problem = 'Search for one thing at a time.'
  if (rawPage !== undefined) {
    const page = typeof rawPage === 'string' && /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : NaN
    if (page >= 1 && page <= MAX_VISITOR_PAGE) input.page = page
    else input.problem = `The page must be a whole number from 1 to ${MAX_VISITOR_PAGE}; here is the first page.`
  }
  return input
}

/**
 * The page's other query parameters (given once, as text) that a block's links and search form
 * keep, so that searching or paging one list leaves another where it was.
 */
export function keptParameters(query: Readonly<Record<string, unknown>>, blockId: string) {
  return Object.entries(query)
    .filter(([name, value]) => typeof value === 'string' && !name.startsWith(`${blockId}-`) && name !== 'done')
    .slice(0, 20)
    .map(([name, value]) => ({ name, value: value as string }))
}

/** The address of the page with `params` set, anchored at the block. */
export function pageHref(
  pagePath: string,
  params: readonly { name: string; value: string }[],
  blockId: string,
): string {
  const search = new URLSearchParams(params.map(({ name, value }) => [name, value])).toString()
  return `${pagePath}${search ? `?${search}` : ''}#${blockId}`
}
