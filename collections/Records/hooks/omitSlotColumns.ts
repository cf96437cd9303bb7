import type { CollectionAfterReadHook } from 'payload'
import { SEARCH_TEXT_FIELD } from '../../../src/records/searchQuery'
import { SLOT_COLUMNS } from '../../../src/records/slots'

/** The columns records are queried by and never answered with: the slots and the search text. */
export const QUERY_ONLY_FIELDS: readonly string[] = [
  ...SLOT_COLUMNS.text,
  ...SLOT_COLUMNS.number,
  ...SLOT_COLUMNS.date,
  SEARCH_TEXT_FIELD,
]

/**
 * Leaves the slot columns and the search text out of every read: they are copies of `data` laid
 * out differently per type, meaningless to callers, and would show values of `data` to someone
 * whose rules hide it.
 */
export const omitSlotColumns: CollectionAfterReadHook = ({ doc }) => {
  for (const column of QUERY_ONLY_FIELDS) delete (doc as Record<string, unknown>)[column]
  return doc
}
