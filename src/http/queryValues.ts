/**
 * Refuses query values the database cannot compare, before they reach it: an id that is not a
 * number where ids are numbers (`?where[tenant][equals]=abc`, `/api/users/abc`), or a date that is
 * not one. The SQL adapters pass them on and the database fails, which answered 500.
 */
import {
  NotFound,
  type CollectionBeforeOperationHook,
  type FlattenedField,
  type Payload,
  type SanitizedCollectionConfig,
} from 'payload'
import { Errors } from './errors'

type Check = 'id' | 'date'

const VALUE_OPERATORS = new Set([
  'equals',
  'not_equals',
  'in',
  'not_in',
  'all',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
])

/** What a path's values must be, or undefined when it is not checked (text, nested relations, json). */
function checkFor(fields: FlattenedField[], path: string[], numericIds: boolean): Check | undefined {
  const [name, ...rest] = path
  if (name === 'id' && rest.length === 0) return numericIds ? 'id' : undefined
  const field = fields.find((candidate) => candidate.name === name)
  if (!field) return undefined
  if ((field.type === 'array' || field.type === 'group') && rest.length > 0) {
    return checkFor(field.flattenedFields, rest, numericIds)
  }
  if (rest.length > 0) return undefined
  if ((field.type === 'relationship' || field.type === 'upload') && typeof field.relationTo === 'string') {
    return numericIds ? 'id' : undefined
  }
  return field.type === 'date' ? 'date' : undefined
}

const fits = (check: Check, value: unknown): boolean => {
  if (value === null || value === undefined || value === '' || value === 'null') return true
  if (check === 'id') return typeof value === 'number' ? Number.isInteger(value) : /^-?\d{1,15}$/.test(String(value))
  return !Number.isNaN(new Date(String(value)).getTime())
}

function walk(where: unknown, collection: SanitizedCollectionConfig, numericIds: boolean, depth = 0): void {
  if (!where || typeof where !== 'object' || depth > 20) return
  for (const [key, condition] of Object.entries(where as Record<string, unknown>)) {
    if (key.toLowerCase() === 'and' || key.toLowerCase() === 'or') {
      if (Array.isArray(condition)) for (const inner of condition) walk(inner, collection, numericIds, depth + 1)
      continue
    }
    const check = checkFor(collection.flattenedFields, key.replace(/__/g, '.').split('.'), numericIds)
    if (!check || !condition || typeof condition !== 'object') continue
    for (const [operator, value] of Object.entries(condition as Record<string, unknown>)) {
      if (!VALUE_OPERATORS.has(operator)) continue
      const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value]
      const bad = values.find((item) => !fits(check, item))
      if (bad !== undefined) {
        throw Errors.invalidQueryParameter(
          `where[${key}][${operator}]`,
          `must be ${check === 'id' ? 'a document id (a whole number)' : 'a date'} (got "${String(bad).slice(0, 40)}")`,
        )
      }
    }
  }
}

/** Refuses (400) a Where comparing ids or dates with values the database cannot compare. */
export function checkWhereValues(payload: Payload, collection: SanitizedCollectionConfig, where: unknown): void {
  walk(where, collection, payload.db.defaultIDType === 'number')
}

/** A beforeOperation hook refusing ids and dates the database cannot compare (400, or 404 for a by-id path). */
export const checkQueryValues: CollectionBeforeOperationHook = ({ args, collection, req }) => {
  const { id, where } = args as { id?: unknown; where?: unknown }
  if (req.payload.db.defaultIDType === 'number' && id !== undefined && !fits('id', id)) throw new NotFound(req.t)
  checkWhereValues(req.payload, collection, where)
  return args
}
