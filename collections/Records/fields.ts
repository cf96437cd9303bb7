/**
 * The fields of a record: its type and data (the source of truth), where it came from, and the
 * columns copied from its data on every write: title, status, the slots that filters and sorts
 * use, and the search text. The copies are never written by callers.
 */
import type { Field } from 'payload'
import { fieldReadAccess } from '../../src/access/collectionAccess'
import { SEARCH_TEXT_FIELD } from '../../src/records/searchQuery'
import { SLOT_COLUMNS, TYPE_REVISION_COLUMN, type SlotColumn } from '../../src/records/slots'
import { Slugs } from '../slugs'

/** The admin's record components, as Payload's import map names them (from src/, its base directory). */
export const ADMIN_COMPONENTS = '../collections/Records/admin'

const derived = { readOnly: true, position: 'sidebar' } as const

/**
 * Slot columns: queried through /api/records/query, never shown (omitSlotColumns). Not `hidden`:
 * Payload refuses a query on a hidden field for anyone but the system.
 */
const slot = (name: SlotColumn, type: 'text' | 'number' | 'date'): Field =>
  ({ name, type, admin: { hidden: true } }) as Field

/** The fields of the Records collection (tenantOwned adds the tenant). */
export const recordFields: Field[] = [
  {
    name: 'type',
    type: 'relationship',
    relationTo: Slugs.recordTypes,
    required: true,
    index: true,
    admin: { position: 'sidebar', description: 'Fixed once the record is created.' },
  },
  { name: 'title', type: 'text', admin: { readOnly: true } },
  { name: 'status', type: 'text', admin: derived },
  {
    // What the status means (open, at risk, done, cancelled), so overdue lists need not know each type.
    name: 'statusCategory',
    type: 'text',
    admin: derived,
  },
  {
    name: 'data',
    type: 'json',
    admin: {
      description: "The record's field values, checked against its type.",
      // A form generated from the record's type instead of a JSON editor.
      components: { Field: `${ADMIN_COMPONENTS}/RecordDataField#RecordDataField` },
    },
  },
  {
    // Who wrote the record: `manual` in the admin UI, an integration's name for synced records.
    name: 'source',
    type: 'text',
    required: true,
    defaultValue: 'manual',
    maxLength: 64,
    admin: { position: 'sidebar' },
  },
  {
    // The record's id in the source system, unique per tenant, type and source: syncs upsert by it.
    name: 'externalId',
    type: 'text',
    maxLength: 128,
    admin: { position: 'sidebar' },
  },
  { name: 'syncedAt', type: 'date', admin: { position: 'sidebar', date: { pickerAppearance: 'dayAndTime' } } },
  {
    // What search finds a record by (src/records/searchQuery.ts), queried through /api/records/query
    // only and never shown (omitSlotColumns), like the slots. A copy of the data, so queried only by
    // those who may read the data.
    name: SEARCH_TEXT_FIELD,
    type: 'text',
    access: { read: fieldReadAccess(Slugs.records, 'data') },
    admin: { hidden: true },
  },
  {
    // Which revision of its type the data and copies were written for: migrations rewrite older ones.
    name: TYPE_REVISION_COLUMN,
    type: 'number',
    admin: { ...derived, description: 'The revision of its type this record was last written for.' },
  },
  ...SLOT_COLUMNS.text.map((name) => slot(name, 'text')),
  ...SLOT_COLUMNS.number.map((name) => slot(name, 'number')),
  ...SLOT_COLUMNS.date.map((name) => slot(name, 'date')),
]
