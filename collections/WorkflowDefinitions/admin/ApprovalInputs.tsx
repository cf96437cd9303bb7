'use client'
/**
 * An approval step's inputs: who is assigned (role rules, optionally only those whose approval
 * limit covers a field), how many must approve, where approve, reject and request changes lead,
 * the reason codes, and the SLA with its reminders and escalation.
 */
import React from 'react'
import { DURATION } from '../../../src/workflows/definition'
import { RulesControl, SelectControl, StringControl, TargetControl, TextControl } from './controls'
import { listFromText, withKey, type DraftStateOf } from './definitionDraft'

type Approval = DraftStateOf<'approval'>
type Sla = NonNullable<Approval['sla']>

/** Props of {@link ApprovalInputs}. */
export interface ApprovalInputsProps {
  id: string
  state: Approval
  keys: readonly string[]
  readOnly?: boolean
  onChange: (state: Approval) => void
}

const listText = (list: readonly string[] | undefined) => (list ?? []).join(', ')
const durationProblem = (text: string) =>
  DURATION.test(text.trim()) ? undefined : 'A duration is written like P2D, PT4H or P1DT12H'
const durationsProblem = (text: string) => listFromText(text).map(durationProblem).find(Boolean)

const DEFAULT_SLA: Sla = {
  due: 'P2D',
  reminders: ['P1D'],
  onBreach: { mode: 'add', assignees: [{ role: '', scope: 'client' }] },
}

/** The inputs of an approval state. */
export function ApprovalInputs({ id, state, keys, readOnly, onChange }: ApprovalInputsProps) {
  const set = <K extends keyof Approval>(key: K, value: Approval[K] | undefined) => onChange(withKey(state, key, value))
  const { policy, sla } = state
  const setSla = (next: Partial<Sla>) => set('sla', { ...(sla ?? DEFAULT_SLA), ...next })
  return (
    <>
      <section className="wf-section" aria-label="Assignees">
        <h5>Assignees</h5>
        <RulesControl
          id={`${id}-assignee`}
          rules={state.assignees}
          readOnly={readOnly}
          onChange={(rules) => set('assignees', rules)}
        />
        <div className="wf-grid">
          <StringControl
            id={`${id}-limitField`}
            label="Limit field"
            hint="Only people whose approval limit covers this field (e.g. amount); blank: no limit"
            value={state.limitField ?? ''}
            readOnly={readOnly}
            onChange={(text) => set('limitField', text.trim() || undefined)}
          />
          <SelectControl
            id={`${id}-policy`}
            label="Who must approve"
            value={policy.kind}
            readOnly={readOnly}
            options={[
              { value: 'any', label: 'Any one of them' },
              { value: 'all', label: 'All of them' },
              { value: 'quorum', label: 'A quorum' },
            ]}
            onChange={(kind) => set('policy', kind === 'quorum' ? { kind, n: 2 } : { kind: kind as 'any' | 'all' })}
          />
          {policy.kind === 'quorum' && (
            <TextControl
              id={`${id}-quorum`}
              label="Quorum"
              value={policy.n}
              readOnly={readOnly}
              parse={(text) => Number(text)}
              format={String}
              problem={(text) =>
                /^\d+$/.test(text.trim()) && Number(text) >= 2 ? undefined : 'A whole number, 2 or more'
              }
              onChange={(n) => set('policy', { kind: 'quorum', n })}
            />
          )}
        </div>
      </section>
      <section className="wf-section" aria-label="Outcomes">
        <h5>Outcomes</h5>
        <div className="wf-grid">
          <TargetControl
            id={`${id}-onApprove`}
            label="On approve"
            keys={keys}
            value={state.onApprove}
            readOnly={readOnly}
            onChange={(to) => set('onApprove', to ?? state.onApprove)}
          />
          <TargetControl
            id={`${id}-onReject`}
            label="On reject"
            keys={keys}
            optional
            value={state.onReject}
            readOnly={readOnly}
            onChange={(to) => set('onReject', to)}
          />
          <TargetControl
            id={`${id}-onRequestChanges`}
            label="On request changes"
            keys={keys}
            optional
            value={state.onRequestChanges}
            readOnly={readOnly}
            onChange={(to) => set('onRequestChanges', to)}
          />
        </div>
        <div className="wf-grid wf-grid--wide">
          <TextControl
            id={`${id}-rejectReasons`}
            label="Reject reason codes"
            hint="Comma-separated; a rejection must give one"
            value={state.rejectReasons ?? []}
            readOnly={readOnly}
            parse={listFromText}
            format={listText}
            onChange={(list) => set('rejectReasons', list)}
          />
          <TextControl
            id={`${id}-changeReasons`}
            label="Change reason codes"
            hint="Comma-separated; a request for changes must give one"
            value={state.changeReasons ?? []}
            readOnly={readOnly}
            parse={listFromText}
            format={listText}
            onChange={(list) => set('changeReasons', list)}
          />
        </div>
      </section>
      <section className="wf-section" aria-label="SLA">
        <div className="wf-check">
          <input
            id={`${id}-sla`}
            type="checkbox"
            checked={sla !== undefined}
            disabled={readOnly}
            onChange={(event) => set('sla', event.target.checked ? DEFAULT_SLA : undefined)}
          />
          <label htmlFor={`${id}-sla`}>SLA: a due time, reminders and an escalation</label>
        </div>
        {sla && (
          <>
            <div className="wf-grid">
              <TextControl
                id={`${id}-sla-due`}
                label="Due after"
                value={sla.due}
                readOnly={readOnly}
                parse={(text) => text.trim()}
                format={String}
                problem={durationProblem}
                onChange={(due) => setSla({ due })}
              />
              <TextControl
                id={`${id}-sla-reminders`}
                label="Reminders after"
                hint="Comma-separated durations from the step’s start"
                value={sla.reminders ?? []}
                readOnly={readOnly}
                parse={listFromText}
                format={listText}
                problem={durationsProblem}
                onChange={(reminders) => setSla({ reminders })}
              />
              <SelectControl
                id={`${id}-sla-mode`}
                label="On breach"
                value={sla.onBreach.mode}
                readOnly={readOnly}
                options={[
                  { value: 'add', label: 'Add assignees' },
                  { value: 'reassign', label: 'Reassign' },
                ]}
                onChange={(mode) => setSla({ onBreach: { ...sla.onBreach, mode: mode as 'add' | 'reassign' } })}
              />
            </div>
            <RulesControl
              id={`${id}-sla-assignee`}
              noun="escalation"
              rules={sla.onBreach.assignees}
              readOnly={readOnly}
              onChange={(assignees) => setSla({ onBreach: { ...sla.onBreach, assignees } })}
            />
          </>
        )}
      </section>
    </>
  )
}
