import { parseRecordType, type RecordTypeDefinition } from '../../../src/records/typeDefinition'

/** A shipment type as staff would save it from the admin UI (unset inputs are null, rows carry ids). */
export const shipmentInput = {
  key: 'shipment',
  singularLabel: 'Shipment',
  pluralLabel: 'Shipments',
  titleField: 'reference',
  statusField: 'stage',
  staleAfterMinutes: 60,
  fields: [
    { id: 'a1', key: 'reference', label: 'Reference', kind: 'text', required: true, unique: true, searchable: true },
    { key: 'notes', label: 'Notes', kind: 'long_text', searchable: true, helpText: null },
    { key: 'weight', label: 'Weight (kg)', kind: 'number', filterable: true, sortable: true },
    { key: 'value', label: 'Declared value', kind: 'money', sortable: true },
    { key: 'shipped_on', label: 'Shipped on', kind: 'date', filterable: true },
    { key: 'eta', label: 'ETA', kind: 'date_time', filterable: true, sortable: true },
    { key: 'fragile', label: 'Fragile', kind: 'boolean', filterable: true },
    {
      key: 'priority',
      label: 'Priority',
      kind: 'choice',
      filterable: true,
      searchable: true,
      choices: [
        { value: 'low', label: 'Low' },
        { value: 'normal', label: 'Normal' },
        { value: 'urgent', label: 'Urgent' },
      ],
    },
    {
      key: 'stage',
      label: 'Stage',
      kind: 'status',
      filterable: true,
      sortable: true,
      statuses: [
        { value: 'booked', label: 'Booked', colour: '#1E88E5', category: 'open' },
        { value: 'delayed', label: 'Delayed', colour: '#f4511e', category: 'at_risk' },
        { value: 'delivered', label: 'Delivered', colour: '#43a047', category: 'done' },
      ],
    },
    { key: 'order', label: 'Order', kind: 'reference', referenceType: 'order', filterable: true },
    { key: 'tracking', label: 'Tracking page', kind: 'link', filterable: true },
  ],
}

/** The shipment type, parsed; fails the test run if the fixture itself is refused. */
export function shipmentType(overrides: Partial<typeof shipmentInput> = {}): RecordTypeDefinition {
  const parsed = parseRecordType({ ...shipmentInput, ...overrides })
  if (!parsed.ok) throw new Error(`fixture refused: ${JSON.stringify(parsed.errors)}`)
  return parsed.type
}

/** A copy of `type` with one field changed. */
export function withField(
  type: RecordTypeDefinition,
  key: string,
  change: Partial<RecordTypeDefinition['fields'][number]>,
): RecordTypeDefinition {
  return { ...type, fields: type.fields.map((field) => (field.key === key ? { ...field, ...change } : field)) }
}

/** A valid shipment's data, as an integrator sends it. */
export const validShipment = {
  reference: '  SHP-1042 ',
  notes: 'Leave at the back door',
  weight: 12.5,
  value: { amount: 125_000, currency: 'EUR' },
  shipped_on: '2024-02-29',
  eta: '2025-03-31T09:30:00+02:00',
  fragile: false,
  priority: 'urgent',
  stage: 'delayed',
  order: 17,
  tracking: 'https://Track.example.com/shp-1042?lang=en',
}
