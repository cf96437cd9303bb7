/**
 * What an edit of a record type does to the records already stored, so staff confirm the edits
 * that take something away after seeing how many records each touches, and the rest apply at once.
 *
 * Fields are matched by key: a renamed field is a removed field and an added one, because nothing
 * else says the two are the same (labels change freely). Stored records are never left invalid in
 * a way that breaks them: {@link adaptData} is what a confirmed change does to each record's data.
 */
import { KIND_TRAITS, checkValue, isBlank, type FieldValue } from './fieldKinds'
import type { FieldDefinition, RecordTypeDefinition } from './typeDefinition'

/** Whether a change applies when saved, or only once staff confirm it. */
export type ChangeEffect = 'immediate' | 'needsConfirmation'

/** Which stored records a change touches, for the caller to count among the type's records. */
export type AffectedRecords =
  | { records: 'all' }
  | { records: 'withValue'; field: string }
  | { records: 'withoutValue'; field: string }
  | { records: 'withValueIn'; field: string; values: string[] }
  /** records whose value of `field` another record of the same tenant also has */
  | { records: 'sharingValue'; field: string }

/** One change between two revisions of a type. */
export interface TypeChange {
  change:
    | 'keyChanged'
    | 'labelsChanged'
    | 'titleFieldChanged'
    | 'statusFieldChanged'
    | 'staleAfterChanged'
    | 'fieldAdded'
    | 'fieldRemoved'
    | 'kindChanged'
    | 'referenceTypeChanged'
    | 'madeRequired'
    | 'madeOptional'
    | 'madeUnique'
    | 'madeNotUnique'
    | 'valuesAdded'
    | 'valuesRemoved'
    | 'valuesRestyled'
    | 'presentationChanged'
  effect: ChangeEffect
  /** the key of the field it concerns, if one */
  field?: string
  /** what happens to stored records, for staff */
  message: string
  affects?: AffectedRecords
}

const PRESENTATION = ['label', 'helpText', 'listColumn', 'filterable', 'sortable', 'searchable'] as const

const named = (field: FieldDefinition) => `"${field.label}" (${field.key})`
const optionsOf = (field: FieldDefinition) => field.choices ?? field.statuses ?? []
const fieldName = (type: RecordTypeDefinition, key: string) => {
  const field = type.fields.find((candidate) => candidate.key === key)
  return field ? named(field) : key
}

function typeLevelChanges(before: RecordTypeDefinition, after: RecordTypeDefinition): TypeChange[] {
  const changes: TypeChange[] = []
  const records = `${after.singularLabel} record`
  if (before.key !== after.key)
    changes.push({
      change: 'keyChanged',
      effect: 'needsConfirmation',
      message: `Integrations, and reference fields of other types, that name "${before.key}" must use "${after.key}" instead; stored records are kept`,
    })
  if (before.singularLabel !== after.singularLabel || before.pluralLabel !== after.pluralLabel)
    changes.push({
      change: 'labelsChanged',
      effect: 'immediate',
      message: `The type is now called ${after.pluralLabel}`,
    })
  if (before.titleField !== after.titleField)
    changes.push({
      change: 'titleFieldChanged',
      effect: 'immediate',
      message: `The title of every ${records} becomes its ${fieldName(after, after.titleField)}`,
      affects: { records: 'all' },
    })
  if (before.statusField !== after.statusField)
    changes.push({
      change: 'statusFieldChanged',
      effect: 'immediate',
      message: after.statusField
        ? `The status of every ${records} becomes its ${fieldName(after, after.statusField)}`
        : `${after.pluralLabel} no longer have a status`,
      affects: { records: 'all' },
    })
  if (before.staleAfterMinutes !== after.staleAfterMinutes)
    changes.push({
      change: 'staleAfterChanged',
      effect: 'immediate',
      message: after.staleAfterMinutes
        ? `${after.pluralLabel} not synced for ${after.staleAfterMinutes} minutes are shown as stale`
        : `${after.pluralLabel} are never shown as stale`,
    })
  return changes
}

function optionChanges(before: FieldDefinition, after: FieldDefinition, records: string): TypeChange[] {
  const changes: TypeChange[] = []
  const old = optionsOf(before)
  const now = optionsOf(after)
  const removed = old.filter((option) => !now.some((kept) => kept.value === option.value)).map((o) => o.value)
  const added = now.filter((option) => !old.some((known) => known.value === option.value)).map((o) => o.value)
  if (removed.length > 0)
    changes.push({
      change: 'valuesRemoved',
      effect: 'needsConfirmation',
      field: after.key,
      message: `${records} whose ${named(after)} is ${removed.join(' or ')} will be left without one`,
      affects: { records: 'withValueIn', field: after.key, values: removed },
    })
  if (added.length > 0)
    changes.push({
      change: 'valuesAdded',
      effect: 'immediate',
      field: after.key,
      message: `${named(after)} may now also be ${added.join(', ')}`,
    })
  const restyled = now.some((option) => {
    const known = old.find((candidate) => candidate.value === option.value)
    return known !== undefined && JSON.stringify(known) !== JSON.stringify(option)
  })
  if (restyled)
    changes.push({
      change: 'valuesRestyled',
      effect: 'immediate',
      field: after.key,
      message: `Labels, colours or categories of ${named(after)} change; stored values are kept`,
    })
  return changes
}

