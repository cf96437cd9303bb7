/**
 * Slot columns: the few typed, indexed columns of the records table that hold copies of the fields
 * a type lets the portal filter, sort or check for uniqueness by.
 *
 * Records of every type share one table, so a field cannot have a column of its own; instead each
 * type maps such fields onto a fixed set of slots when it is saved, and every write copies the
 * values from the record's JSON data (the source of truth) into its slots. Queries through a json
 * path are slow on PostgreSQL and broken for ranges and sorting on every SQL adapter (see
 * NOTES-payload.md); queries on these columns are served by compound indexes that lead with
 * tenant and type.
 *
 * Layout, per record:
 * - `title` and `status`: the type's title and status fields, always, in columns of their own;
 * - text slots s1…s6: text, link, choice, status (other than the type's status) and reference (as text);
 * - number slots n1…n4: number, money (the amount in minor units) and yes/no (1 and 0);
 * - date slots d1…d4: date (as midnight UTC) and date-time, as ISO strings.
 *
 * Yes/no goes to a number slot: 0 and 1 order and compare the same on every database, and text
 * slots are the ones types run out of first (choices, statuses and references are all text).
 */
import { KIND_TRAITS, type FieldKind, type FieldValue, type Money, type SlotFamily } from './fieldKinds'
import type { DefinitionProblem, FieldDefinition, RecordTypeDefinition } from './typeDefinition'

/** The slot columns of each family, in the order they are handed out. */
export const SLOT_COLUMNS = {
  text: ['s1', 's2', 's3', 's4', 's5', 's6'],
  number: ['n1', 'n2', 'n3', 'n4'],
  date: ['d1', 'd2', 'd3', 'd4'],
} as const satisfies Record<SlotFamily, readonly string[]>
/** The column that holds the record's title. */
export const TITLE_COLUMN = 'title'
/** The column that holds the record's status. */
export const STATUS_COLUMN = 'status'
/**
 * The column that holds the revision of its type a record's data and columns were last written
 * for: a migration rewrites the records below its revision, and queries on the columns it is
 * still rewriting read only the records at or above it.
 */
export const TYPE_REVISION_COLUMN = 'typeRevision'

/** A slot column. */
export type SlotColumn = (typeof SLOT_COLUMNS)[SlotFamily][number]
/** A column a field's value is copied into. */
export type RecordColumn = SlotColumn | typeof TITLE_COLUMN | typeof STATUS_COLUMN
/** Every column {@link slotValues} fills, in a stable order. */
export const RECORD_COLUMNS: readonly RecordColumn[] = [
  TITLE_COLUMN,
  STATUS_COLUMN,
  ...SLOT_COLUMNS.text,
  ...SLOT_COLUMNS.number,
  ...SLOT_COLUMNS.date,
]

/** One field's column and what queries may do with it. */
export interface AssignedField {
  field: string
  kind: FieldKind
  column: RecordColumn
  filterable: boolean
  sortable: boolean
  unique: boolean
}

/**
 * Where a type's fields are copied to; stored with the type (a JSON field), and kept from one
 * revision to the next. A list, not an object keyed by field: a lookup by a key from a query
 * string must never reach an object's prototype.
 */
export interface SlotAssignment {
  fields: AssignedField[]
  /**
   * While a migration rewrites the type's records: the columns whose values records written
   * before `revision` may still hold in the old layout (or with values the edit removes). Queries
   * and uniqueness checks on them read only records at `revision` or later until it is done.
   */
  settling?: SettlingColumns
}

/** Columns a migration is still rewriting, and the type revision it rewrites records to. */
export interface SettlingColumns {
  revision: number
  columns: RecordColumn[]
}

/** The result of {@link assignSlots}. */
export type SlotAssignmentResult =
  | {
      ok: true
      assignment: SlotAssignment
      /**
       * Columns whose content changes meaning: every stored record of the type must be rewritten
       * with {@link slotValues} before queries use the new assignment. Empty for most edits.
       */
      changedColumns: RecordColumn[]
    }
  | { ok: false; errors: DefinitionProblem[] }

const FAMILY_KINDS: Record<SlotFamily, string> = {
  text: 'text-like fields (text, link, choice, status, reference)',
  number: 'number-like fields (number, money, yes/no)',
  date: 'date fields (date, date-time)',
}

const ORDINALS = ['th', 'st', 'nd', 'rd']
const ordinal = (n: number) => `${n}${(n % 100 >= 11 && n % 100 <= 13 ? undefined : ORDINALS[n % 10]) ?? 'th'}`

const familyOf = (column: RecordColumn): SlotFamily | undefined =>
  (Object.keys(SLOT_COLUMNS) as SlotFamily[]).find((family) =>
    (SLOT_COLUMNS[family] as readonly string[]).includes(column),
  )

const needsSlot = (field: FieldDefinition) => field.filterable || field.sortable || field.unique

/** The flag that made a field need a slot, for pointing at it in an error. */
const flagOf = (field: FieldDefinition) => (field.filterable ? 'filterable' : field.sortable ? 'sortable' : 'unique')

