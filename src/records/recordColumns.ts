/**
 * Everything a record's row holds besides its data, computed from the data and its type: the slot
 * columns, the status category and the search text. One function, so that a record write and the
 * rewrite of every record after a type edit cannot disagree.
 */
import type { FieldValue } from './fieldKinds'
import { searchTextOf } from './searchText'
import { STATUS_COLUMN, slotValues, type RecordColumn, type SlotAssignment } from './slots'
import type { RecordTypeDefinition } from './typeDefinition'

/** The derived columns of one record. */
export type RecordColumns = Record<RecordColumn, string | number | null> & {
  /** the category of the record's status (open, at_risk, done, cancelled), when it has one */
  statusCategory: string | null
  searchText: string
}

/** The derived columns of a record whose data `data` (normalised) is of `type`, laid out by `assignment`. */
export function recordColumns(
  type: RecordTypeDefinition,
  assignment: SlotAssignment,
  data: Readonly<Record<string, FieldValue>>,
): RecordColumns {
  const slots = slotValues(assignment, data)
  const statusField = type.fields.find((field) => field.key === type.statusField)
  const status = slots[STATUS_COLUMN]
  const category = statusField?.statuses?.find((option) => option.value === status)?.category ?? null
  return { ...slots, statusCategory: category, searchText: searchTextOf(type, data) }
}

/**
 * True when records of a type keep their data but their derived columns may change from `before`
 * to `after`: a status's category, or what the search text is made of (which fields, which labels).
 * Slot moves are reported by assignSlots' `changedColumns` instead.
 */
export function derivedColumnsChange(before: RecordTypeDefinition, after: RecordTypeDefinition): boolean {
  const signature = (type: RecordTypeDefinition) =>
    JSON.stringify({
      search: type.fields
        .filter((field) => field.searchable)
        .map((field) => [field.key, field.kind, field.choices ?? field.statuses ?? null]),
      statuses: type.fields.find((field) => field.key === type.statusField)?.statuses ?? null,
    })
  return signature(before) !== signature(after)
}
