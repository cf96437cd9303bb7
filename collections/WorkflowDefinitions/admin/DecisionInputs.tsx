'use client'
/**
 * A decision's branches: ordered, each a list of conditions (field, operator, value) and the state
 * it leads to; the last branch is the default and has no conditions.
 */
import React from 'react'
import { Button } from '@payloadcms/ui'
import { RULE_OPERATORS, type RuleOperator } from '../../../src/access/rules'
import type { Condition } from '../../../src/workflows/definition'
import { RowList, SelectControl, StringControl, TargetControl, TextControl } from './controls'
import { conditionValueFromText, textOfValue, type DraftStateOf } from './definitionDraft'

type Decision = DraftStateOf<'decision'>
type Branch = Decision['branches'][number]

/** Props of {@link DecisionInputs}. */
export interface DecisionInputsProps {
  id: string
  state: Decision
  keys: readonly string[]
  readOnly?: boolean
  onChange: (state: Decision) => void
}

const OPERATOR_LABELS: Record<RuleOperator, string> = {
  eq: 'equals',
  ne: 'does not equal',
  in: 'is one of',
  nin: 'is none of',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  exists: 'exists',
}

function ConditionRow({
  id,
  condition,
  readOnly,
  onChange,
}: {
  id: string
  condition: Condition
  readOnly?: boolean
  onChange: (condition: Condition) => void
}) {
  const { operator } = condition
  return (
    <>
      <StringControl
        id={`${id}-field`}
        label="Field"
        value={condition.field}
        readOnly={readOnly}
        placeholder="amount"
        onChange={(field) => onChange({ ...condition, field })}
      />
      <SelectControl
        id={`${id}-operator`}
        label="Operator"
        value={operator}
        readOnly={readOnly}
        options={RULE_OPERATORS.map((value) => ({ value, label: OPERATOR_LABELS[value] }))}
        onChange={(next) => {
          const op = next as RuleOperator
          onChange({
            ...condition,
            operator: op,
            value: conditionValueFromText(op, textOfValue(condition.value)) as never,
          })
        }}
      />
      {operator === 'exists' ? (
        <SelectControl
          id={`${id}-value`}
          label="Value"
          value={String(condition.value !== false)}
          readOnly={readOnly}
          options={[
            { value: 'true', label: 'yes' },
            { value: 'false', label: 'no' },
          ]}
          onChange={(text) => onChange({ ...condition, value: text === 'true' })}
        />
      ) : (
        <TextControl
          id={`${id}-value`}
          label="Value"
          value={condition.value}
          readOnly={readOnly}
          placeholder={operator === 'in' || operator === 'nin' ? 'a, b, c' : '10000'}
          parse={(text) => conditionValueFromText(operator, text) as Condition['value']}
          format={textOfValue}
          onChange={(value) => onChange({ ...condition, value })}
        />
      )}
    </>
  )
}

/** The branches of a decision state. */
export function DecisionInputs({ id, state, keys, readOnly, onChange }: DecisionInputsProps) {
  const setBranches = (branches: Branch[]) => onChange({ ...state, branches })
  const last = state.branches.length - 1
  return (
    <div className="wf-branches">
      <p className="wf-note">The first branch whose conditions all hold is taken; the last one is the default.</p>
      <ol>
        {state.branches.map((branch, b) => {
          const change = (next: Branch) => setBranches(state.branches.map((old, i) => (i === b ? next : old)))
          const branchId = `${id}-branch-${b}`
          const isDefault = b === last
          return (
            <li key={b} className="wf-branch" aria-label={isDefault ? 'Default branch' : `Branch ${b + 1}`}>
              {isDefault ? (
                <p className="wf-branch__when">Otherwise</p>
              ) : (
                <RowList
                  items={branch.when ?? []}
                  readOnly={readOnly}
                  min={1}
                  addLabel="Add condition"
                  removeLabel={(i) => `Remove condition ${i + 1} of branch ${b + 1}`}
                  onChange={(when) => change({ ...branch, when })}
                  make={(): Condition => ({ field: '', operator: 'eq', value: '' })}
                  render={(condition, c, changeCondition) => (
                    <ConditionRow
                      id={`${branchId}-when-${c}`}
                      condition={condition}
                      readOnly={readOnly}
                      onChange={changeCondition}
                    />
                  )}
                />
              )}
              <div className="wf-branch__to">
                <TargetControl
                  id={`${branchId}-to`}
                  label={isDefault ? 'Otherwise go to' : 'Then go to'}
                  keys={keys}
                  value={branch.to}
                  readOnly={readOnly}
                  onChange={(to) => change({ ...branch, to: to ?? branch.to })}
                />
                {!readOnly && !isDefault && (
                  <button
                    type="button"
                    className="wf-remove"
                    aria-label={`Remove branch ${b + 1}`}
                    title={`Remove branch ${b + 1}`}
                    onClick={() => setBranches(state.branches.filter((_, i) => i !== b))}
                  >
                    ×
                  </button>
                )}
              </div>
            </li>
          )
        })}
      </ol>
      {!readOnly && (
        <Button
          buttonStyle="subtle"
          size="small"
          icon={['plus']}
          iconPosition="left"
          margin={false}
          onClick={() =>
            // A new branch goes before the default, which stays last.
            setBranches([
              ...state.branches.slice(0, last),
              { when: [{ field: '', operator: 'eq', value: '' }], to: state.branches[last]?.to ?? keys[0] ?? '' },
              ...state.branches.slice(last),
            ])
          }
        >
          Add branch
        </Button>
      )}
    </div>
  )
}
