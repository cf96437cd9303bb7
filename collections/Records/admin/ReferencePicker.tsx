'use client'
/**
 * Picks a record of the referenced type in the same client account: a search box over titles and
 * a list of the matches. Only that tenant's records are offered, as the server only accepts those.
 */
import React, { useEffect, useState } from 'react'
import { Slugs } from '../../slugs'
import { TENANT_FIELD } from '../../../src/access/tenantFieldName'
import type { RecordId } from '../../../src/records/fieldKinds'
import { useApiGet, useLoaded, type Page, type RecordRow, type RecordTypeOption } from './adminApi'

/** How many matches the list offers; the search narrows them down. */
const MATCHES = 50

/** Props of {@link ReferencePicker}. */
export interface ReferencePickerProps {
  /** the id of the select, which the field's label points at */
  id: string
  /** the key of the record type it points to */
  referenceType: string
  /** the record's client account; nothing is offered until it is chosen */
  tenant: RecordId | undefined
  value: RecordId | undefined
  onChange: (value: RecordId | undefined) => void
  disabled?: boolean
  /** ids of the help text and error, for aria-describedby */
  describedBy?: string
  invalid?: boolean
  /** offer records of every client (list filters), not only `tenant`'s */
  anyTenant?: boolean
}

/** The select of records of `referenceType` in `tenant`, with a title search. */
export function ReferencePicker(props: ReferencePickerProps) {
  const { id, referenceType, tenant, value, onChange, disabled, describedBy, invalid, anyTenant } = props
  const get = useApiGet()
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  // Typing waits a moment before asking, so a word is one request rather than one per letter.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 250)
    return () => clearTimeout(timer)
  }, [search])

  const target = useLoaded(referenceType, async () => {
    const page = await get<Page<RecordTypeOption>>(`/${Slugs.recordTypes}`, {
      'where[key][equals]': referenceType,
      depth: 0,
      limit: 1,
    })
    const type = page.docs[0]
    if (!type) throw new Error(`There is no record type "${referenceType}" that you can see`)
    return type
  })
  const typeId = target.state === 'ready' ? target.value.id : undefined
  const ready = typeId !== undefined && (anyTenant || tenant !== undefined)
  const matches = useLoaded(ready ? `${typeId}|${anyTenant ? '' : tenant}|${query}` : undefined, async () => {
    const page = await get<Page<RecordRow>>(`/${Slugs.records}`, {
      'where[type][equals]': typeId,
      [`where[${TENANT_FIELD}][equals]`]: anyTenant ? undefined : tenant,
      'where[title][like]': query || undefined,
      depth: 0,
      limit: MATCHES,
      sort: 'title',
      'select[title]': 'true',
    })
    return page.docs
  })
  const options = matches.state === 'ready' ? matches.value : []
  const current = useLoaded(
    value !== undefined && !options.some((row) => String(row.id) === String(value)) ? String(value) : undefined,
    () =>
      get<RecordRow>(`/${Slugs.records}/${encodeURIComponent(String(value))}`, { depth: 0, 'select[title]': 'true' }),
  )
  const currentLabel =
    current.state === 'ready' ? current.value.title : current.state === 'failed' ? `#${value} (not found)` : `#${value}`

  const label = target.state === 'ready' ? target.value.pluralLabel.toLowerCase() : referenceType
  const problem =
    target.state === 'failed'
      ? target.message
      : matches.state === 'failed'
        ? matches.message
        : !anyTenant && tenant === undefined
          ? 'Choose the client account first: only its records can be referenced.'
          : undefined
  return (
    <div className="record-reference">
      <div className="record-reference__controls">
        <input
          type="search"
          aria-label={`Search ${label} by title`}
          placeholder={`Search ${label}…`}
          value={search}
          disabled={disabled || !ready}
          onChange={(event) => setSearch(event.target.value)}
        />
        <select
          id={id}
          value={value === undefined ? '' : String(value)}
          disabled={disabled || !ready}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          aria-busy={matches.state === 'loading' || undefined}
          onChange={(event) => {
            const picked = options.find((row) => String(row.id) === event.target.value)
            onChange(picked ? picked.id : event.target.value === '' ? undefined : event.target.value)
          }}
        >
          <option value="">—</option>
          {value !== undefined && !options.some((row) => String(row.id) === String(value)) && (
            <option value={String(value)}>{currentLabel}</option>
          )}
          {options.map((row) => (
            <option key={String(row.id)} value={String(row.id)}>
              {row.title || `#${row.id}`}
            </option>
          ))}
        </select>
      </div>
      {problem && <p className="record-reference__note">{problem}</p>}
      {matches.state === 'ready' && options.length === MATCHES && (
        <p className="record-reference__note">Showing the first {MATCHES}; search to narrow them down.</p>
      )}
    </div>
  )
}
