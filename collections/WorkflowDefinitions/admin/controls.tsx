'use client'
/**
 * The small inputs the definition editor is made of: a labelled text input that keeps what is
 * typed while it means the stored value, a labelled select, a target-state select, and the editor
 * of assignee rules (role and scope). Native inputs, styled with the admin theme's variables, so
 * labels work for keyboards, screen readers and tests alike.
 */
import React, { useEffect, useState } from 'react'
import { Button } from '@payloadcms/ui'
import type { AssigneeRule } from '../../../src/workflows/definition'
import './workflowControls.scss'

interface Labelled {
  id: string
  label: string
  hint?: string
  readOnly?: boolean
  className?: string
}

/** A text input for a value stored in another form: `parse` turns text into it, `format` back. */
export function TextControl<T>({
  id,
  label,
  hint,
  readOnly,
  className,
  value,
  parse,
  format,
  onChange,
  placeholder,
  problem,
}: Labelled & {
  value: T
  parse: (text: string) => T
  format: (value: T) => string
  onChange: (value: T) => void
  placeholder?: string
  /** why the text cannot be stored, shown beside it (the value is then not changed) */
  problem?: (text: string) => string | undefined
}) {
  const [text, setText] = useState(() => format(value))
  // A value changed from elsewhere (a rename, the JSON editor) replaces the text; one that only
  // re-formats what is typed ("10." is 10) does not.
  useEffect(() => {
    setText((typed) => (JSON.stringify(parse(typed)) === JSON.stringify(value) ? typed : format(value)))
    // parse and format are pure; the stored value alone says when the text is stale.
  }, [value])
  const issue = problem?.(text)
  return (
    <div className={`wf-control ${className ?? ''}${issue ? ' wf-control--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={text}
        placeholder={placeholder}
        disabled={readOnly}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue || hint ? `${id}-note` : undefined}
        onChange={(event) => {
          setText(event.target.value)
          if (!problem?.(event.target.value)) onChange(parse(event.target.value))
        }}
      />
      {(issue || hint) && (
        <span id={`${id}-note`} className={issue ? 'wf-control__error' : 'wf-control__hint'}>
          {issue ?? hint}
        </span>
      )}
    </div>
  )
}

/** A plain text input (the stored value is the text). */
export function StringControl(
  props: Labelled & { value: string; onChange: (value: string) => void; placeholder?: string },
) {
  return <TextControl {...props} parse={(text) => text} format={(value) => value} />
}

/** A select of `options` (value and label). */
export function SelectControl({
  id,
  label,
  hint,
  readOnly,
  className,
  value,
  options,
  onChange,
}: Labelled & {
  value: string
  options: readonly (string | { value: string; label: string })[]
  onChange: (value: string) => void
}) {
  const listed = options.map((option) => (typeof option === 'string' ? { value: option, label: option } : option))
  // A stored value the options lack (a state removed since) stays visible instead of silently changing.
  if (!listed.some((option) => option.value === value))
    listed.unshift({ value, label: value === '' ? '—' : `${value} (missing)` })
  return (
    <div className={`wf-control ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={readOnly} onChange={(event) => onChange(event.target.value)}>
        {listed.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && <span className="wf-control__hint">{hint}</span>}
    </div>
  )
}

/** A target state: one of the states that exist, or none when `optional`. */
export function TargetControl({
  keys,
  optional,
  value,
  onChange,
  ...rest
}: Labelled & {
  keys: readonly string[]
  optional?: boolean
  value: string | undefined
  onChange: (value: string | undefined) => void
}) {
  const options = [...(optional ? [{ value: '', label: '— none —' }] : []), ...keys]
  return (
    <SelectControl
      {...rest}
      value={value ?? ''}
      options={options}
      onChange={(next) => onChange(next === '' ? undefined : next)}
    />
  )
}

/** A list of rows with a remove button each and an add button below. */
export function RowList<T>({
  items,
  readOnly,
  addLabel,
  removeLabel,
  onChange,
  make,
  render,
  min = 0,
  table,
}: {
  items: readonly T[]
  /** rows of the same inputs: labels shown once, above the first row (still read out on every row) */
  table?: boolean
  readOnly?: boolean
  addLabel: string
  /** the remove button's accessible name for row `index` */
  removeLabel: (index: number) => string
  onChange: (items: T[]) => void
  make: () => T
  render: (item: T, index: number, change: (item: T) => void) => React.ReactNode
  min?: number
}) {
  return (
    <div className={`wf-rows${table ? ' wf-rows--table' : ''}`}>
      {items.map((item, index) => (
        <div className="wf-rows__row" key={index}>
          {render(item, index, (next) => onChange(items.map((old, i) => (i === index ? next : old))))}
          {!readOnly && items.length > min && (
            <button
              type="button"
              className="wf-remove"
              aria-label={removeLabel(index)}
              title={removeLabel(index)}
              onClick={() => onChange(items.filter((_, i) => i !== index))}
            >
              ×
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <Button
          buttonStyle="subtle"
          size="small"
          icon={['plus']}
          iconPosition="left"
          margin={false}
          onClick={() => onChange([...items, make()])}
        >
          {addLabel}
        </Button>
      )}
    </div>
  )
}

/** Assignee rules: users holding `role` on the client's or the vendor's side. */
export function RulesControl({
  id,
  rules,
  readOnly,
  onChange,
  noun = 'assignee',
}: {
  id: string
  rules: readonly AssigneeRule[]
  readOnly?: boolean
  onChange: (rules: AssigneeRule[]) => void
  noun?: string
}) {
  return (
    <RowList
      items={rules}
      readOnly={readOnly}
      min={1}
      addLabel={`Add ${noun} role`}
      removeLabel={(i) => `Remove ${noun} role ${i + 1}`}
      onChange={onChange}
      make={(): AssigneeRule => ({ role: '', scope: 'client' })}
      render={(rule, i, change) => (
        <>
          <StringControl
            id={`${id}-${i}-role`}
            label={`Role${rules.length > 1 ? ` ${i + 1}` : ''}`}
            value={rule.role}
            readOnly={readOnly}
            placeholder="e.g. finance-lead"
            onChange={(role) => change({ ...rule, role })}
          />
          <SelectControl
            id={`${id}-${i}-scope`}
            label="Side"
            value={rule.scope}
            readOnly={readOnly}
            options={[
              { value: 'client', label: 'Client' },
              { value: 'vendor', label: 'Vendor' },
            ]}
            onChange={(scope) => change({ ...rule, scope: scope as AssigneeRule['scope'] })}
          />
        </>
      )}
    />
  )
}
