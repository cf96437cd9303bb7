import type { Payload } from 'payload'
import type { RecordId } from '../../src/records/fieldKinds'

/**
 * `id` as the database stores document ids, or undefined when it cannot be one: SQL ids are
 * positive integers, and comparing an id column with other text fails in the database (a 500).
 */
export function storableId(payload: Payload, id: unknown): RecordId | undefined {
  if (typeof id !== 'number' && typeof id !== 'string') return undefined
  if (payload.db.defaultIDType !== 'number') return typeof id === 'string' && id !== '' ? id : undefined
  const number = typeof id === 'number' ? id : /^\d{1,15}$/.test(id) ? Number(id) : NaN
  return Number.isSafeInteger(number) && number > 0 ? number : undefined
}
