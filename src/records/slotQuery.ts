/**
 * Portal and integrator queries on a type's fields, translated into Payload `Where`s and sorts on
 * the slot columns, and refused with a 400 naming the field before they reach Payload when they ask
 * for anything the columns cannot answer quickly and correctly.
 *
 * A filter is `{ [fieldKey]: { equals | in | gte | lte | prefix | contains } }`; every condition
 * must hold. Values may be JSON values or query-string text (`"12"`, `"true"`, `"a,b"` for `in`).
 * - `prefix` is a case-sensitive range `[p, p + U+10FFFF)`: no adapter has a starts-with operator,
 *   and a range is served by the slot's index. It is exact where text is compared byte by byte:
 *   SQLite and MongoDB by default, PostgreSQL only on columns collated "C".
 * - `contains` is Payload's: a case-insensitive substring (`ILIKE '%v%'` on SQL), where `%` and `_`
 *   also act as wildcards on SQL databases, so it may match a little more than asked, never less.
 */
import type { Where } from 'payload'
import { Errors } from '../http/errors'
import {
  KIND_TRAITS,
  OPTION_VALUE_PATTERN,
  PROTOTYPE_KEYS,
  VALUE_LIMITS,
  checkValue,
  isPlainObject,
  type FieldValue,
  type FilterOperator,
} from './fieldKinds'
import { assignedField, columnValue, settledRecordsOnly, type AssignedField, type SlotAssignment } from './slots'

/** Conditions on one field; all must hold. */
export type FieldFilter = Partial<Record<FilterOperator, unknown>>
/** A filter on a record type's fields: field key → conditions. */
export type RecordFilter = Record<string, FieldFilter>

/** Most values an `in` may list. */
export const MAX_IN_VALUES = 100
// The highest code point: every string that starts with p sorts below p + it, byte by byte.
const AFTER_PREFIX = '\u{10FFFF}'
const PAYLOAD_OPERATOR: Record<'equals' | 'gte' | 'lte' | 'contains', string> = {
  equals: 'equals',
  gte: 'greater_than_equal',
  lte: 'less_than_equal',
  contains: 'contains',
}
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Query strings carry text: read numbers and yes/no from it, for the kinds that hold them. */
function fromQueryText(kind: AssignedField['kind'], raw: unknown): unknown {
  if (typeof raw !== 'string') return raw
  const text = raw.trim()
  if ((kind === 'number' || kind === 'money') && DECIMAL.test(text)) return Number(text)
  if (kind === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
  return raw
}

function readValue(field: AssignedField, raw: unknown): string | number {
  const refuse = (problem: string) => Errors.invalidRecordFilter(field.field, problem)
  const value = fromQueryText(field.kind, raw)
  if (value === null || value === undefined || value === '') throw refuse('a condition needs a value')
  if (field.kind === 'choice' || field.kind === 'status') {
    // The assignment does not list the values; an unknown one simply matches nothing.
    if (typeof value !== 'string' || !OPTION_VALUE_PATTERN.test(value)) throw refuse('must be a choice value')
    return value
  }
  if (field.kind === 'money') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw refuse('money is compared by its amount in minor units, a whole number')
    return value
  }
  const checked = checkValue({ kind: field.kind }, value)
  if (!checked.ok) throw refuse(checked.message)
  return columnValue(field.kind, checked.value as FieldValue)
}

function readSearchText(field: AssignedField, raw: unknown): string {
  const checked = typeof raw === 'string' && raw !== '' ? checkValue({ kind: 'long_text' }, raw) : undefined
  if (!checked?.ok || [...(checked.value as string)].length > VALUE_LIMITS.text)
    throw Errors.invalidRecordFilter(field.field, `needs text of 1 to ${VALUE_LIMITS.text} characters`)
  return checked.value as string
}

function readList(field: AssignedField, raw: unknown): (string | number)[] {
  // Like Payload's REST API, `in=a,b` is a list; in JSON, send an array.
  const items = typeof raw === 'string' ? raw.split(',') : raw
  if (!Array.isArray(items) || items.length === 0)
    throw Errors.invalidRecordFilter(field.field, '"in" needs a list of values')
  if (items.length > MAX_IN_VALUES)
    throw Errors.invalidRecordFilter(field.field, `"in" may list at most ${MAX_IN_VALUES} values`)
  return items.map((item) => readValue(field, item))
}

function conditionsOf(field: AssignedField, operator: FilterOperator, raw: unknown): Where[] {
  const column = field.column
  switch (operator) {
    case 'in':
      return [{ [column]: { in: readList(field, raw) } }]
    case 'prefix': {
      const prefix = readSearchText(field, raw)
      return [{ [column]: { greater_than_equal: prefix } }, { [column]: { less_than: `${prefix}${AFTER_PREFIX}` } }]
    }
    case 'contains':
      return [{ [column]: { contains: readSearchText(field, raw) } }]
    default:
      return [{ [column]: { [PAYLOAD_OPERATOR[operator]]: readValue(field, raw) } }]
  }
}

