/**
 * How many stored records each type change touches, for the message staff read before they
 * confirm it. Counted over the records' data in memory: a change is confirmed only on types small
 * enough to rewrite while saving, and the json paths of Payload's `where` cannot count these
 * correctly on every database (NOTES-payload.md).
 */
import type { FieldValue, RecordId } from './fieldKinds'
import type { AffectedRecords } from './typeChanges'

/** A stored record as the count needs it. */
export interface StoredRecordData {
  tenant: RecordId
  data: Readonly<Record<string, FieldValue>> | null | undefined
}

const valueOf = (record: StoredRecordData, field: string) =>
  record.data && Object.hasOwn(record.data, field) ? record.data[field] : undefined

const keyOf = (value: FieldValue) => (typeof value === 'object' ? JSON.stringify(value) : String(value))

/** The number of `records` that `affects` describes. */
export function countAffected(affects: AffectedRecords, records: readonly StoredRecordData[]): number {
  switch (affects.records) {
    case 'all':
      return records.length
    case 'withValue':
      return records.filter((record) => valueOf(record, affects.field) !== undefined).length
    case 'withoutValue':
      return records.filter((record) => valueOf(record, affects.field) === undefined).length
    case 'withValueIn':
      return records.filter((record) => {
        const value = valueOf(record, affects.field)
        return value !== undefined && affects.values.includes(keyOf(value))
      }).length
    case 'sharingValue': {
      const holders = new Map<string, number>()
      const keys = records.map((record) => {
        const value = valueOf(record, affects.field)
        if (value === undefined) return undefined
        const key = `${String(record.tenant)}\u0000${keyOf(value)}`
        holders.set(key, (holders.get(key) ?? 0) + 1)
        return key
      })
      return keys.filter((key) => key !== undefined && (holders.get(key) ?? 0) > 1).length
    }
  }
}
