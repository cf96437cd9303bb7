'use client'
/** The select that switches the records list between all records and one type's records. */
import React from 'react'
import type { RecordTypeOption } from './adminApi'

/** Props of {@link RecordTypePicker}. */
export interface RecordTypePickerProps {
  types: RecordTypeOption[]
  /** the key of the type shown, or undefined for all records */
  value: string | undefined
  onChange: (key: string | undefined) => void
}

/** "Record type: [All records | Shipments | …]". */
export function RecordTypePicker({ types, value, onChange }: RecordTypePickerProps) {
  return (
    <div className="record-type-picker">
      <label htmlFor="record-type-picker">Record type</label>
      <select
        id="record-type-picker"
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      >
        <option value="">All records</option>
        {types.map((type) => (
          <option key={type.key} value={type.key}>
            {type.pluralLabel}
          </option>
        ))}
      </select>
    </div>
  )
}
