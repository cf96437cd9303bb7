'use client'
/**
 * The structured editor of a definition: the initial and cancel states, then one card per state
 * with its key, its kind, the inputs of that kind and its entry actions. Target states are picked
 * from the states that exist; renaming a state renames every reference to it.
 */
import React from 'react'
import { Button } from '@payloadcms/ui'
import { ActionsInputs } from './ActionsInputs'
import { ApprovalInputs } from './ApprovalInputs'
import { SelectControl, TargetControl, TextControl } from './controls'
import { DecisionInputs } from './DecisionInputs'
import {
  OUTCOMES,
  STATE_KINDS,
  addState,
  changeKind,
  keyProblem,
  removeState,
  renameState,
  replaceState,
  withKey,
  type DraftDefinition,
  type DraftState,
  type StateKind,
} from './definitionDraft'

/** Props of {@link DefinitionEditor}. */
export interface DefinitionEditorProps {
  definition: DraftDefinition
  templates: readonly string[]
  readOnly?: boolean
  onChange: (definition: DraftDefinition) => void
}

const KIND_LABELS: Record<StateKind, string> = {
  form: 'Form: the requester fills in',
  decision: 'Decision: route on the data',
  approval: 'Approval: people approve',
  final: 'Final: the end',
}

function KindInputs({
  id,
  state,
  keys,
  readOnly,
  onChange,
}: {
  id: string
  state: DraftState
  keys: readonly string[]
  readOnly?: boolean
  onChange: (state: DraftState) => void
}) {
  switch (state.kind) {
    case 'form':
      return (
        <div className="wf-grid">
          <TargetControl
            id={`${id}-onSubmit`}
            label="On submit"
            keys={keys}
            value={state.onSubmit}
            readOnly={readOnly}
            onChange={(to) => onChange({ ...state, onSubmit: to ?? state.onSubmit })}
          />
        </div>
      )
    case 'decision':
      return <DecisionInputs id={id} state={state} keys={keys} readOnly={readOnly} onChange={onChange} />
    case 'approval':
      return <ApprovalInputs id={id} state={state} keys={keys} readOnly={readOnly} onChange={onChange} />
    case 'final':
      return (
        <div className="wf-grid">
          <SelectControl
            id={`${id}-outcome`}
            label="Outcome"
            value={state.outcome}
            readOnly={readOnly}
            options={OUTCOMES}
            onChange={(outcome) => onChange({ ...state, outcome: outcome as (typeof OUTCOMES)[number] })}
          />
        </div>
      )
  }
}

/** The structured editor of a whole definition. */
export function DefinitionEditor({ definition, templates, readOnly, onChange }: DefinitionEditorProps) {
  const keys = definition.states.map((state) => state.key)
  return (
    <div className="wf-editor">
      <div className="wf-grid wf-editor__top">
        <TargetControl
          id="wf-initial"
          label="Initial state"
          hint="Where a new request starts"
          keys={keys}
          value={definition.initial}
          readOnly={readOnly}
          onChange={(initial) => onChange({ ...definition, initial: initial ?? definition.initial })}
        />
        <TargetControl
          id="wf-cancel"
          label="Cancel state"
          hint="A final state the requester’s cancel leads to; none: requests cannot be cancelled"
          keys={definition.states.filter((state) => state.kind === 'final').map((state) => state.key)}
          optional
          value={definition.cancel}
          readOnly={readOnly}
          onChange={(cancel) => onChange(withKey(definition, 'cancel', cancel))}
        />
      </div>
      <ol className="wf-states">
        {definition.states.map((state, index) => {
          const id = `wf-state-${index}`
          const change = (next: DraftState) => onChange(replaceState(definition, index, next))
          return (
            <li key={index} className={`wf-state wf-state--${state.kind}`} aria-label={`State ${state.key}`}>
              <div className="wf-state__head">
                <TextControl
                  id={`${id}-key`}
                  label="Key"
                  className="wf-state__key"
                  value={state.key}
                  readOnly={readOnly}
                  parse={(text) => text.trim()}
                  format={String}
                  problem={(text) => keyProblem(definition, index, text.trim())}
                  onChange={(key) => onChange(renameState(definition, index, key))}
                />
                <SelectControl
                  id={`${id}-kind`}
                  label="Kind"
                  value={state.kind}
                  readOnly={readOnly}
                  options={STATE_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }))}
                  onChange={(kind) => onChange(changeKind(definition, index, kind as StateKind))}
                />
                {!readOnly && (
                  <Button
                    buttonStyle="subtle"
                    size="small"
                    margin={false}
                    className="wf-state__remove"
                    aria-label={`Remove state ${state.key}`}
                    onClick={() => onChange(removeState(definition, index))}
                  >
                    Remove
                  </Button>
                )}
              </div>
              <KindInputs id={id} state={state} keys={keys} readOnly={readOnly} onChange={change} />
              <details className="wf-section" open={(state.onEnter?.length ?? 0) > 0}>
                <summary>Entry actions{state.onEnter?.length ? ` (${state.onEnter.length})` : ''}</summary>
                <ActionsInputs
                  id={`${id}-action`}
                  actions={state.onEnter ?? []}
                  templates={templates}
                  readOnly={readOnly}
                  onChange={(actions) => change(withKey(state, 'onEnter', actions.length ? actions : undefined))}
                />
              </details>
            </li>
          )
        })}
      </ol>
      {!readOnly && (
        <div className="wf-editor__add" role="group" aria-label="Add a state">
          {STATE_KINDS.map((kind) => (
            <Button
              key={kind}
              buttonStyle="secondary"
              size="small"
              icon={['plus']}
              iconPosition="left"
              margin={false}
              onClick={() => onChange(addState(definition, kind))}
            >
              {`Add ${kind} state`}
            </Button>
          ))}
        </div>
      )}
    </div>
  )
}
