'use client'
/**
 * The admin's input for a record's `data`: a form generated from the record's type, one input per
 * field of the type, instead of a JSON editor. It reads the type chosen in the same form, writes
 * the values back into `data` as JSON, and shows the server's message for `data.<key>` next to the
 * input of that key. Keys the type no longer has are kept and shown, never silently dropped.
 */
import type { JSONFieldClientComponent, Validate } from 'payload'
import { useField, useFormFields, useFormProcessing } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'
import { idOf } from '../../../src/access/ids'
import { TENANT_FIELD } from '../../../src/access/tenantFieldName'
import { useRecordType } from './adminApi'
import { RecordFieldInput } from './RecordFieldInput'
import { asEditableData, unknownKeys, withValue } from './recordFormValues'
import './recordsAdmin.scss'

// The server checks the data on save (the one validator); the form never blocks a save itself, so
// a message left from an earlier answer cannot keep the form from being sent again.
const acceptAll: Validate = () => true

/**
 * The server's messages about keys of `data`, kept here: Payload files them in the form state
 * under `data.<key>`, where they would be sent back as values on the next save (overwriting the
 * key with null), so they are moved out of it as soon as they arrive. A new save clears them.
 */
function useServerErrors(path: string): [Record<string, string>, (key: string) => void] {
  const prefix = `${path}.`
  const dispatch = useFormFields(([, dispatchFields]) => dispatchFields)
  // A string, so the form's selector compares it by value and renders only when it changes.
  const arrived = useFormFields(([fields]) =>
    JSON.stringify(
      Object.entries(fields)
        .filter(([name, state]) => name.startsWith(prefix) && typeof state.errorMessage === 'string')
        .map(([name, state]) => [name.slice(prefix.length), state.errorMessage]),
    ),
  )
  const processing = useFormProcessing()
  const [errors, setErrors] = useState<Record<string, string>>({})
  useEffect(() => {
    const entries = JSON.parse(arrived) as [string, string][]
    if (entries.length === 0) return
    setErrors(Object.fromEntries(entries))
    for (const [key] of entries) dispatch({ type: 'REMOVE', path: `${prefix}${key}` })
  }, [arrived, dispatch, prefix])
  useEffect(() => {
    if (processing) setErrors({})
  }, [processing])
  const clear = (key: string) => setErrors((current) => withValue(current, key, undefined) as Record<string, string>)
  return [errors, clear]
}

/** The `data` field of a record, as a form of its type's fields. */
export const RecordDataField: JSONFieldClientComponent = ({ field, path: pathFromProps, readOnly }) => {
  const { value, setValue, path, showError, errorMessage, disabled } = useField<unknown>({
    potentiallyStalePath: pathFromProps,
    validate: acceptAll,
  })
  const typeId = useFormFields(([fields]) => idOf(fields.type?.value))
  const tenant = useFormFields(([fields]) => idOf(fields[TENANT_FIELD]?.value))
  const [errors, clearError] = useServerErrors(path)
  const loaded = useRecordType(typeId)
  const data = asEditableData(value)
  const locked = Boolean(readOnly || disabled)
  const inputId = (key: string) => `field-${path.replace(/\./g, '__')}__${key}`
  const update = (key: string, next: unknown) => {
    clearError(key)
    setValue(withValue(data, key, next))
  }
  // A new record's data starts as null; the type's form stands for an object, so it is one.
  useEffect(() => {
    if (loaded.state === 'ready' && (value === null || value === undefined)) setValue({}, true)
  }, [loaded.state, value, setValue])
  const description = typeof field.admin?.description === 'string' ? field.admin.description : undefined

  let body: React.ReactNode
  if (typeId === undefined) body = <p className="record-data__note">Choose the record’s type to fill in its fields.</p>
  else if (loaded.state === 'failed') body = <p className="record-data__note">{loaded.message}</p>
  else if (loaded.state !== 'ready') body = <p className="record-data__note">Loading the record type…</p>
  else {
    const type = loaded.value
    const others = unknownKeys(type, data)
    body = (
      <>
        {type.fields.map((definition) => (
          <RecordFieldInput
            key={definition.key}
            field={definition}
            id={inputId(definition.key)}
            value={data[definition.key]}
            onChange={(next) => update(definition.key, next)}
            error={errors[definition.key]}
            readOnly={locked}
            tenant={tenant}
          />
        ))}
        {others.length > 0 && (
          <section className="record-data__others" aria-labelledby={`${inputId('others')}-heading`}>
            <h4 id={`${inputId('others')}-heading`}>Stored values the type no longer has</h4>
            <p className="field-description">
              They are kept as stored, but a save is refused while the record holds keys its type does not list: remove
              them to save.
            </p>
            <dl>
              {others.map((key) => (
                <div key={key} className="record-data__other">
                  <dt>{key}</dt>
                  <dd>
                    <code>{JSON.stringify(data[key])}</code>
                    {!locked && (
                      <button type="button" className="record-data__remove" onClick={() => update(key, undefined)}>
                        Remove <span className="records-sr-only">{key}</span>
                      </button>
                    )}
                    {errors[key] && (
                      <p className="record-field__error" role="alert">
                        {key} {errors[key]}
                      </p>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        )}
      </>
    )
  }
  return (
    <div className={`field-type record-data${showError ? ' error' : ''}`}>
      <div className="record-data__header">
        <span className="record-data__title">
          {loaded.state === 'ready' ? `${loaded.value.singularLabel} fields` : 'Fields'}
        </span>
        {description && <span className="field-description">{description}</span>}
      </div>
      {showError && errorMessage && (
        <p className="record-field__error" role="alert">
          Data {errorMessage}
        </p>
      )}
      {body}
    </div>
  )
}
