import { recordRewrite } from '../../../src/records/recordRewrite'
import { columnsUsed, toSlotWhere, uniqueConditions } from '../../../src/records/slotQuery'
import { assignSlots, settledRecordsOnly, type SlotAssignment } from '../../../src/records/slots'
import { classifyTypeChange } from '../../../src/records/typeChanges'
import type { RecordTypeDefinition } from '../../../src/records/typeDefinition'
import { shipmentType, withField } from './fixtures'

const before = shipmentType()
const initial = assignSlots(undefined, before)
if (!initial.ok) throw new Error('fixture has no slot layout')

function rewriteFor(after: RecordTypeDefinition) {
  const slots = assignSlots(initial.ok ? initial.assignment : undefined, after)
  if (!slots.ok) throw new Error(JSON.stringify(slots.errors))
  return { rewrite: recordRewrite(before, after, classifyTypeChange(before, after), slots), slots }
}
const columnOf = (assignment: SlotAssignment, key: string) => assignment.fields.find((f) => f.field === key)?.column

describe('which edits rewrite stored records', () => {
  it('leaves records alone for labels, help texts and rules that only relax', () => {
    expect(rewriteFor({ ...before, pluralLabel: 'Consignments' }).rewrite).toBeUndefined()
    expect(rewriteFor(withField(before, 'reference', { helpText: 'Ours', unique: false })).rewrite).toBeUndefined()
    expect(rewriteFor(withField(before, 'weight', { listColumn: true })).rewrite).toBeUndefined()
  })

  it('recomputes columns, without adapting data, when a field gets a slot or the search text changes', () => {
    const carrier = { ...before.fields[1]!, key: 'carrier', label: 'Carrier', kind: 'text' as const, filterable: true }
    const added = rewriteFor({ ...before, fields: [...before.fields, carrier] })
    expect(added.rewrite).toEqual({ adaptsData: false, settlingColumns: [columnOf(added.slots.assignment, 'carrier')] })
    const searchable = rewriteFor(withField(before, 'tracking', { searchable: true }))
    expect(searchable.rewrite).toEqual({ adaptsData: false, settlingColumns: [] })
  })

  it('adapts data for every confirmed change, also one that only adds a rule', () => {
    expect(rewriteFor(withField(before, 'notes', { kind: 'text' })).rewrite?.adaptsData).toBe(true)
    expect(rewriteFor(withField(before, 'notes', { required: true })).rewrite).toEqual({
      adaptsData: true,
      settlingColumns: [],
    })
  })

  it('settles the columns that change meaning: moved slots, and fields losing values', () => {
    const stage = before.fields.find((field) => field.key === 'priority')!
    const after = withField(
      { ...before, fields: before.fields.filter((field) => field.key !== 'weight') },
      'priority',
      { choices: stage.choices!.filter((choice) => choice.value !== 'urgent') },
    )
    const { rewrite } = rewriteFor({ ...after, fields: [...after.fields, { ...before.fields[2]!, key: 'load' }] })
    expect(rewrite?.adaptsData).toBe(true)
    // weight's number slot now holds load; priority keeps its slot but loses "urgent".
    expect(new Set(rewrite?.settlingColumns)).toEqual(
      new Set([columnOf(initial.assignment, 'weight'), columnOf(initial.assignment, 'priority')]),
    )
  })
})

describe('queries while columns settle', () => {
  const settling: SlotAssignment = {
    ...initial.assignment,
    settling: { revision: 7, columns: [columnOf(initial.assignment, 'weight')!] },
  }

  it('reads only rewritten records when a filter or sort uses a settling column', () => {
    const byWeight = toSlotWhere(settling, { weight: { gte: 1 } })
    expect(settledRecordsOnly(settling, columnsUsed(byWeight))).toEqual({ typeRevision: { greater_than_equal: 7 } })
    const byPriority = toSlotWhere(settling, { priority: { equals: 'low' } })
    expect(settledRecordsOnly(settling, columnsUsed(byPriority))).toBeUndefined()
    expect(settledRecordsOnly(settling, columnsUsed(byPriority, ['-n1']))).toBeDefined()
    expect(settledRecordsOnly(initial.assignment, columnsUsed(byWeight))).toBeUndefined()
  })

  it('compares unique values with rewritten records only on a settling column', () => {
    const unique = withField(before, 'weight', { unique: true })
    const slots = assignSlots(initial.assignment, unique)
    if (!slots.ok) throw new Error('no layout')
    const moving = { ...slots.assignment, settling: { revision: 3, columns: [columnOf(slots.assignment, 'weight')!] } }
    expect(uniqueConditions(moving, { weight: 5 }).find((c) => c.field === 'weight')?.where).toEqual({
      and: [{ [columnOf(slots.assignment, 'weight')!]: { equals: 5 } }, { typeRevision: { greater_than_equal: 3 } }],
    })
    expect(uniqueConditions(slots.assignment, { weight: 5 }).find((c) => c.field === 'weight')?.where).toEqual({
      [columnOf(slots.assignment, 'weight')!]: { equals: 5 },
    })
  })
})