function fieldOf(assignment: SlotAssignment, key: string, use: 'filterable' | 'sortable'): AssignedField {
  const refuse = use === 'filterable' ? Errors.invalidRecordFilter : Errors.invalidRecordSort
  if (PROTOTYPE_KEYS.includes(key)) throw refuse(key, 'that is not a field name')
  const field = assignedField(assignment, key)
  if (!field) throw refuse(key, `there is no ${use} field of that name`)
  if (!field[use]) throw refuse(key, `the field is not ${use}`)
  return field
}

/**
 * The Payload `Where` on slot columns for a filter on a type's fields; `{}` when the filter is
 * empty. Throws a 400 HttpError naming the field when a field is unknown or not filterable, an
 * operator does not fit its kind, or a value does not fit the field. The caller adds tenant, type
 * and the user's access `Where`.
 */
export function toSlotWhere(assignment: SlotAssignment, filter: unknown): Where {
  if (filter === undefined || filter === null) return {}
  if (!isPlainObject(filter)) throw Errors.invalidRecordFilter('where', 'must map field names to conditions')
  const conditions: Where[] = []
  for (const [key, condition] of Object.entries(filter)) {
    const field = fieldOf(assignment, key, 'filterable')
    if (!isPlainObject(condition) || Object.keys(condition).length === 0)
      throw Errors.invalidRecordFilter(key, 'needs conditions such as { "equals": … }')
    const allowed = KIND_TRAITS[field.kind].operators
    for (const [operator, raw] of Object.entries(condition)) {
      if (!allowed.includes(operator as FilterOperator)) {
        const kind = KIND_TRAITS[field.kind].label
        throw Errors.invalidRecordFilter(key, `${kind} fields take ${allowed.join(', ')}, not "${operator}"`)
      }
      conditions.push(...conditionsOf(field, operator as FilterOperator, raw))
    }
  }
  if (conditions.length === 0) return {}
  return conditions.length === 1 ? (conditions[0] as Where) : { and: conditions }
}

/**
 * The Payload sort for `sortKey` (`eta`, or `-eta` for descending) on slot columns. Throws a 400
 * HttpError naming the field when it is unknown or not sortable. Records without a value come
 * first on some databases and last on others.
 */
export function toSlotSort(assignment: SlotAssignment, sortKey: unknown): string {
  if (typeof sortKey !== 'string' || sortKey.trim() === '')
    throw Errors.invalidRecordSort(String(sortKey ?? ''), 'give a field name, with - for descending')
  const descending = sortKey.startsWith('-')
  const field = fieldOf(assignment, descending ? sortKey.slice(1) : sortKey, 'sortable')
  return `${descending ? '-' : ''}${field.column}`
}

/** The columns a `Where` from {@link toSlotWhere} and a sort from {@link toSlotSort} read. */
export function columnsUsed(where: Where, sort: readonly string[] = []): string[] {
  const columns = new Set(sort.map((key) => key.replace(/^-/, '')))
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit)
    else if (isPlainObject(node))
      for (const [key, value] of Object.entries(node)) {
        if (key === 'and' || key === 'or') visit(value)
        else columns.add(key)
      }
  }
  visit(where)
  return [...columns]
}

/** A unique field's value in a record's data, as its column holds it. */
export interface UniqueValue {
  field: string
  kind: AssignedField['kind']
  column: AssignedField['column']
  value: string | number
}

/** For each unique field that has a value in `data` (normalised), the value its column holds. */
export function uniqueValues(assignment: SlotAssignment, data: Readonly<Record<string, FieldValue>>): UniqueValue[] {
  return assignment.fields.flatMap((field) => {
    const value = field.unique && Object.hasOwn(data, field.field) ? data[field.field] : undefined
    if (value === undefined) return []
    return [{ field: field.field, kind: field.kind, column: field.column, value: columnValue(field.kind, value) }]
  })
}

/**
 * For each unique field that has a value in `data` (normalised), the `Where` that finds other
 * records holding the same value. The caller adds tenant and type, excludes the record itself,
 * and refuses the write when any finds a record. While a migration still rewrites the field's
 * column, only records it has rewritten are compared: the others may hold another field there.
 */
export function uniqueConditions(
  assignment: SlotAssignment,
  data: Readonly<Record<string, FieldValue>>,
): { field: string; where: Where }[] {
  return uniqueValues(assignment, data).map(({ field, column, value }) => {
    const same: Where = { [column]: { equals: value } }
    const settled = settledRecordsOnly(assignment, [column])
    return { field, where: settled ? { and: [same, settled] } : same }
  })
}
