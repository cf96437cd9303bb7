'use client'
/**
 * The list of one type's records: the type's list columns, its filterable fields as filters and
 * its sortable columns as sort buttons, read page by page from /api/records/query (Payload's own
 * list cannot show fields inside `data`, nor filter or sort by them correctly).
 */
import { Button, Gutter, useConfig } from '@payloadcms/ui'
import Link from 'next/link'
import React, { useRef, useState } from 'react'
import { Slugs } from '../../slugs'
import { idOf } from '../../../src/access/ids'
import { TENANT_FIELD } from '../../../src/access/tenantFieldName'
import type { RecordId } from '../../../src/records/fieldKinds'
import { useApiGet, useLoaded, useRecordType, type Page, type RecordRow, type RecordTypeOption } from './adminApi'
import { RecordFilters } from './RecordFilters'
import { RecordTypePicker } from './RecordTypePicker'
import { displayValue } from './recordFormValues'
import { filterParams, filterableFields, listColumns, type FilterDraft } from './recordListQuery'

/** Rows per page. */
const PAGE_SIZE = 20

/** Props of {@link TypedRecordList}. */
export interface TypedRecordListProps {
  type: RecordTypeOption
  types: RecordTypeOption[]
  onTypeChange: (key: string | undefined) => void
  newDocumentURL: string
  hasCreatePermission: boolean
}

/** A page of records, with the titles of the records its reference columns point to. */
type Answer = Page<RecordRow> & { titles: Map<string, string> }

interface TenantOption {
  id: RecordId
  name: string
}

const titlesById = (rows: { id: RecordId; title?: string | null; name?: string }[]) =>
  new Map(rows.map((row) => [String(row.id), row.title ?? row.name ?? `#${row.id}`]))

