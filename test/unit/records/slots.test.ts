import { validatorFor } from '../../../src/records/dataValidator'
import { searchTextOf } from '../../../src/records/searchText'
import { assignSlots, slotValues, type SlotAssignment } from '../../../src/records/slots'
import type { FieldDefinition, RecordTypeDefinition } from '../../../src/records/typeDefinition'
import { shipmentType, validShipment, withField } from './fixtures'

function assigned(previous: SlotAssignment | undefined, type: RecordTypeDefinition) {
  const result = assignSlots(previous, type)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result
}
const columnsOf = (assignment: SlotAssignment) =>
  Object.fromEntries(assignment.fields.map((field) => [field.field, field.column]))

const textField = (key: string, flags: Partial<FieldDefinition> = { filterable: true }): FieldDefinition => ({
  key,
  label: key,
  kind: 'text',
  required: false,
  unique: false,
  listColumn: false,
  filterable: false,
  sortable: false,
  searchable: false,
  ...flags,
})

describe('slot columns', () => {
  describe('assignment', () => {
    it('gives title and status their own columns and each filterable, sortable or unique field a slot of its kind', () => {
      const { assignment, changedColumns } = assigned(undefined, shipmentType())
      expect(columnsOf(assignment)).toEqual({
        reference: 'title',
        stage: 'status',
        weight: 'n1',
        value: 'n2',
        shipped_on: 'd1',
        eta: 'd2',
        fragile: 'n3',
        priority: 's1',
        order: 's2',
        tracking: 's3',
      })
      expect(changedColumns).toEqual(['title', 'status', 's1', 's2', 's3', 'n1', 'n2', 'n3', 'd1', 'd2'])
    })

    it('keeps every slot when unrelated fields are added, removed or reordered, so stored rows need no rewrite', () => {
      const first = assigned(undefined, shipmentType()).assignment
      const type = shipmentType()
      const edited: RecordTypeDefinition = {
        ...type,
        fields: [textField('carrier'), ...type.fields.filter((field) => field.key !== 'priority').reverse()],
      }
      const second = assigned(first, edited)
      const columns = columnsOf(second.assignment)
      expect(columns).toMatchObject({ order: 's2', tracking: 's3', weight: 'n1', eta: 'd2', fragile: 'n3' })
      // the new field takes the slot the removed one freed
      expect(columns.carrier).toBe('s1')
      expect(second.changedColumns).toEqual(['s1'])
    })

    it('asks for no rewrite when only labels or filter flags of kept fields change', () => {
      const first = assigned(undefined, shipmentType()).assignment
      const relabelled = withField(withField(shipmentType(), 'weight', { label: 'Mass', filterable: false }), 'eta', {
        filterable: false,
      })
      const second = assigned(first, relabelled)
      expect(second.changedColumns).toEqual([])
      expect(second.assignment.fields.find((field) => field.field === 'weight')).toMatchObject({
        column: 'n1',
        filterable: false,
        sortable: true,
      })
    })

    it('moves a field whose kind changes family, and rewrites a slot whose kind changes within it', () => {
      const first = assigned(undefined, shipmentType()).assignment
      const toText = assigned(first, withField(shipmentType(), 'weight', { kind: 'text' }))
      expect(columnsOf(toText.assignment).weight).toBe('s4')
      expect(toText.changedColumns).toEqual(['s4', 'n1'])
      const toDate = assigned(first, withField(shipmentType(), 'eta', { kind: 'date' }))
      expect(columnsOf(toDate.assignment).eta).toBe('d2')
      expect(toDate.changedColumns).toEqual(['d2'])
    })

    it('releases the slot of a field that is no longer filterable, sortable or unique', () => {
      const first = assigned(undefined, shipmentType()).assignment
      const second = assigned(first, withField(shipmentType(), 'tracking', { filterable: false }))
      expect(columnsOf(second.assignment)).not.toHaveProperty('tracking')
      expect(second.changedColumns).toEqual(['s3'])
    })

    it('moves the old title field to a slot when another becomes the title', () => {
      const type = { ...shipmentType(), fields: [...shipmentType().fields, textField('name', { required: true })] }
      const first = assigned(undefined, type).assignment
      const second = assigned(first, { ...type, titleField: 'name' })
      expect(columnsOf(second.assignment)).toMatchObject({ name: 'title', reference: 's4' })
      expect(second.changedColumns).toEqual(['title', 's4'])
    })

    it('refuses a kind that runs out of slots, naming each field too many', () => {
      const type = shipmentType()
      const extra = ['a', 'b', 'c', 'd'].map((key) => textField(key))
      const result = assignSlots(undefined, { ...type, fields: [...type.fields, ...extra] })
      expect(result).toEqual({
        ok: false,
        errors: [
          {
            path: `fields.${type.fields.length + 3}.filterable`,
            message:
              'at most 6 filterable, sortable or unique text-like fields (text, link, choice, status, reference) per type; "d" would be the 7th',
          },
        ],
      })
    })

    it('refuses a fifth date field at the flag that needs it', () => {
      const type = shipmentType()
      const dates: FieldDefinition[] = ['a', 'b', 'c'].map((key) => ({
        ...textField(key),
        kind: 'date',
        sortable: true,
      }))
      const result = assignSlots(undefined, { ...type, fields: [...type.fields, ...dates] })
      expect(result.ok).toBe(false)
      expect(!result.ok && result.errors.map((error) => error.path)).toEqual([
        `fields.${type.fields.length + 2}.filterable`,
      ])
    })
  })

  describe('values', () => {
    it('copies every assigned field from the normalised data and nulls every other column', () => {
      const { assignment } = assigned(undefined, shipmentType())
      const result = validatorFor({ ...shipmentType(), id: 'slots' }, 1).validate(validShipment)
      if (!result.ok) throw new Error(JSON.stringify(result.errors))
      expect(slotValues(assignment, result.data)).toEqual({
        title: 'SHP-1042',
        status: 'delayed',
        s1: 'urgent',
        s2: '17',
        s3: 'https://track.example.com/shp-1042?lang=en',
        s4: null,
        s5: null,
        s6: null,
        n1: 12.5,
        n2: 125_000,
        n3: 0,
        n4: null,
        d1: '2024-02-29T00:00:00.000Z',
        d2: '2025-03-31T07:30:00.000Z',
        d3: null,
        d4: null,
      })
    })

    it('leaves a column empty when the record has no value for its field', () => {
      const { assignment } = assigned(undefined, shipmentType())
      expect(slotValues(assignment, { reference: 'A', fragile: true })).toMatchObject({ title: 'A', n3: 1, n1: null })
    })
  })

  describe('search text', () => {
    it("joins the searchable fields' values, choices by their label", () => {
      const type = shipmentType()
      const data = { reference: 'SHP-1', notes: 'Fragile glass', priority: 'urgent', weight: 3 }
      expect(searchTextOf(type, data)).toBe('SHP-1\nFragile glass\nUrgent')
      expect(searchTextOf(withField(type, 'weight', { searchable: true }), data)).toBe(
        'SHP-1\nFragile glass\n3\nUrgent',
      )
      expect(searchTextOf(type, {})).toBe('')
    })
  })
})