function fieldChanges(before: FieldDefinition, after: FieldDefinition, type: RecordTypeDefinition): TypeChange[] {
  const records = `${type.singularLabel} records`
  const field = after.key
  if (before.kind !== after.kind)
    return [
      {
        change: 'kindChanged',
        effect: 'needsConfirmation',
        field,
        message: `${named(after)} becomes ${KIND_TRAITS[after.kind].label}: values in ${records} that cannot become one will be removed`,
        affects: { records: 'withValue', field },
      },
    ]
  const changes: TypeChange[] = []
  if (before.referenceType !== after.referenceType)
    changes.push({
      change: 'referenceTypeChanged',
      effect: 'needsConfirmation',
      field,
      message: `${named(after)} will point to ${after.referenceType ?? '?'} records: its values in ${records}, which point to ${before.referenceType ?? '?'} records, will be removed`,
      affects: { records: 'withValue', field },
    })
  if (!before.required && after.required)
    changes.push({
      change: 'madeRequired',
      effect: 'needsConfirmation',
      field,
      message: `${records} without a value for ${named(after)} keep working, but each must be given one on its next update`,
      affects: { records: 'withoutValue', field },
    })
  if (before.required && !after.required)
    changes.push({
      change: 'madeOptional',
      effect: 'immediate',
      field,
      message: `${named(after)} may now be left empty`,
    })
  if (!before.unique && after.unique)
    changes.push({
      change: 'madeUnique',
      effect: 'needsConfirmation',
      field,
      message: `${named(after)} must differ between the ${records} of each client; records that already share a value keep it, but cannot be updated until it is changed`,
      affects: { records: 'sharingValue', field },
    })
  if (before.unique && !after.unique)
    changes.push({
      change: 'madeNotUnique',
      effect: 'immediate',
      field,
      message: `${named(after)} may now repeat between records`,
    })
  changes.push(...optionChanges(before, after, records))
  const presentation = PRESENTATION.filter((part) => before[part] !== after[part])
  if (presentation.length > 0)
    changes.push({
      change: 'presentationChanged',
      effect: 'immediate',
      field,
      message: `${named(after)}: ${presentation.join(', ')} changed; stored values are kept`,
    })
  return changes
}

/** Every change from `before` to `after`, each saying whether it needs confirmation and what it does. */
export function classifyTypeChange(before: RecordTypeDefinition, after: RecordTypeDefinition): TypeChange[] {
  const changes = typeLevelChanges(before, after)
  const records = `${after.singularLabel} record`
  for (const old of before.fields) {
    const now = after.fields.find((field) => field.key === old.key)
    if (now) changes.push(...fieldChanges(old, now, after))
    else
      changes.push({
        change: 'fieldRemoved',
        effect: 'needsConfirmation',
        field: old.key,
        message: `The field ${named(old)} will be removed from every ${records}`,
        affects: { records: 'withValue', field: old.key },
      })
  }
  for (const added of after.fields.filter((field) => !before.fields.some((old) => old.key === field.key))) {
    changes.push(
      added.required
        ? {
            change: 'fieldAdded',
            effect: 'needsConfirmation',
            field: added.key,
            message: `Every existing ${records} lacks the new required field ${named(added)}; each must be given one on its next update`,
            affects: { records: 'all' },
          }
        : {
            change: 'fieldAdded',
            effect: 'immediate',
            field: added.key,
            message: `The field ${named(added)} is added; existing records have no value for it`,
          },
    )
  }
  return changes
}

/** True when any of the changes waits for staff to confirm. */
export function needsConfirmation(changes: readonly TypeChange[]): boolean {
  return changes.some((change) => change.effect === 'needsConfirmation')
}

/** A stored value in the form another kind takes, where there is an obvious one. */
function converted(value: FieldValue, field: FieldDefinition): unknown {
  if ((field.kind === 'text' || field.kind === 'long_text') && typeof value === 'number') return String(value)
  if (typeof value !== 'string') return value
  if (field.kind === 'date_time' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00Z`
  if (field.kind === 'date' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10)
  return value
}

/**
 * A stored record's data after confirmed changes from `before` to `after`: removed fields are gone,
 * values that no longer fit their field are dropped (or converted when a kind change allows), and
 * references to another type are dropped. Missing required values stay missing: nothing is invented.
 */
export function adaptData(
  before: RecordTypeDefinition,
  after: RecordTypeDefinition,
  data: Readonly<Record<string, FieldValue>>,
): { data: Record<string, FieldValue>; dropped: string[] } {
  const kept: [string, FieldValue][] = []
  const dropped: string[] = []
  for (const key of Object.keys(data)) {
    const value = data[key] as FieldValue
    const field = after.fields.find((candidate) => candidate.key === key)
    const old = before.fields.find((candidate) => candidate.key === key)
    const checked = field && !isBlank(value) ? checkValue(field, converted(value, field)) : undefined
    if (field && checked?.ok && old?.referenceType === field.referenceType) kept.push([key, checked.value])
    else dropped.push(key)
  }
  return { data: Object.fromEntries(kept), dropped }
}
