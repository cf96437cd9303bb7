/**
 * The admin's list of one type's records: which columns it shows and how its filter inputs become
 * the query parameters of /api/records/query (which checks them again and answers 400 naming the
 * field when one does not fit).
 */
import { KIND_TRAITS, type FieldKind, type FilterOperator } from '../../../src/records/fieldKinds'
import type { FieldDefinition, RecordTypeDefinition } from '../../../src/records/typeDefinition'
import { fromLocalDateTime } from './recordFormValues'

/** What staff typed into the filter inputs: field key → operator → text. */
export type FilterDraft = Record<string, Partial<Record<FilterOperator, string>>>

/**
 * The filter inputs a kind gets, out of the operators it allows: a substring for text, a range
 * for numbers and dates, one value for the rest.
 */
export function filterInputsOf(kind: FieldKind): FilterOperator[] {
  const allowed = KIND_TRAITS[kind].operators
  const wanted: FilterOperator[] = allowed.includes('contains')
    ? ['contains']
    : allowed.includes('gte')
      ? ['gte', 'lte']
      : ['equals']
  return wanted.filter((operator) => allowed.includes(operator))
}

/** The fields a type can be filtered by, in the order of the type. */
export function filterableFields(type: Pick<RecordTypeDefinition, 'fields'>): FieldDefinition[] {
  return type.fields.filter((field) => field.filterable && KIND_TRAITS[field.kind].operators.length > 0)
}

/** The columns of the list: the title field first, then the type's list columns. */
export function listColumns(type: Pick<RecordTypeDefinition, 'fields' | 'titleField'>): FieldDefinition[] {
  const title = type.fields.find((field) => field.key === type.titleField)
  const rest = type.fields.filter((field) => field.listColumn && field.key !== type.titleField)
  return title ? [title, ...rest] : rest
}

/**
 * A date-time range is typed as whole days in the browser's time zone: "from" is the start of
 * its day, "to" the end of its day.
 */
function dateTimeBound(operator: FilterOperator, day: string): string {
  const time = operator === 'lte' ? 'T23:59:59.999' : 'T00:00:00'
  return fromLocalDateTime(`${day}${time}`) ?? day
}

/** The `filter[<key>][<operator>]` query parameters of a draft; blank inputs are left out. */
export function filterParams(fields: readonly FieldDefinition[], draft: FilterDraft): Record<string, string> {
  const params: Record<string, string> = {}
  for (const field of fields) {
    for (const [operator, raw] of Object.entries(draft[field.key] ?? {}) as [FilterOperator, string][]) {
      const text = raw.trim()
      if (text === '') continue
      params[`filter[${field.key}][${operator}]`] = field.kind === 'date_time' ? dateTimeBound(operator, text) : text
    }
  }
  return params
}
