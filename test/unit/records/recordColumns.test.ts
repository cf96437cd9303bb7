import { affectedCounter, type StoredRecordData } from '../../../src/records/affectedRecords'
import type { AffectedRecords } from '../../../src/records/typeChanges'
import { derivedColumnsChange, recordColumns } from '../../../src/records/recordColumns'
import { assignSlots } from '../../../src/records/slots'
import { shipmentType, withField } from './fixtures'

const type = shipmentType()
const assigned = assignSlots(undefined, type)
if (!assigned.ok) throw new Error('fixture has no slot layout')

describe('recordColumns', () => {
  it('fills title, status, its category, the slots and the search text from normalised data', () => {
    const columns = recordColumns(type, assigned.assignment, {
      reference: 'SHP-1',
      stage: 'delayed',
      priority: 'urgent',
      notes: 'back door',
    })
    expect(columns).toMatchObject({ title: 'SHP-1', status: 'delayed', statusCategory: 'at_risk' })
    expect(columns.searchText.split('\n')).toEqual(['SHP-1', 'back door', 'Urgent'])
  })

  it('leaves the category empty without a status', () => {
    expect(recordColumns(type, assigned.assignment, { reference: 'SHP-2' }).statusCategory).toBeNull()
  })
})

describe('derivedColumnsChange', () => {
  it('notices a status category or a searchable flag changing, not a help text', () => {
    const stage = type.fields.find((field) => field.key === 'stage')!
    const recategorised = withField(type, 'stage', {
      statuses: stage.statuses!.map((status) => ({ ...status, category: 'done' as const })),
    })
    expect(derivedColumnsChange(type, recategorised)).toBe(true)
    expect(derivedColumnsChange(type, withField(type, 'notes', { searchable: false }))).toBe(true)
    expect(derivedColumnsChange(type, withField(type, 'notes', { helpText: 'Where to leave it' }))).toBe(false)
  })
})

describe('affectedCounter', () => {
  const countAffected = (affects: AffectedRecords, records: StoredRecordData[]) => {
    const counter = affectedCounter(affects)
    for (const record of records) counter.add(record)
    return counter.count()
  }
  const records: StoredRecordData[] = [
    { tenant: 1, data: { priority: 'urgent', reference: 'A' } },
    { tenant: 1, data: { priority: 'low', reference: 'A' } },
    { tenant: 2, data: { reference: 'A' } },
    { tenant: 2, data: null },
  ]

  it('counts all records, those with or without a value, and those holding removed values', () => {
    expect(countAffected({ records: 'all' }, records)).toBe(4)
    expect(countAffected({ records: 'withValue', field: 'priority' }, records)).toBe(2)
    expect(countAffected({ records: 'withoutValue', field: 'priority' }, records)).toBe(2)
    expect(countAffected({ records: 'withValueIn', field: 'priority', values: ['urgent'] }, records)).toBe(1)
  })

  it('counts records sharing a value with another record of the same tenant only', () => {
    expect(countAffected({ records: 'sharingValue', field: 'reference' }, records)).toBe(2)
  })
})
