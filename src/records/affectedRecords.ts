/**
 * How many stored records each type change touches, for the message staff read before they
 * confirm it. Counted over the records' data one record at a time, so a type of any size is
 * counted in constant memory (apart from the values a uniqueness count must remember); the json
 * paths of Payload's `where` cannot count these correctly on every database (NOTES-payload.md).
 */
import type { FieldValue, RecordId } from './fieldKinds'
import type { AffectedRecords } from './typeChanges'

/** A stored record as the count needs it. */
export interface StoredRecordData {
  tenant: RecordId
  data: Readonly<Record<string, FieldValue>> | null | undefined
}

/** Counts the records `affects` describes among those it is shown. */
export interface AffectedCounter {
  add(record: StoredRecordData): void
  count(): number
}

const valueOf = (record: StoredRecordData, field: string) =>
  record.data && Object.hasOwn(record.data, field) ? record.data[field] : undefined

const keyOf = (value: FieldValue) => (typeof value === 'object' ? JSON.stringify(value) : String(value))

function counting(matches: (record: StoredRecordData) => boolean): AffectedCounter {
  let count = 0
  return {
    add: (record) => {
      if (matches(record)) count++
    },
    count: () => count,
  }
}

/** Records sharing their value of `field` with another record of the same tenant. */
function sharingValue(field: string): AffectedCounter {
  const holders = new Map<string, number>()
  return {
    add: (record) => {
      const value = valueOf(record, field)
      if (value === undefined) return
      const key = `${String(record.tenant)}\u0000${keyOf(value)}`
      holders.set(key, (holders.get(key) ?? 0) + 1)
    },
    count: () => [...holders.values()].reduce((sum, holders) => sum + (holders > 1 ? holders : 0), 0),
  }
}

/** A counter of the records that `affects` describes. */
export function affectedCounter(affects: AffectedRecords): AffectedCounter {
  switch (affects.records) {
    case 'all':
      return counting(() => true)
    case 'withValue':
      return counting((record) => valueOf(record, affects.field) !== undefined)
    case 'withoutValue':
      return counting((record) => valueOf(record, affects.field) === undefined)
    case 'withValueIn':
      return counting((record) => {
        const value = valueOf(record, affects.field)
        return value !== undefined && affects.values.includes(keyOf(value))
      })
    case 'sharingValue':
      return sharingValue(affects.field)
  }
}
