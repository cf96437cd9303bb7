/**
 * Shipments for benches: a repeatable generator of shipment data (the demo's shipments type), and
 * a bulk insert of records with multi-row INSERTs whose columns come from the same validator and
 * recordColumns() the records' hook uses, without any access or unique check (for the size only).
 */
import { performance } from 'node:perf_hooks'
import type pg from 'pg'
import { readRecordType, type RecordTypeDocument } from '../collections/RecordTypes/storedRecordType'
import { validatorFor } from '../src/records/dataValidator'
import { recordColumns } from '../src/records/recordColumns'
import { RECORD_COLUMNS } from '../src/records/slots'
import { CARRIERS } from '../seed/demoRecordTypes'

const STATUSES = ['booked', 'in_transit', 'in_transit', 'delayed', 'delivered', 'delivered', 'delivered', 'cancelled']
const CITIES = ['Rotterdam', 'Hamburg', 'Antwerp', 'Duisburg', 'Lyon', 'Milan', 'Warsaw', 'Prague', 'Vienna', 'Gdańsk']
const CARRIER_KEYS = Object.keys(CARRIERS)

let state = 42
/** A repeatable pseudo-random number in [0, 1): the same data on every run. */
export const random = (): number => {
  state = (state * 1103515245 + 12345) % 2147483648
  return state / 2147483648
}
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!

/** The data of shipment `i` (a demo shipments record), ETAs within two months either side of now. */
export function shipment(i: number) {
  return {
    reference: `SHP-${1_000_000 + i}`,
    status: pick(STATUSES),
    eta: new Date(Date.now() + Math.round((random() - 0.5) * 120 * 864e5)).toISOString(),
    carrier: pick(CARRIER_KEYS),
    origin: pick(CITIES),
    destination: pick(CITIES),
    pallets: 1 + Math.floor(random() * 33),
  }
}

/** One record to insert. */
export interface BulkRecord {
  tenant: number
  data: Record<string, unknown>
  externalId: string
}

const COLUMNS = ['type_id', 'tenant_id', 'data', 'source', 'external_id', 'status_category', 'search_text']

/**
 * Records `from`…`to` (exclusive) of type `typeDoc`, each as `recordAt(i)` makes it, with multi-row
 * INSERTs, 1,000 a statement, 10,000 a transaction, then ANALYZE; returns records/s.
 */
export async function insertRecordsInBulk(
  client: pg.Client,
  typeDoc: RecordTypeDocument,
  from: number,
  to: number,
  recordAt: (i: number) => BulkRecord,
): Promise<number> {
  const loaded = readRecordType(typeDoc)!
  const validator = validatorFor(loaded.type, loaded.version)
  const names = [...COLUMNS, ...RECORD_COLUMNS]
  const started = performance.now()
  for (let start = from; start < to; start += 10_000) {
    await client.query('BEGIN')
    for (let chunk = start; chunk < Math.min(to, start + 10_000); chunk += 1000) {
      const values: unknown[] = []
      const rows: string[] = []
      for (let i = chunk; i < Math.min(to, chunk + 1000); i++) {
        const record = recordAt(i)
        const checked = validator.validate(record.data)
        if (!checked.ok) throw new Error(`generated record ${i} is invalid`)
        const derived = recordColumns(loaded.type, loaded.assignment, checked.data)
        const row = [
          loaded.id,
          record.tenant,
          JSON.stringify(checked.data),
          'bench',
          record.externalId,
          derived.statusCategory,
          derived.searchText,
          ...RECORD_COLUMNS.map((column) => derived[column]),
        ]
        rows.push(`(${row.map((_, k) => `$${values.length + k + 1}`).join(',')})`)
        values.push(...row)
      }
      await client.query(`INSERT INTO records (${names.join(',')}) VALUES ${rows.join(',')}`, values)
    }
    await client.query('COMMIT')
  }
  await client.query('ANALYZE records')
  return (to - from) / ((performance.now() - started) / 1000)
}
