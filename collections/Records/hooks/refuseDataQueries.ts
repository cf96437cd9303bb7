import type { CollectionBeforeOperationHook } from 'payload'
import { Errors } from '../../../src/http/errors'
import { SEARCH_TEXT_FIELD } from '../../../src/records/searchQuery'
import { SLOT_COLUMNS } from '../../../src/records/slots'

/** Set in the request context by /api/records/query, the one caller that may query slot columns. */
export const SLOT_QUERY_CONTEXT = 'atriumRecordSlotQuery'

// The search text copies data too, and only its full-text meaning of `contains` is served fast.
const SLOTS: readonly string[] = [...SLOT_COLUMNS.text, ...SLOT_COLUMNS.number, ...SLOT_COLUMNS.date, SEARCH_TEXT_FIELD]

// Payload reads `__` in a path as `.`.
const dotted = (path: string) => path.trim().replace(/^-/, '').replace(/__/g, '.')
const isDataPath = (path: string) => dotted(path) === 'data' || dotted(path).startsWith('data.')
const isSlotPath = (path: string) => SLOTS.includes(dotted(path))

function mentions(where: unknown, test: (path: string) => boolean): boolean {
  if (Array.isArray(where)) return where.some((item) => mentions(item, test))
  if (!where || typeof where !== 'object') return false
  return Object.entries(where).some(([key, value]) =>
    key.toLowerCase() === 'and' || key.toLowerCase() === 'or' ? mentions(value, test) : test(key),
  )
}

const sortsBy = (sort: unknown, test: (path: string) => boolean): boolean =>
  (Array.isArray(sort) ? sort : typeof sort === 'string' ? sort.split(',') : []).some(
    (key) => typeof key === 'string' && test(key),
  )

/**
 * Refuses (400) a where or sort on a path into a record's data: Payload gets ranges, sorts, null
 * and several operators wrong on json paths (NOTES-payload.md), and they are slow on PostgreSQL.
 * Slot columns are refused too, except to /api/records/query and the system: their meaning differs
 * per type, and they would let someone whose rules hide `data` probe its values.
 */
export const refuseDataQueries: CollectionBeforeOperationHook = ({ args, context }) => {
  const { where, sort, overrideAccess } = args as { where?: unknown; sort?: unknown; overrideAccess?: boolean }
  const slotsAllowed = overrideAccess === true || context[SLOT_QUERY_CONTEXT] === true
  const refused = (path: string) => isDataPath(path) || (!slotsAllowed && isSlotPath(path))
  if (mentions(where, refused) || sortsBy(sort, refused)) throw Errors.recordDataQuery()
  return args
}
