import type { RecordType } from '../../src/payload-types'

/** A small record type whose status has an "at risk" category: what the notification suites and bench watch. */
export const SHIPMENT_TYPE = {
  key: 'shipment',
  singularLabel: 'Shipment',
  pluralLabel: 'Shipments',
  titleField: 'ref',
  statusField: 'state',
  fields: [
    { key: 'ref', label: 'Reference', kind: 'text', required: true },
    { key: 'eta', label: 'ETA', kind: 'date' },
    {
      key: 'state',
      label: 'State',
      kind: 'status',
      statuses: [
        { value: 'moving', label: 'Moving', colour: '#43a047', category: 'open' },
        { value: 'late', label: 'Late', colour: '#e53935', category: 'at_risk' },
      ],
    },
  ],
} satisfies Omit<RecordType, 'id' | 'createdAt' | 'updatedAt'>
