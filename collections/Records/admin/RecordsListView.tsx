'use client'
/**
 * The records list of the admin UI. Without a type chosen it is Payload's own list, with a picker
 * of record types above the table; with one (`?recordType=<key>` in the address, so it survives a
 * reload) it is that type's list: its columns, filters and sort.
 */
import type { ListViewClientProps } from 'payload'
import { DefaultListView, Gutter, useListQuery, useStepNav } from '@payloadcms/ui'
import React, { useEffect } from 'react'
import { useRecordTypeOptions } from './adminApi'
import { RecordTypePicker } from './RecordTypePicker'
import { TypedRecordList } from './TypedRecordList'
import './recordsAdmin.scss'

/** The address parameter naming the type shown. */
export const RECORD_TYPE_PARAM = 'recordType'

/** The records list: Payload's, or one type's. */
export function RecordsListView(props: ListViewClientProps) {
  // The list's query (Payload's, mirrored in the address) carries the type too: changed anywhere
  // else, Payload would write its remembered query, with the old type, back into the address.
  const { query, refineListData } = useListQuery()
  const { setStepNav } = useStepNav()
  const types = useRecordTypeOptions()
  const chosenKey = typeof query[RECORD_TYPE_PARAM] === 'string' ? query[RECORD_TYPE_PARAM] : undefined
  const options = types.state === 'ready' ? types.value : []
  const chosen = options.find((type) => type.key === chosenKey)

  const choose = (key: string | undefined) => void refineListData({ [RECORD_TYPE_PARAM]: key })
  useEffect(() => {
    if (chosen) setStepNav([{ label: 'Records' }, { label: chosen.pluralLabel }])
  }, [chosen, setStepNav])

  if (chosenKey !== undefined && (types.state === 'idle' || types.state === 'loading'))
    return (
      <Gutter className="records-by-type">
        <p className="records-by-type__note">Loading record types…</p>
      </Gutter>
    )
  if (chosen)
    return (
      <TypedRecordList
        key={chosen.key}
        type={chosen}
        types={options}
        onTypeChange={choose}
        newDocumentURL={props.newDocumentURL}
        hasCreatePermission={props.hasCreatePermission}
      />
    )
  const picker =
    options.length > 0 ? (
      <div className="records-by-type__bar records-by-type__bar--above-table">
        <RecordTypePicker types={options} value={undefined} onChange={choose} />
        <p className={chosenKey === undefined ? 'field-description' : 'records-by-type__problem'}>
          {chosenKey === undefined
            ? 'Pick a type to see its fields as columns and filter by them.'
            : `There is no record type "${chosenKey}" that you can see.`}
        </p>
      </div>
    ) : null
  return (
    <DefaultListView
      {...props}
      BeforeListTable={
        <>
          {props.BeforeListTable}
          {picker}
        </>
      }
    />
  )
}
