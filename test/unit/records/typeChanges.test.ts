import { adaptData, classifyTypeChange, needsConfirmation, type TypeChange } from '../../../src/records/typeChanges'
import type { FieldDefinition, RecordTypeDefinition } from '../../../src/records/typeDefinition'
import { shipmentType, withField } from './fixtures'

const before = shipmentType()
const summary = (changes: TypeChange[]) => changes.map(({ change, effect, field }) => ({ change, effect, field }))
const without = (type: RecordTypeDefinition, key: string) => ({
  ...type,
  fields: type.fields.filter((field) => field.key !== key),
})
const field = (key: string, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  key,
  label: 'Carrier',
  kind: 'text',
  required: false,
  unique: false,
  listColumn: false,
  filterable: false,
  sortable: false,
  searchable: false,
  ...extra,
})

describe('record type changes', () => {
  it('finds nothing between a type and itself', () => {
    expect(classifyTypeChange(before, shipmentType())).toEqual([])
  })

  describe('applied at once', () => {
    it('adds an optional field', () => {
      const changes = classifyTypeChange(before, { ...before, fields: [...before.fields, field('carrier')] })
      expect(changes).toEqual([
        {
          change: 'fieldAdded',
          effect: 'immediate',
          field: 'carrier',
          message: 'The field "Carrier" (carrier) is added; existing records have no value for it',
        },
      ])
      expect(needsConfirmation(changes)).toBe(false)
    })

    it('relaxes rules and adds values', () => {
      const relaxed = withField(withField(before, 'reference', { unique: false }), 'priority', {
        choices: [...(before.fields[7]!.choices ?? []), { value: 'critical', label: 'Critical' }],
      })
      const optional = withField(relaxed, 'order', { required: false })
      const changes = classifyTypeChange(withField(before, 'order', { required: true }), optional)
      expect(summary(changes)).toEqual([
        { change: 'madeNotUnique', effect: 'immediate', field: 'reference' },
        { change: 'valuesAdded', effect: 'immediate', field: 'priority' },
        { change: 'madeOptional', effect: 'immediate', field: 'order' },
      ])
      expect(changes[1]!.message).toBe('"Priority" (priority) may now also be critical')
    })

    it('changes labels, help, flags, colours and type settings', () => {
      const stage = before.fields[8]!
      const after: RecordTypeDefinition = {
        ...withField(
          withField(before, 'eta', { label: 'Arrival', helpText: 'local time', listColumn: true }),
          'stage',
          {
            statuses: stage.statuses!.map((status) => ({ ...status, colour: '#000000' })),
          },
        ),
        pluralLabel: 'Consignments',
        staleAfterMinutes: 120,
      }
      const changes = classifyTypeChange(before, after)
      expect(summary(changes)).toEqual([
        { change: 'labelsChanged', effect: 'immediate', field: undefined },
        { change: 'staleAfterChanged', effect: 'immediate', field: undefined },
        { change: 'presentationChanged', effect: 'immediate', field: 'eta' },
        { change: 'valuesRestyled', effect: 'immediate', field: 'stage' },
      ])
      expect(changes[2]!.message).toBe('"Arrival" (eta): label, helpText, listColumn changed; stored values are kept')
    })
  })

  describe('waiting for confirmation, saying what happens to stored records', () => {
    it('removes a field from every record', () => {
      const [change] = classifyTypeChange(before, without(before, 'eta'))
      expect(change).toEqual({
        change: 'fieldRemoved',
        effect: 'needsConfirmation',
        field: 'eta',
        message: 'The field "ETA" (eta) will be removed from every Shipment record',
        affects: { records: 'withValue', field: 'eta' },
      })
    })

    it('sees a rename as a removal and an addition', () => {
      const renamed = { ...before, fields: before.fields.map((f) => (f.key === 'eta' ? { ...f, key: 'arrival' } : f)) }
      expect(summary(classifyTypeChange(before, renamed))).toEqual([
        { change: 'fieldRemoved', effect: 'needsConfirmation', field: 'eta' },
        { change: 'fieldAdded', effect: 'immediate', field: 'arrival' },
      ])
    })

    it('changes a kind', () => {
      const [change] = classifyTypeChange(before, withField(before, 'weight', { kind: 'text' }))
      expect(change).toMatchObject({ change: 'kindChanged', effect: 'needsConfirmation', field: 'weight' })
      expect(change!.message).toBe(
        '"Weight (kg)" (weight) becomes text: values in Shipment records that cannot become one will be removed',
      )
    })

    it('makes a field required, or adds one that is', () => {
      const [required] = classifyTypeChange(before, withField(before, 'eta', { required: true }))
      expect(required).toMatchObject({
        change: 'madeRequired',
        effect: 'needsConfirmation',
        affects: { records: 'withoutValue', field: 'eta' },
      })
      const [added] = classifyTypeChange(before, {
        ...before,
        fields: [...before.fields, field('c', { required: true })],
      })
      expect(added).toMatchObject({ change: 'fieldAdded', effect: 'needsConfirmation', affects: { records: 'all' } })
    })

    it('makes a field unique', () => {
      const [change] = classifyTypeChange(before, withField(before, 'order', { unique: true }))
      expect(change).toMatchObject({
        change: 'madeUnique',
        effect: 'needsConfirmation',
        affects: { records: 'sharingValue', field: 'order' },
      })
    })

    it('removes choice or status values, listing them', () => {
      const stage = before.fields[8]!
      const after = withField(before, 'stage', { statuses: stage.statuses!.filter((s) => s.value === 'booked') })
      const [change] = classifyTypeChange(before, after)
      expect(change).toEqual({
        change: 'valuesRemoved',
        effect: 'needsConfirmation',
        field: 'stage',
        message: 'Shipment records whose "Stage" (stage) is delayed or delivered will be left without one',
        affects: { records: 'withValueIn', field: 'stage', values: ['delayed', 'delivered'] },
      })
    })

    it('points a reference to another type, or changes the type key', () => {
      const changes = classifyTypeChange(before, {
        ...withField(before, 'order', { referenceType: 'po' }),
        key: 'parcel',
      })
      expect(summary(changes)).toEqual([
        { change: 'keyChanged', effect: 'needsConfirmation', field: undefined },
        { change: 'referenceTypeChanged', effect: 'needsConfirmation', field: 'order' },
      ])
      expect(needsConfirmation(changes)).toBe(true)
    })
  })

  it('names the new title and status fields, which every record is shown by', () => {
    const type = { ...before, fields: [...before.fields, { ...field('name'), label: 'Name', required: true }] }
    const changes = classifyTypeChange(type, { ...type, titleField: 'name', statusField: undefined })
    expect(changes.map((change) => [change.change, change.effect, change.message])).toEqual([
      ['titleFieldChanged', 'immediate', 'The title of every Shipment record becomes its "Name" (name)'],
      ['statusFieldChanged', 'immediate', 'Shipments no longer have a status'],
    ])
  })

  describe('adapting stored data once confirmed', () => {
    it('drops removed fields, values that no longer fit and references to another type', () => {
      const stage = before.fields[8]!
      let after = without(before, 'notes')
      after = withField(after, 'stage', { statuses: stage.statuses!.filter((s) => s.value !== 'delayed') })
      after = withField(after, 'order', { referenceType: 'po' })
      after = withField(after, 'fragile', { kind: 'text' })
      const data = { reference: 'A', notes: 'n', stage: 'delayed', order: 3, fragile: true, weight: 2 }
      expect(adaptData(before, after, data)).toEqual({
        data: { reference: 'A', weight: 2 },
        dropped: ['notes', 'stage', 'order', 'fragile'],
      })
      expect(data).toHaveProperty('notes', 'n')
    })

    it('converts values where the new kind has an obvious form', () => {
      const after = withField(
        withField(withField(before, 'weight', { kind: 'text' }), 'shipped_on', { kind: 'date_time' }),
        'eta',
        {
          kind: 'date',
        },
      )
      const data = { weight: 2.5, shipped_on: '2025-03-01', eta: '2025-03-31T07:30:00.000Z' }
      expect(adaptData(before, after, data)).toEqual({
        data: { weight: '2.5', shipped_on: '2025-03-01T00:00:00.000Z', eta: '2025-03-31' },
        dropped: [],
      })
    })

    // A migration batch that is run again (after a crash) must not change what the first run made.
    it('changes nothing the second time it is applied', () => {
      const stage = before.fields[8]!
      const edits: RecordTypeDefinition[] = [
        without(before, 'notes'),
        withField(before, 'stage', { statuses: stage.statuses!.filter((s) => s.value !== 'delayed') }),
        withField(before, 'order', { referenceType: 'po' }),
        withField(before, 'fragile', { kind: 'text' }),
        withField(withField(before, 'weight', { kind: 'text' }), 'eta', { kind: 'date' }),
        withField(before, 'shipped_on', { kind: 'date_time' }),
        withField(before, 'reference', { required: true, unique: true }),
      ]
      const data = {
        reference: 'A',
        notes: 'n',
        stage: 'delayed',
        order: 3,
        fragile: true,
        weight: 2.5,
        eta: '2025-03-31T07:30:00.000Z',
        shipped_on: '2025-03-01',
        value: { amount: 1200, currency: 'EUR' },
      }
      for (const after of edits) {
        const once = adaptData(before, after, data).data
        expect(adaptData(before, after, once)).toEqual({ data: once, dropped: [] })
      }
    })
  })
})