/**
 * Maps the fields of `type` to columns, keeping every field's previous slot when it still fits, so
 * editing one field never moves another (and stored rows need no rewrite). New fields take the
 * first free slot of their family; a family that runs out is refused, naming the field.
 */
export function assignSlots(
  previous: SlotAssignment | null | undefined,
  type: RecordTypeDefinition,
): SlotAssignmentResult {
  const before = previous?.fields ?? []
  const assigned = new Map<string, AssignedField>()
  const taken = new Set<RecordColumn>()
  const entry = (field: FieldDefinition, column: RecordColumn): AssignedField => ({
    field: field.key,
    kind: field.kind,
    column,
    filterable: field.filterable,
    sortable: field.sortable,
    unique: field.unique,
  })
  const waiting: FieldDefinition[] = []
  for (const field of type.fields) {
    const family = KIND_TRAITS[field.kind].slot
    if (field.key === type.titleField) assigned.set(field.key, entry(field, TITLE_COLUMN))
    else if (field.key === type.statusField) assigned.set(field.key, entry(field, STATUS_COLUMN))
    else if (family && needsSlot(field)) {
      const kept = before.find((old) => old.field === field.key && familyOf(old.column) === family)
      if (kept && !taken.has(kept.column)) {
        assigned.set(field.key, entry(field, kept.column))
        taken.add(kept.column)
      } else waiting.push(field)
    }
  }
  const errors: DefinitionProblem[] = []
  const counts: Record<SlotFamily, number> = { text: 0, number: 0, date: 0 }
  for (const field of waiting) {
    const family = KIND_TRAITS[field.kind].slot as SlotFamily
    const free = SLOT_COLUMNS[family].find((column) => !taken.has(column))
    if (free) {
      assigned.set(field.key, entry(field, free))
      taken.add(free)
      continue
    }
    counts[family] += 1
    const index = type.fields.indexOf(field)
    const nth = SLOT_COLUMNS[family].length + counts[family]
    errors.push({
      path: `fields.${index}.${flagOf(field)}`,
      message: `at most ${SLOT_COLUMNS[family].length} filterable, sortable or unique ${FAMILY_KINDS[family]} per type; "${field.key}" would be the ${ordinal(nth)}`,
    })
  }
  if (errors.length > 0) return { ok: false, errors }
  // Keep the type's field order, so the stored assignment reads like the type.
  const fields = type.fields.flatMap((field) => assigned.get(field.key) ?? [])
  return { ok: true, assignment: { fields }, changedColumns: changedColumns(before, fields) }
}

function changedColumns(before: readonly AssignedField[], after: readonly AssignedField[]): RecordColumn[] {
  const content = (fields: readonly AssignedField[]) =>
    new Map(fields.map((field) => [field.column, `${field.field}:${field.kind}`]))
  const old = content(before)
  const now = content(after)
  return RECORD_COLUMNS.filter((column) => old.get(column) !== now.get(column))
}

/** The value a column holds for a field value of `kind`; also the form filters compare with. */
export function columnValue(kind: FieldKind, value: FieldValue): string | number {
  switch (kind) {
    case 'money':
      return (value as Money).amount
    case 'boolean':
      return value === true ? 1 : 0
    case 'date':
      // A date is the midnight UTC that starts it, so dates and date-times share one column type.
      return `${value as string}T00:00:00.000Z`
    case 'reference':
      return String(value)
    default:
      return value as string | number
  }
}

/**
 * The value of every column for a record's normalised data: null for columns the type does not
 * use, so a write always clears what a slot held for a field that has since moved or gone.
 */
export function slotValues(
  assignment: SlotAssignment,
  data: Readonly<Record<string, FieldValue>>,
): Record<RecordColumn, string | number | null> {
  const values = Object.fromEntries(RECORD_COLUMNS.map((column) => [column, null])) as Record<
    RecordColumn,
    string | number | null
  >
  for (const { field, kind, column } of assignment.fields) {
    const value = Object.hasOwn(data, field) ? data[field] : undefined
    if (value !== undefined) values[column] = columnValue(kind, value)
  }
  return values
}

/**
 * The condition that keeps records not yet rewritten by a running migration out of a query that
 * uses any of `columns`; undefined when none of them is settling (the usual case).
 */
export function settledRecordsOnly(
  assignment: SlotAssignment,
  columns: readonly string[],
): { [TYPE_REVISION_COLUMN]: { greater_than_equal: number } } | undefined {
  const settling = assignment.settling
  if (!settling || !columns.some((column) => (settling.columns as readonly string[]).includes(column))) return undefined
  return { [TYPE_REVISION_COLUMN]: { greater_than_equal: settling.revision } }
}

/** The assignment of a field, looked up safely by a key that may come from a query string. */
export function assignedField(assignment: SlotAssignment, key: string): AssignedField | undefined {
  return assignment.fields.find((field) => field.field === key)
}
