/**
 * Whether a saved type edit needs the type's stored records rewritten (by a migration, in the
 * background), and which of their columns mean something else until it is done.
 */
import { derivedColumnsChange } from './recordColumns'
import { assignedField, type RecordColumn, type SlotAssignment } from './slots'
import { needsConfirmation, type TypeChange } from './typeChanges'
import type { RecordTypeDefinition } from './typeDefinition'

/** What the stored records of a type need after an edit. */
export interface RecordRewrite {
  /** confirmed changes: each record's data is adapted (adaptData) before its columns are recomputed */
  adaptsData: boolean
  /** columns whose values records not yet rewritten may hold for the old definition */
  settlingColumns: RecordColumn[]
}

// Confirmed changes after which a field's column loses values it holds now.
const DROPS_VALUES: ReadonlySet<TypeChange['change']> = new Set([
  'valuesRemoved',
  'referenceTypeChanged',
  'kindChanged',
])

/**
 * The rewrite an edit from `before` to `after` needs, or undefined when stored records stay as
 * they are: every confirmed change (it is recorded as a migration even when it only adds a rule),
 * a slot that now holds another field, or a change of the status categories or search text.
 */
export function recordRewrite(
  before: RecordTypeDefinition,
  after: RecordTypeDefinition,
  changes: readonly TypeChange[],
  slots: { assignment: SlotAssignment; changedColumns: readonly RecordColumn[] },
): RecordRewrite | undefined {
  const adaptsData = needsConfirmation(changes)
  if (!adaptsData && slots.changedColumns.length === 0 && !derivedColumnsChange(before, after)) return undefined
  const losingValues = changes.flatMap((change) =>
    adaptsData && change.field && DROPS_VALUES.has(change.change)
      ? (assignedField(slots.assignment, change.field)?.column ?? [])
      : [],
  )
  return { adaptsData, settlingColumns: [...new Set([...slots.changedColumns, ...losingValues])] }
}
