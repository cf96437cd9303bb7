'use client'
/**
 * The admin's input for a workflow's `definition` (a json field): the diagram of its states and
 * transitions, the problems the save would refuse (checked as staff edit, by the same
 * `validateDefinition` the save runs), a structured editor, an "edit as JSON" fallback, and the
 * test-run panel. The stored value stays the one JSON format. A published
 * or retired version is frozen, so it is shown read-only.
 */
import type { JSONFieldClientProps } from 'payload'
import { useDocumentInfo, useField, useFormFields } from '@payloadcms/ui'
import React, { useEffect, useMemo, useState } from 'react'
import { validateDefinition } from '../../../src/workflows/validate'
import { DefinitionEditor } from './DefinitionEditor'
import { JsonFallback } from './JsonFallback'
import { asDraft, starterDefinition, type DraftDefinition } from './definitionDraft'
import { TestRun } from './TestRun'
import { WorkflowDiagram } from './WorkflowDiagram'
import './workflowEditor.scss'

/** Props of {@link DefinitionField}: Payload's, plus the template names the field's config passes. */
export type DefinitionFieldProps = JSONFieldClientProps & { templates?: string[] }

/** The key a definition is checked and test-run with when the document's key is not usable yet. */
const PLACEHOLDER_KEY = 'unsaved-workflow'

/** The `definition` field of a workflow. */
export function DefinitionField(props: DefinitionFieldProps) {
  const { path: pathFromProps, readOnly, templates = [] } = props
  const { value, setValue, disabled, formInitializing } = useField<unknown>({ potentiallyStalePath: pathFromProps })
  const key = useFormFields(([fields]) => fields.key?.value)
  const { savedDocumentData } = useDocumentInfo()
  const savedStatus = typeof savedDocumentData?.status === 'string' ? savedDocumentData.status : 'draft'
  const frozen = savedStatus !== 'draft'
  const locked = Boolean(readOnly || disabled || frozen)
  const [asJson, setAsJson] = useState(false)
  const [path, setPath] = useState<string[]>([])

  // A new workflow starts from a form that leads to the end, rather than from nothing.
  // (Once the form holds its initial state: a value set before that is overwritten by it.)
  useEffect(() => {
    if (!formInitializing && (value === null || value === undefined)) setValue(starterDefinition(), true)
  }, [formInitializing, value, setValue])

  const draft = asDraft(value)
  // Checked and test-run under the document's key, which the save writes into the definition.
  const keyed: DraftDefinition | undefined = useMemo(
    () =>
      draft && {
        ...draft,
        key: typeof key === 'string' && /^[a-z][\w-]{0,63}$/.test(key) ? key : PLACEHOLDER_KEY,
      },
    [draft, key],
  )
  const problems = useMemo(() => {
    if (!keyed) return []
    const checked = validateDefinition(keyed, { templates })
    return checked.ok ? [] : checked.problems
  }, [keyed, templates])

  return (
    <div className="field-type wf-definition">
      <div className="wf-definition__header">
        <span className="wf-definition__title">Definition</span>
        <span className="field-description">
          {frozen
            ? `This version is ${savedStatus}, so its definition is frozen: save a new version to change it.`
            : 'States, their transitions, approvers and actions. Checked as you edit; the save refuses a definition with problems.'}
        </span>
        <button type="button" className="wf-definition__mode" aria-pressed={asJson} onClick={() => setAsJson(!asJson)}>
          {asJson ? 'Edit with fields' : 'Edit as JSON'}
        </button>
      </div>
      {keyed && <WorkflowDiagram definition={keyed} highlight={path} />}
      {keyed && !frozen && (
        <div
          className={`wf-problems${problems.length ? ' wf-problems--some' : ''}`}
          role="status"
          aria-label="Problems"
        >
          {problems.length === 0 ? (
            'No problems found.'
          ) : (
            <>
              <strong>
                {problems.length === 1 ? '1 problem' : `${problems.length} problems`} to fix before saving:
              </strong>
              <ul>
                {problems.map((problem, i) => (
                  <li key={i}>{problem}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {asJson ? (
        <JsonFallback id="wf-json" value={value} readOnly={locked} onChange={(next) => setValue(next)} />
      ) : draft ? (
        <DefinitionEditor
          definition={draft}
          templates={templates}
          readOnly={locked}
          onChange={(next) => setValue(next)}
        />
      ) : (
        value !== null &&
        value !== undefined && (
          <p className="wf-note" role="alert">
            The stored JSON is not shaped like a definition (an object with a list of states), so it cannot be shown as
            fields: edit it as JSON.
          </p>
        )
      )}
      {keyed && <TestRun definition={keyed} onPath={setPath} />}
    </div>
  )
}
