/**
 * The definition as the admin's structured editor changes it: pure functions from one definition
 * (the stored JSON shape, src/workflows/definition.ts) to the next. Every edit keeps the shape the
 * schema accepts (a new state's targets point at states that exist), so the diagram and the live
 * check always have something to read; whether the whole makes sense is `validateDefinition`'s call.
 */
import type { DefinitionInput, EntryAction } from '../../../src/workflows/definition'
import type { RuleOperator } from '../../../src/access/rules'

/** A definition as edited (defaults may be missing, as staff write it). */
export type DraftDefinition = DefinitionInput
/** One state as edited. */
export type DraftState = DraftDefinition['states'][number]
/** The kinds of state, in the order the editor offers them. */
export const STATE_KINDS = ['form', 'decision', 'approval', 'final'] as const
/** A kind of state. */
export type StateKind = (typeof STATE_KINDS)[number]
/** A state of one kind. */
export type DraftStateOf<K extends StateKind> = Extract<DraftState, { kind: K }>
/** The kinds of entry action. */
export const ACTION_TYPES = ['notify', 'webhook', 'setField', 'createTask'] as const
/** The outcomes of a final state. */
export const OUTCOMES = ['approved', 'rejected', 'cancelled', 'done'] as const

/** What a new workflow starts from: a form that leads to the end. */
export function starterDefinition(): DraftDefinition {
  return {
    key: 'new-workflow',
    initial: 'draft',
    states: [
      { key: 'draft', kind: 'form', onSubmit: 'done' },
      { key: 'done', kind: 'final', outcome: 'done' },
    ],
  }
}

/** The stored value as a definition the editor can show, or undefined when it is not shaped like one. */
export function asDraft(value: unknown): DraftDefinition | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const { states } = value as { states?: unknown }
  if (!Array.isArray(states)) return undefined
  const known = new Set<string>(STATE_KINDS)
  const shaped = states.every(
    (state: unknown) =>
      !!state &&
      typeof state === 'object' &&
      typeof (state as { key?: unknown }).key === 'string' &&
      known.has(String((state as { kind?: unknown }).kind)),
  )
  return shaped ? (value as DraftDefinition) : undefined
}

/** `base` if no state uses it, else `base2`, `base3`, … */
export function uniqueKey(base: string, keys: readonly string[]): string {
  if (!keys.includes(base)) return base
  for (let n = 2; ; n++) if (!keys.includes(`${base}${n}`)) return `${base}${n}`
}

/** A state of `kind` keyed `key`, its targets pointing at `fallback` (a state that exists). */
export function newState(kind: StateKind, key: string, fallback: string): DraftState {
  switch (kind) {
    case 'form':
      return { key, kind, onSubmit: fallback }
    case 'decision':
      return { key, kind, branches: [{ to: fallback }] }
    case 'approval':
      return {
        key,
        kind,
        assignees: [{ role: 'approver', scope: 'client' }],
        policy: { kind: 'any' },
        onApprove: fallback,
        onReject: fallback,
        rejectReasons: ['not-approved'],
      }
    case 'final':
      return { key, kind, outcome: 'done' }
  }
}

/** Adds a new state of `kind`, keyed after its kind, leading to the first final state (or the first state). */
export function addState(definition: DraftDefinition, kind: StateKind): DraftDefinition {
  const keys = definition.states.map((state) => state.key)
  const fallback = definition.states.find((state) => state.kind === 'final')?.key ?? keys[0] ?? 'done'
  const key = uniqueKey(kind === 'final' ? 'end' : kind, keys)
  return { ...definition, states: [...definition.states, newState(kind, key, fallback)] }
}

/** The state at `index` turned into `kind`: same key and entry actions, the new kind's defaults. */
export function changeKind(definition: DraftDefinition, index: number, kind: StateKind): DraftDefinition {
  const state = definition.states[index]
  if (!state || state.kind === kind) return definition
  const fallback = definition.states.find((other) => other.key !== state.key)?.key ?? state.key
  const next = { ...newState(kind, state.key, fallback), ...(state.onEnter ? { onEnter: state.onEnter } : {}) }
  return replaceState(definition, index, next as DraftState)
}

