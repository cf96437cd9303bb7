/**
 * Checks a definition before it is saved: the schema's shapes, then everything that needs the
 * whole definition. Every problem is returned at once, each message naming the state at fault, so
 * staff can fix a definition in one pass.
 */
import type { z } from 'zod'
import { PROTOTYPE_KEYS } from '../access/rules'
import { conditionProblem } from './conditions'
import { definitionSchema, durationMs, stateOf, targetsOf, type Definition, type State } from './definition'

/** What the caller knows that a definition may refer to. */
export interface ValidationCatalogue {
  /** names of the notification templates that exist (templates/) */
  templates: readonly string[]
}

/** A valid definition, or every problem found. */
export type ValidationResult = { ok: true; definition: Definition } | { ok: false; problems: string[] }

/** The definition in `input`, or every problem with it. */
export function validateDefinition(input: unknown, catalogue: ValidationCatalogue): ValidationResult {
  const parsed = definitionSchema.safeParse(input)
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => describeIssue(issue, input)) }
  const problems = semanticProblems(parsed.data, catalogue)
  return problems.length ? { ok: false, problems } : { ok: true, definition: parsed.data }
}

/** A schema issue, its path starting with the state's key instead of its index. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const [first, index, ...rest] = issue.path
  if (first === 'states' && typeof index === 'number') {
    const raw = (input as { states?: { key?: unknown }[] }).states?.[index]
    const name = typeof raw?.key === 'string' ? `state "${raw.key}"` : `state #${index + 1}`
    return `${name}${rest.length ? ` (${rest.join('.')})` : ''}: ${issue.message}`
  }
  return `${issue.path.length ? issue.path.join('.') : 'definition'}: ${issue.message}`
}

function semanticProblems(definition: Definition, catalogue: ValidationCatalogue): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const state of definition.states) {
    if (seen.has(state.key)) problems.push(`state "${state.key}": the key is used by more than one state`)
    seen.add(state.key)
  }
  if (!stateOf(definition, definition.initial)) problems.push(`initial state "${definition.initial}" does not exist`)
  const cancel = definition.cancel === undefined ? undefined : stateOf(definition, definition.cancel)
  if (definition.cancel !== undefined && !cancel) problems.push(`cancel state "${definition.cancel}" does not exist`)
  if (cancel && cancel.kind !== 'final') problems.push(`cancel state "${cancel.key}" is not a final state`)
  for (const state of definition.states) problems.push(...stateProblems(state, definition, catalogue))
  for (const key of unreachable(definition))
    problems.push(`state "${key}": no path from "${definition.initial}" reaches it`)
  const loop = decisionLoop(definition)
  if (loop) problems.push(`state "${loop[0]}": decisions lead back to themselves (${loop.join(' → ')})`)
  return problems
}

function stateProblems(state: State, definition: Definition, catalogue: ValidationCatalogue): string[] {
  const at = `state "${state.key}"`
  const problems: string[] = []
  for (const { via, to } of targetsOf(state)) {
    if (!stateOf(definition, to)) problems.push(`${at}: ${via} leads to "${to}", which does not exist`)
  }
  for (const action of state.onEnter ?? []) {
    if (action.type === 'notify' && !catalogue.templates.includes(action.template))
      problems.push(`${at}: notify uses template "${action.template}", which does not exist`)
    if (action.type === 'setField' && !/^[A-Za-z_]\w*$/.test(action.field))
      problems.push(`${at}: setField sets a top-level field by name, not "${action.field}"`)
    if (action.type === 'setField' && PROTOTYPE_KEYS.includes(action.field as never))
      problems.push(`${at}: setField may not name ${PROTOTYPE_KEYS.join(', ')}`)
  }
  if (state.kind === 'decision') {
    const defaultAt = state.branches.findIndex((branch) => !branch.when?.length)
    if (defaultAt === -1) problems.push(`${at}: the last branch must have no conditions (the default)`)
    else if (defaultAt !== state.branches.length - 1)
      problems.push(`${at}: branch ${defaultAt + 1} has no conditions, so the branches after it are never taken`)
    for (const [i, branch] of state.branches.entries()) {
      const seen = new Set<string>()
      for (const condition of branch.when ?? []) {
        const problem = conditionProblem(condition)
        if (problem) problems.push(`${at}: ${problem}`)
        const pair = `${condition.field} ${condition.operator}`
        if (seen.has(pair))
          problems.push(`${at}: branch ${i + 1} gives ${condition.operator} on "${condition.field}" twice`)
        seen.add(pair)
      }
    }
  }
  if (state.kind === 'approval') {
    if (!state.onReject) problems.push(`${at}: an approval needs onReject (where a rejection leads)`)
    if (state.onReject && state.rejectReasons.length === 0)
      problems.push(`${at}: a rejection needs a reason code, so rejectReasons must list at least one`)
    if (state.onRequestChanges && state.changeReasons.length === 0)
      problems.push(`${at}: requesting changes needs a reason code, so changeReasons must list at least one`)
    if (!state.onRequestChanges && state.changeReasons.length > 0)
      problems.push(`${at}: changeReasons are listed but there is no onRequestChanges`)
    if (state.policy.kind === 'quorum' && state.policy.n < 2)
      problems.push(`${at}: a quorum of ${state.policy.n} is the "any" policy; write that instead`)
    if (state.limitField?.split('.').some((part) => PROTOTYPE_KEYS.includes(part as never)))
      problems.push(`${at}: limitField may not name ${PROTOTYPE_KEYS.join(', ')}`)
    if (state.sla) {
      const due = durationMs(state.sla.due)
      if (due === 0) problems.push(`${at}: the SLA's due duration is zero`)
      for (const reminder of state.sla.reminders) {
        if (durationMs(reminder) >= due)
          problems.push(`${at}: reminder ${reminder} is not before the due time ${state.sla.due}`)
      }
    }
  }
  return problems
}

/** Keys of the states no path from the initial state reaches (cancel is reachable from any open state). */
function unreachable(definition: Definition): string[] {
  const reached = new Set<string>()
  const queue = [definition.initial]
  while (queue.length) {
    const key = queue.shift()!
    const state = stateOf(definition, key)
    if (reached.has(key) || !state) continue
    reached.add(key)
    queue.push(...targetsOf(state).map((target) => target.to))
    if (definition.cancel && (state.kind === 'form' || state.kind === 'approval')) queue.push(definition.cancel)
  }
  return [...new Set(definition.states.map((state) => state.key))].filter((key) => !reached.has(key))
}

/** A cycle made only of decision states (it would route forever), if there is one. */
function decisionLoop(definition: Definition): string[] | undefined {
  const done = new Set<string>()
  const visit = (key: string, path: string[]): string[] | undefined => {
    if (path.includes(key)) return [...path.slice(path.indexOf(key)), key]
    const state = stateOf(definition, key)
    if (done.has(key) || state?.kind !== 'decision') return undefined
    for (const branch of state.branches) {
      const loop = visit(branch.to, [...path, key])
      if (loop) return loop
    }
    done.add(key)
    return undefined
  }
  for (const state of definition.states) {
    const loop = visit(state.key, [])
    if (loop) return loop
  }
  return undefined
}
