'use client'
/**
 * A state's entry actions: notify (template and recipients), webhook (event name), set field
 * (a top-level field of the request's data) and create task (title, assignee, optional due).
 */
import React from 'react'
import type { EntryAction, Recipient } from '../../../src/workflows/definition'
import { RowList, SelectControl, StringControl, TextControl } from './controls'
import { ACTION_TYPES, newAction, scalarFromText, textOfValue } from './definitionDraft'

/** Props of {@link ActionsInputs}. */
export interface ActionsInputsProps {
  id: string
  actions: readonly EntryAction[]
  templates: readonly string[]
  readOnly?: boolean
  onChange: (actions: EntryAction[]) => void
}

const ACTION_LABELS: Record<EntryAction['type'], string> = {
  notify: 'Notify',
  webhook: 'Webhook',
  setField: 'Set field',
  createTask: 'Create task',
}

/** One recipient: the requester, the step's assignees, or holders of a role. */
function RecipientControl({
  id,
  label,
  value,
  readOnly,
  onChange,
}: {
  id: string
  label: string
  value: Recipient
  readOnly?: boolean
  onChange: (value: Recipient) => void
}) {
  const who = typeof value === 'string' ? value : 'role'
  return (
    <>
      <SelectControl
        id={id}
        label={label}
        value={who}
        readOnly={readOnly}
        options={[
          { value: 'requester', label: 'The requester' },
          { value: 'assignees', label: 'The assignees' },
          { value: 'role', label: 'People with a role' },
        ]}
        onChange={(next) =>
          onChange(next === 'role' ? { role: '', scope: 'client' } : (next as 'requester' | 'assignees'))
        }
      />
      {typeof value !== 'string' && (
        <>
          <StringControl
            id={`${id}-role`}
            label="Role"
            value={value.role}
            readOnly={readOnly}
            onChange={(role) => onChange({ ...value, role })}
          />
          <SelectControl
            id={`${id}-scope`}
            label="Side"
            value={value.scope}
            readOnly={readOnly}
            options={[
              { value: 'client', label: 'Client' },
              { value: 'vendor', label: 'Vendor' },
            ]}
            onChange={(scope) => onChange({ ...value, scope: scope as 'client' | 'vendor' })}
          />
        </>
      )}
    </>
  )
}

function ActionFields({
  id,
  action,
  templates,
  readOnly,
  onChange,
}: {
  id: string
  action: EntryAction
  templates: readonly string[]
  readOnly?: boolean
  onChange: (action: EntryAction) => void
}) {
  switch (action.type) {
    case 'notify':
      return (
        <>
          <SelectControl
            id={`${id}-template`}
            label="Template"
            value={action.template}
            readOnly={readOnly}
            options={templates}
            onChange={(template) => onChange({ ...action, template })}
          />
          <RowList
            items={action.to}
            readOnly={readOnly}
            min={1}
            addLabel="Add recipient"
            removeLabel={(i) => `Remove recipient ${i + 1}`}
            onChange={(to) => onChange({ ...action, to })}
            make={(): Recipient => 'assignees'}
            render={(recipient, r, change) => (
              <RecipientControl
                id={`${id}-to-${r}`}
                label="Recipient"
                value={recipient}
                readOnly={readOnly}
                onChange={change}
              />
            )}
          />
        </>
      )
    case 'webhook':
      return (
        <StringControl
          id={`${id}-event`}
          label="Event name"
          value={action.event}
          readOnly={readOnly}
          placeholder="purchase.approved"
          onChange={(event) => onChange({ ...action, event })}
        />
      )
    case 'setField':
      return (
        <>
          <StringControl
            id={`${id}-field`}
            label="Field"
            value={action.field}
            readOnly={readOnly}
            onChange={(field) => onChange({ ...action, field })}
          />
          <TextControl
            id={`${id}-value`}
            label="Value"
            hint="Numbers, true, false and null are stored as such"
            value={action.value}
            readOnly={readOnly}
            parse={scalarFromText}
            format={textOfValue}
            onChange={(value) => onChange({ ...action, value })}
          />
        </>
      )
    case 'createTask':
      return (
        <>
          <StringControl
            id={`${id}-title`}
            label="Task title"
            value={action.title}
            readOnly={readOnly}
            onChange={(title) => onChange({ ...action, title })}
          />
          <RecipientControl
            id={`${id}-assignee`}
            label="Assignee"
            value={action.assignee}
            readOnly={readOnly}
            onChange={(assignee) => onChange({ ...action, assignee })}
          />
          <StringControl
            id={`${id}-due`}
            label="Due after"
            hint="e.g. P1D; blank: no due date"
            value={action.due ?? ''}
            readOnly={readOnly}
            onChange={(due) => {
              const { due: _old, ...rest } = action
              onChange(due.trim() ? { ...rest, due: due.trim() } : rest)
            }}
          />
        </>
      )
  }
}

/** The entry actions of a state. */
export function ActionsInputs({ id, actions, templates, readOnly, onChange }: ActionsInputsProps) {
  return (
    <RowList
      items={actions}
      readOnly={readOnly}
      addLabel="Add entry action"
      removeLabel={(i) => `Remove entry action ${i + 1}`}
      onChange={onChange}
      make={() => newAction('notify', templates)}
      render={(action, a, change) => (
        <div className="wf-action">
          <SelectControl
            id={`${id}-${a}-type`}
            label="Action"
            value={action.type}
            readOnly={readOnly}
            options={ACTION_TYPES.map((value) => ({ value, label: ACTION_LABELS[value] }))}
            onChange={(type) => change(newAction(type as EntryAction['type'], templates))}
          />
          <ActionFields id={`${id}-${a}`} action={action} templates={templates} readOnly={readOnly} onChange={change} />
        </div>
      )}
    />
  )
}