/** The definition with the state at `index` replaced. */
export function replaceState(definition: DraftDefinition, index: number, state: DraftState): DraftDefinition {
  return { ...definition, states: definition.states.map((old, i) => (i === index ? state : old)) }
}

/** The definition without the state at `index` (what led to it keeps its target, and validation says so). */
export function removeState(definition: DraftDefinition, index: number): DraftDefinition {
  return { ...definition, states: definition.states.filter((_, i) => i !== index) }
}

/** The state key's rules (definition.ts), for the editor to check a key before it renames anything. */
export const STATE_KEY = /^[A-Za-z][\w-]{0,63}$/

/** Why `key` cannot name the state at `index`, if it cannot. */
export function keyProblem(definition: DraftDefinition, index: number, key: string): string | undefined {
  if (!STATE_KEY.test(key)) return 'A key is a letter, then letters, digits, _ or -'
  if (definition.states.some((state, i) => i !== index && state.key === key)) return 'Another state has this key'
  return undefined
}

/** Renames the state at `index` and every reference to it: targets, branches, initial and cancel. */
export function renameState(definition: DraftDefinition, index: number, to: string): DraftDefinition {
  const from = definition.states[index]?.key
  if (from === undefined || from === to) return definition
  const follow = (key: string) => (key === from ? to : key)
  const follows = (key: string | undefined) => (key === undefined ? undefined : follow(key))
  const states = definition.states.map((state, i): DraftState => {
    const own = i === index ? { ...state, key: to } : state
    switch (own.kind) {
      case 'form':
        return { ...own, onSubmit: follow(own.onSubmit) }
      case 'decision':
        return { ...own, branches: own.branches.map((branch) => ({ ...branch, to: follow(branch.to) })) }
      case 'approval':
        return {
          ...own,
          onApprove: follow(own.onApprove),
          ...(own.onReject === undefined ? {} : { onReject: follow(own.onReject) }),
          ...(own.onRequestChanges === undefined ? {} : { onRequestChanges: follow(own.onRequestChanges) }),
        }
      case 'final':
        return own
    }
  })
  return {
    ...definition,
    initial: follow(definition.initial),
    ...(definition.cancel === undefined ? {} : { cancel: follows(definition.cancel) }),
    states,
  }
}

/** `object` with `key` set, or removed when `value` is undefined (JSON has no undefined). */
export function withKey<T extends object, K extends keyof T>(object: T, key: K, value: T[K] | undefined): T {
  const next = { ...object }
  if (value === undefined) delete next[key]
  else next[key] = value
  return next
}

/** A new entry action of `type`, filled in enough to be read. */
export function newAction(type: EntryAction['type'], templates: readonly string[]): EntryAction {
  switch (type) {
    case 'notify':
      return { type, template: templates[0] ?? 'approval-requested', to: ['requester'] }
    case 'webhook':
      return { type, event: 'request.changed' }
    case 'setField':
      return { type, field: 'status', value: '' }
    case 'createTask':
      return { type, title: 'Follow up', assignee: 'requester' }
  }
}

/** Comma-separated text as a list: trimmed, blanks dropped. */
export function listFromText(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
}

/** A condition's or setField's value typed as text: numbers, true/false and null become JSON values. */
export function scalarFromText(text: string): string | number | boolean | null {
  const trimmed = text.trim()
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true'
  if (trimmed === 'null') return null
  if (trimmed !== '' && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed)
  return text
}

/** A condition's value for `operator`, from the text typed: a list for in/nin, a boolean for exists. */
export function conditionValueFromText(operator: RuleOperator, text: string): unknown {
  if (operator === 'in' || operator === 'nin') return listFromText(text).map(scalarFromText)
  if (operator === 'exists') return text.trim() !== 'false'
  return scalarFromText(text)
}

/** A stored value as the text that types it again. */
export function textOfValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(textOfValue).join(', ')
  if (value === undefined) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}
