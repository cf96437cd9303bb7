'use client'
/**
 * "Edit as JSON": the definition as text, for what the fields do not cover (pasting a whole
 * definition, bulk edits). A plain textarea rather than Payload's JSON field: that one loads its
 * code editor from a CDN, which the admin's Content-Security-Policy (and an offline install) refuses.
 * Text that does not parse is kept and named, and the stored value stays the last one that did.
 */
import React, { useEffect, useState } from 'react'

/** Props of {@link JsonFallback}. */
export interface JsonFallbackProps {
  id: string
  value: unknown
  readOnly?: boolean
  onChange: (value: unknown) => void
}

const pretty = (value: unknown) => JSON.stringify(value ?? null, null, 2)

/** The value as JSON text in a textarea. */
export function JsonFallback({ id, value, readOnly, onChange }: JsonFallbackProps) {
  const [text, setText] = useState(() => pretty(value))
  const [problem, setProblem] = useState<string | undefined>()
  // A value changed elsewhere (a reset, a save that normalised it) replaces text that meant another value.
  useEffect(() => {
    setText((typed) => {
      try {
        return JSON.stringify(JSON.parse(typed)) === JSON.stringify(value) ? typed : pretty(value)
      } catch {
        return typed
      }
    })
  }, [value])
  return (
    <div className={`wf-control wf-json${problem ? ' wf-control--error' : ''}`}>
      <label htmlFor={id}>Definition as JSON</label>
      <textarea
        id={id}
        rows={Math.min(30, text.split('\n').length + 1)}
        spellCheck={false}
        value={text}
        disabled={readOnly}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-note` : undefined}
        onChange={(event) => {
          setText(event.target.value)
          try {
            onChange(JSON.parse(event.target.value))
            setProblem(undefined)
          } catch (error) {
            setProblem(error instanceof Error ? error.message : String(error))
          }
        }}
      />
      {problem && (
        <span id={`${id}-note`} className="wf-control__error" role="alert">
          Not valid JSON ({problem}); the last valid definition is kept.
        </span>
      )}
    </div>
  )
}
