import type { CollectionBeforeOperationHook } from 'payload'
import { Errors } from '../../../src/http/errors'

// Payload reads `__` in a path as `.`.
const isDataPath = (path: string) => {
  const dotted = path.replace(/__/g, '.')
  return dotted === 'data' || dotted.startsWith('data.')
}

function mentionsData(where: unknown): boolean {
  if (Array.isArray(where)) return where.some(mentionsData)
  if (!where || typeof where !== 'object') return false
  return Object.entries(where).some(([key, value]) =>
    key.toLowerCase() === 'and' || key.toLowerCase() === 'or' ? mentionsData(value) : isDataPath(key),
  )
}

const sortsByData = (sort: unknown): boolean =>
  (Array.isArray(sort) ? sort : typeof sort === 'string' ? sort.split(',') : []).some(
    (key) => typeof key === 'string' && isDataPath(key.trim().replace(/^-/, '')),
  )

/**
 * Refuses (400) a where or sort on a path into a record's data: Payload gets ranges, sorts, null
 * and several operators wrong on json paths (NOTES-payload.md), and they are slow on PostgreSQL.
 * Typed filters on a type's fields go through /api/records/query.
 */
export const refuseDataQueries: CollectionBeforeOperationHook = ({ args }) => {
  const { where, sort } = args as { where?: unknown; sort?: unknown }
  if (mentionsData(where) || sortsByData(sort)) throw Errors.recordDataQuery()
  return args
}
