'use client'
/**
 * One field of a record type as an input of the admin's record form: its label (with a required
 * mark), the input its kind calls for, its help text and the server's message about its value.
 */
import React, { useEffect, useState } from 'react'
import type { RecordId } from '../../../src/records/fieldKinds'
import type { FieldDefinition } from '../../../src/records/typeDefinition'
import { ReferencePicker } from './ReferencePicker'
import { localProblem, toInputValue, toStoredValue, type InputValue } from './recordFormValues'

/** Props of {@link RecordFieldInput}. */
export interface RecordFieldInputProps {
  field: FieldDefinition
  /** the id of the input its label points at */
  id: string
  /** the stored value (`data[field.key]`) */
  value: unknown
  /** called with the value to store, or undefined to remove the key */
  onChange: (value: unknown) => void
  /** the server's message about the value, e.g. "is required" */
  error?: string
  readOnly?: boolean
  /** the record's client account, which references must stay within */
  tenant: RecordId | undefined
}

/** Currencies the browser knows (ISO 4217), for the money input's list. */
const CURRENCIES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('currency')
  } catch {
    return ['CHF', 'EUR', 'GBP', 'JPY', 'USD']
  }
})()

/** Date-times are typed in the browser's time zone and stored in UTC; the input says which zone. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The input of one field, its label, help text and error. */
export function RecordFieldInput({ field, id, value, onChange, error, readOnly, tenant }: RecordFieldInputProps) {
  // The input keeps what is typed ("12." on the way to "12.50"); a stored value that changes from
  // outside (a save normalised it, the form was reset) replaces it.
  const [input, setInput] = useState<InputValue>(() => toInputValue(field.kind, value))
  useEffect(() => {
    setInput((typed) => (sameJson(toStoredValue(field, typed), value) ? typed : toInputValue(field.kind, value)))
  }, [field, value])
  const change = (next: InputValue) => {
    setInput(next)
    onChange(toStoredValue(field, next))
  }
  const local = localProblem(field, input)
  const message = error ?? local
  const helpId = field.helpText ? `${id}-help` : undefined
  const errorId = message ? `${id}-error` : undefined
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    disabled: readOnly,
    'aria-invalid': message ? true : undefined,
    'aria-required': field.required || undefined,
    'aria-describedby': describedBy,
  }
  const text = typeof input === 'string' ? input : ''

  // The mark stays outside the label, so the input's name is the field's label alone.
  const label = (
    <div className="record-field__label">
      <label className="field-label" htmlFor={id}>
        {field.label}
      </label>
      {field.required && (
        <span className="required" aria-hidden>
          *
        </span>
      )}
    </div>
  )
  let control: React.ReactNode
  switch (field.kind) {
    case 'long_text':
      control = <textarea {...common} rows={4} value={text} onChange={(event) => change(event.target.value)} />
      break
    case 'number':
      control = (
        <input {...common} type="number" step="any" value={text} onChange={(event) => change(event.target.value)} />
      )
      break
    case 'date':
      control = <input {...common} type="date" value={text} onChange={(event) => change(event.target.value)} />
      break
    case 'date_time':
      control = (
        <div className="record-field__with-hint">
          <input {...common} type="datetime-local" value={text} onChange={(event) => change(event.target.value)} />
          <span className="record-field__hint">{TIME_ZONE}</span>
        </div>
      )
      break
    case 'link':
      control = (
        <input
          {...common}
          type="url"
          placeholder="https://…"
          value={text}
          onChange={(event) => change(event.target.value)}
        />
      )
      break
    case 'boolean':
      return (
        <div className={`field-type record-field record-field--boolean${message ? ' error' : ''}`}>
          <div className="record-field__check">
            <input
              {...common}
              type="checkbox"
              checked={input === true}
              onChange={(event) => change(event.target.checked)}
            />
            {label}
          </div>
          <Messages helpId={helpId} helpText={field.helpText} errorId={errorId} label={field.label} message={message} />
        </div>
      )
    case 'choice':
    case 'status': {
      const options = (field.kind === 'choice' ? field.choices : field.statuses) ?? []
      const colour = field.statuses?.find((status) => status.value === text)?.colour
      control = (
        <div className="record-field__option">
          {field.kind === 'status' && (
            <span className="record-field__swatch" style={{ background: colour ?? 'transparent' }} aria-hidden />
          )}
          <select {...common} value={text} onChange={(event) => change(event.target.value)}>
            <option value="">—</option>
            {text !== '' && !options.some((option) => option.value === text) && <option value={text}>{text}</option>}
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      )
      break
    }
    case 'reference':
      control = (
        <ReferencePicker
          id={id}
          referenceType={field.referenceType ?? ''}
          tenant={tenant}
          value={typeof value === 'number' || typeof value === 'string' ? value : undefined}
          onChange={(picked) => {
            // The id as the server gave it: a number on SQL databases, text on MongoDB.
            setInput(picked === undefined ? '' : String(picked))
            onChange(picked)
          }}
          disabled={readOnly}
          describedBy={describedBy}
          invalid={Boolean(message)}
        />
      )
      break
    case 'money': {
      const money = typeof input === 'object' ? input : { amount: '', currency: '' }
      return (
        <fieldset
          className={`field-type record-field record-field--money${message ? ' error' : ''}`}
          aria-describedby={describedBy}
        >
          <legend className="field-label">
            {field.label}
            {field.required && (
              <span className="required" aria-hidden>
                *
              </span>
            )}
          </legend>
          <div className="record-field__money">
            <label htmlFor={id}>Amount</label>
            <input
              {...common}
              aria-describedby={undefined}
              type="text"
              inputMode="decimal"
              placeholder="0.00"
              value={money.amount}
              onChange={(event) => change({ ...money, amount: event.target.value })}
            />
            <label htmlFor={`${id}-currency`}>Currency</label>
            <select
              id={`${id}-currency`}
              disabled={readOnly}
              aria-invalid={message ? true : undefined}
              value={money.currency}
              onChange={(event) => change({ ...money, currency: event.target.value })}
            >
              <option value="">—</option>
              {money.currency !== '' && !CURRENCIES.includes(money.currency) && (
                <option value={money.currency}>{money.currency}</option>
              )}
              {CURRENCIES.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </div>
          <Messages helpId={helpId} helpText={field.helpText} errorId={errorId} label={field.label} message={message} />
        </fieldset>
      )
    }
    default:
      control = <input {...common} type="text" value={text} onChange={(event) => change(event.target.value)} />
  }
  return (
    <div className={`field-type record-field record-field--${field.kind}${message ? ' error' : ''}`}>
      {label}
      {control}
      <Messages helpId={helpId} helpText={field.helpText} errorId={errorId} label={field.label} message={message} />
    </div>
  )
}

/** The field's error (a sentence: "Reference is required") and its help text. */
function Messages(props: { helpId?: string; helpText?: string; errorId?: string; label: string; message?: string }) {
  return (
    <>
      {props.message && (
        <p className="record-field__error" id={props.errorId} role="alert">
          {props.label} {props.message}
        </p>
      )}
      {props.helpText && (
        <div className="field-description" id={props.helpId}>
          {props.helpText}
        </div>
      )}
    </>
  )
}