/** The list of `type`'s records with its columns, filters, sort and pages. */
export function TypedRecordList({
  type,
  types,
  onTypeChange,
  newDocumentURL,
  hasCreatePermission,
}: TypedRecordListProps) {
  const get = useApiGet()
  const { config } = useConfig()
  const definition = useRecordType(type.id)
  const [draft, setDraft] = useState<FilterDraft>({})
  const [applied, setApplied] = useState<FilterDraft>({})
  const [tenant, setTenant] = useState<string>('')
  const [sort, setSort] = useState<string | undefined>(undefined)
  const [page, setPage] = useState(1)

  const tenants = useLoaded('all', async () => {
    const found = await get<Page<TenantOption>>(`/${Slugs.tenants}`, {
      depth: 0,
      limit: 100,
      sort: 'name',
      'select[name]': 'true',
    })
    return found.docs
  })
  const fields = definition.state === 'ready' ? definition.value.fields : []
  const params = {
    type: type.key,
    ...filterParams(fields, applied),
    tenant: tenant || undefined,
    sort,
    limit: PAGE_SIZE,
    page,
  }
  const rows = useLoaded<Answer>(definition.state === 'ready' ? JSON.stringify(params) : undefined, async () => {
    const found = await get<Page<RecordRow>>(`/${Slugs.records}/query`, params)
    const columns = listColumns(definition.state === 'ready' ? definition.value : { fields: [], titleField: '' })
    const referenced = found.docs.flatMap((row) =>
      columns.filter((field) => field.kind === 'reference').map((field) => row.data?.[field.key]),
    )
    const ids = [...new Set(referenced.filter((id) => id !== undefined && id !== null).map(String))]
    const titles =
      ids.length === 0
        ? new Map<string, string>()
        : titlesById(
            (
              await get<Page<RecordRow>>(`/${Slugs.records}`, {
                'where[id][in]': ids.join(','),
                depth: 0,
                limit: ids.length,
                'select[title]': 'true',
              })
            ).docs,
          )
    return { ...found, titles }
  })

  const tenantNames = tenants.state === 'ready' ? titlesById(tenants.value) : new Map<string, string>()
  const editURL = (id: RecordId) => `${config.routes.admin}/collections/${Slugs.records}/${id}`
  const apply = (next: FilterDraft) => {
    setApplied(next)
    setPage(1)
  }
  const sortBy = (key: string) => {
    setSort(sort === key ? `-${key}` : key)
    setPage(1)
  }

  // While the next page or filter loads, the last answer stays on screen (marked busy) instead of flickering.
  const lastAnswer = useRef<Answer | undefined>(undefined)
  const shown = rows.state === 'ready' ? rows.value : rows.state === 'loading' ? lastAnswer.current : undefined
  lastAnswer.current = shown

  let table: React.ReactNode
  if (definition.state === 'failed') table = <p className="records-by-type__problem">{definition.message}</p>
  else if (rows.state === 'failed')
    table = (
      <p className="records-by-type__problem" role="alert">
        {rows.message}
      </p>
    )
  else if (definition.state !== 'ready' || !shown)
    table = <p className="records-by-type__note">Loading {type.pluralLabel.toLowerCase()}…</p>
  else if (shown.docs.length === 0)
    table = <p className="records-by-type__note">No {type.pluralLabel.toLowerCase()} match.</p>
  else {
    const columns = listColumns(definition.value)
    const result = shown
    table = (
      <>
        <div className="table records-by-type__table" aria-busy={rows.state === 'loading' || undefined}>
          <table>
            <caption className="records-sr-only">{type.pluralLabel}</caption>
            <thead>
              <tr>
                {columns.map((field) => (
                  <th key={field.key} scope="col" aria-sort={ariaSort(sort, field.key)}>
                    {field.sortable ? (
                      <button type="button" className="records-by-type__sort" onClick={() => sortBy(field.key)}>
                        {field.label}
                        <span aria-hidden>{sortMark(sort, field.key)}</span>
                      </button>
                    ) : (
                      field.label
                    )}
                  </th>
                ))}
                <th scope="col">Client</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {result.docs.map((row) => (
                <tr key={String(row.id)}>
                  {columns.map((field, index) => {
                    const shown = displayValue(field, row.data?.[field.key], result.titles)
                    const status =
                      field.kind === 'status'
                        ? field.statuses?.find((s) => s.value === row.data?.[field.key])
                        : undefined
                    return (
                      <td key={field.key}>
                        {index === 0 ? (
                          <Link href={editURL(row.id)}>{shown || row.title || `#${row.id}`}</Link>
                        ) : status ? (
                          <span className="records-by-type__status">
                            <span className="record-field__swatch" style={{ background: status.colour }} aria-hidden />
                            {shown}
                          </span>
                        ) : (
                          shown
                        )}
                      </td>
                    )
                  })}
                  <td>{tenantNames.get(String(idOf(row[TENANT_FIELD]))) ?? `#${String(idOf(row[TENANT_FIELD]))}`}</td>
                  <td>
                    {row.updatedAt
                      ? new Date(row.updatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
                      : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav className="records-by-type__pages" aria-label="Pages">
          <Button
            buttonStyle="secondary"
            size="small"
            margin={false}
            disabled={page <= 1}
            onClick={() => setPage(page - 1)}
          >
            Previous
          </Button>
          <span>
            Page {result.page ?? page} of {Math.max(result.totalPages, 1)} · {result.totalDocs}{' '}
            {result.totalDocs === 1 ? type.singularLabel.toLowerCase() : type.pluralLabel.toLowerCase()}
          </span>
          <Button
            buttonStyle="secondary"
            size="small"
            margin={false}
            disabled={page >= result.totalPages}
            onClick={() => setPage(page + 1)}
          >
            Next
          </Button>
        </nav>
      </>
    )
  }

  return (
    <Gutter className="records-by-type">
      <header className="records-by-type__header">
        <h1>{type.pluralLabel}</h1>
        {hasCreatePermission && (
          <Button el="link" to={newDocumentURL} buttonStyle="pill" size="small" margin={false}>
            Create new
          </Button>
        )}
      </header>
      <div className="records-by-type__bar">
        <RecordTypePicker types={types} value={type.key} onChange={onTypeChange} />
        <div className="records-by-type__tenant">
          <label htmlFor="records-by-type-tenant">Client</label>
          <select
            id="records-by-type-tenant"
            value={tenant}
            onChange={(event) => {
              setTenant(event.target.value)
              setPage(1)
            }}
          >
            <option value="">All clients</option>
            {tenants.state === 'ready' &&
              tenants.value.map((option) => (
                <option key={String(option.id)} value={String(option.id)}>
                  {option.name}
                </option>
              ))}
          </select>
        </div>
      </div>
      {definition.state === 'ready' && (
        <RecordFilters
          fields={filterableFields(definition.value)}
          draft={draft}
          onDraftChange={setDraft}
          onApply={() => apply(draft)}
          onClear={() => {
            setDraft({})
            apply({})
          }}
          tenant={tenant === '' ? undefined : tenant}
        />
      )}
      {table}
    </Gutter>
  )
}

function ariaSort(sort: string | undefined, key: string): 'ascending' | 'descending' | undefined {
  if (sort === key) return 'ascending'
  if (sort === `-${key}`) return 'descending'
  return undefined
}

function sortMark(sort: string | undefined, key: string): string {
  if (sort === key) return ' ▲'
  if (sort === `-${key}`) return ' ▼'
  return ''
}
