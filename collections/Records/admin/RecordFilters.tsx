'use client'
/** The filter inputs of the list of one type's records: one per filterable field, fitting its kind. */
import { Button } from '@payloadcms/ui'
import React from 'react'
import type { FilterOperator, RecordId } from '../../../src/records/fieldKinds'
import type { FieldDefinition } from '../../../src/records/typeDefinition'
import { ReferencePicker } from './ReferencePicker'
import type { FilterDraft } from './recordListQuery'
import { filterInputsOf } from './recordListQuery'

const OPERATOR_LABEL: Partial<Record<FilterOperator, string>> = {
  contains: 'contains',
  gte: 'from',
  lte: 'to',
}

/** Props of {@link RecordFilters}. */
export interface RecordFiltersProps {
  fields: FieldDefinition[]
  draft: FilterDraft
  onDraftChange: (draft: FilterDraft) => void
  onApply: () => void
  onClear: () => void
  /** the client account the list is narrowed to, if any: reference filters offer its records */
  tenant: RecordId | undefined
}

/** One filter input of `field` for `operator`. */
function FilterInput(props: {
  field: FieldDefinition
  operator: FilterOperator
  value: string
  onChange: (value: string) => void
  tenant: RecordId | undefined
}) {
  const { field, operator, value, onChange, tenant } = props
  const id = `record-filter-${field.key}-${operator}`
  const words = OPERATOR_LABEL[operator]
  const unit = field.kind === 'money' ? ' (minor units, 1250 = 12.50)' : ''
  const label = (
    <label htmlFor={id}>
      {field.label}
      {words ? ` ${words}` : ''}
      {unit}
    </label>
  )
  const change = (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange(event.target.value)
  let control: React.ReactNode
  switch (field.kind) {
    case 'choice':
    case 'status':
      control = (
        <select id={id} value={value} onChange={change}>
          <option value="">Any</option>
          {(field.kind === 'choice' ? field.choices : field.statuses)?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )
      break
    case 'boolean':
      control = (
        <select id={id} value={value} onChange={change}>
          <option value="">Any</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      )
      break
    case 'reference':
      control = (
        <ReferencePicker
          id={id}
          referenceType={field.referenceType ?? ''}
          tenant={tenant}
          anyTenant={tenant === undefined}
          value={value === '' ? undefined : value}
          onChange={(picked) => onChange(picked === undefined ? '' : String(picked))}
        />
      )
      break
    case 'date':
    case 'date_time':
      control = <input id={id} type="date" value={value} onChange={change} />
      break
    case 'number':
    case 'money':
      control = <input id={id} type="number" step="any" value={value} onChange={change} />
      break
    default:
      control = <input id={id} type="search" value={value} onChange={change} />
  }
  return (
    <div className={`record-filters__filter record-filters__filter--${field.kind}`}>
      {label}
      {control}
    </div>
  )
}

/** A form of filter inputs; Apply asks the server, Clear empties them and asks again. */
export function RecordFilters({ fields, draft, onDraftChange, onApply, onClear, tenant }: RecordFiltersProps) {
  if (fields.length === 0) return null
  const set = (key: string, operator: FilterOperator, value: string) =>
    onDraftChange({ ...draft, [key]: { ...draft[key], [operator]: value } })
  return (
    <form
      className="record-filters"
      aria-label="Filters"
      onSubmit={(event) => {
        event.preventDefault()
        onApply()
      }}
    >
      <div className="record-filters__inputs">
        {fields.flatMap((field) =>
          filterInputsOf(field.kind).map((operator) => (
            <FilterInput
              key={`${field.key}-${operator}`}
              field={field}
              operator={operator}
              value={draft[field.key]?.[operator] ?? ''}
              onChange={(value) => set(field.key, operator, value)}
              tenant={tenant}
            />
          )),
        )}
      </div>
      <div className="record-filters__actions">
        <Button buttonStyle="primary" size="small" margin={false} type="submit">
          Apply filters
        </Button>
        <Button buttonStyle="secondary" size="small" margin={false} onClick={onClear}>
          Clear
        </Button>
      </div>
    </form>
  )
}
