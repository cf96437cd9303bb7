/**
 * The inputs a test run starts with, made from the definition being edited so that the first
 * click on "Run" already shows something worth reading: sample data that takes each decision's
 * first branch, one candidate per assignee role (as many as a quorum needs), and a script in which
 * the requester submits and every approval step on that path is approved, the first step with an
 * SLA only after its first reminder, so the timeline shows timers firing and going stale.
 */
import { durationMs } from '../../../src/workflows/definition'
import type { DraftDefinition, DraftState } from './definitionDraft'

/** A person who may be assigned, as the test-run form edits them. */
export interface CandidateRow {
  id: string
  role: string
  scope: 'client' | 'vendor'
  /** '' none, 'unlimited', or a number as typed */
  limit: string
}

/** The events a script row may hold (timers fire by themselves on the fake clock). */
export const SCRIPT_EVENTS = ['submit', 'approve', 'reject', 'requestChanges', 'comment', 'cancel'] as const
/** A kind of scripted event. */
export type ScriptEvent = (typeof SCRIPT_EVENTS)[number]

/** One scripted event as the form edits it. */
export interface ScriptRow {
  /** ISO time, UTC */
  at: string
  actor: string
  event: ScriptEvent
  /** reject and request changes: the reason code; comment: the text */
  detail: string
}

/** Everything the test-run form holds. */
export interface TestRunInputs {
  requester: string
  start: string
  /** sample data, as JSON text */
  sampleData: string
  candidates: CandidateRow[]
  script: ScriptRow[]
  /** run the clock to here (ISO); '' for the last event */
  until: string
}

const HOUR = 3_600_000
const at = (start: string, offsetMs: number) => new Date(Date.parse(start) + offsetMs).toISOString()

/** A value that satisfies `operator value` (a first branch should be taken, and look like real data). */
function satisfying(operator: string, value: unknown): unknown {
  const number = typeof value === 'number' ? value : undefined
  switch (operator) {
    case 'eq':
      return value
    case 'ne':
      return typeof value === 'number' ? value + 1 : `not ${String(value)}`
    case 'gt':
    case 'gte':
      return number === undefined ? value : number > 0 ? number * 2 : number + 1
    case 'lt':
    case 'lte':
      return number === undefined ? value : number > 0 ? Math.floor(number / 2) : number - 1
    case 'in':
      return Array.isArray(value) ? value[0] : value
    case 'nin':
      return 'other'
    case 'exists':
      return value === false ? undefined : 'yes'
    default:
      return value
  }
}

/** Sample data that takes the first branch of every decision (later decisions do not undo earlier ones). */
function sampleDataFor(definition: DraftDefinition): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const state of definition.states) {
    if (state.kind !== 'decision') continue
    for (const condition of state.branches[0]?.when ?? []) {
      const top = condition.field.split('.')[0]!
      if (top in data) continue
      const value = satisfying(condition.operator, condition.value)
      if (value !== undefined && !condition.field.includes('.')) data[top] = value
    }
  }
  return data
}

/** The candidates of an approval step: one per assignee rule, as many of the first as a quorum needs. */
function candidatesFor(state: Extract<DraftState, { kind: 'approval' }>): CandidateRow[] {
  const needed = state.policy.kind === 'quorum' ? state.policy.n : 1
  const limit = state.limitField ? 'unlimited' : ''
  return state.assignees.flatMap((rule, r) =>
    Array.from({ length: r === 0 ? needed : 1 }, (_, i) => ({
      id: `${rule.role}-${i + 1}`,
      role: rule.role,
      scope: rule.scope,
      limit,
    })),
  )
}

/** Default test-run inputs for `definition`. */
export function testRunDefaults(definition: DraftDefinition, start = '2026-01-05T09:00:00.000Z'): TestRunInputs {
  const requester = 'requester'
  const sampleData = sampleDataFor(definition)
  const byKey = new Map(definition.states.map((state) => [state.key, state]))
  const candidates: CandidateRow[] = []
  for (const state of definition.states) {
    if (state.kind !== 'approval') continue
    const escalation = (state.sla?.onBreach.assignees ?? []).map((rule) => ({
      id: `${rule.role}-1`,
      role: rule.role,
      scope: rule.scope,
      limit: state.limitField ? 'unlimited' : '',
    }))
    for (const candidate of [...candidatesFor(state), ...escalation]) {
      if (!candidates.some((c) => c.role === candidate.role && c.scope === candidate.scope && c.id === candidate.id))
        candidates.push(candidate)
    }
  }
  // Walk the happy path: submit the forms, take the first branch, approve every approval step.
  const script: ScriptRow[] = []
  let clock = Date.parse(start)
  let slaShown = false
  const visited = new Set<string>()
  let state = byKey.get(definition.initial)
  while (state && !visited.has(state.key)) {
    visited.add(state.key)
    if (state.kind === 'form') {
      clock += HOUR / 12
      script.push({ at: new Date(clock).toISOString(), actor: requester, event: 'submit', detail: '' })
      state = byKey.get(state.onSubmit)
    } else if (state.kind === 'decision') {
      state = byKey.get(state.branches[0]?.to ?? '')
    } else if (state.kind === 'approval') {
      const reminder = state.sla?.reminders?.[0]
      // The first step with an SLA is approved after its first reminder, so the run shows one firing.
      const wait = !slaShown && reminder ? durationMs(reminder) + 2 * HOUR : 2 * HOUR
      if (state.sla) slaShown = true
      clock += wait
      const assigned = candidatesFor(state)
      const approving =
        state.policy.kind === 'all' ? assigned : assigned.slice(0, state.policy.kind === 'quorum' ? state.policy.n : 1)
      for (const candidate of approving) {
        script.push({ at: new Date(clock).toISOString(), actor: candidate.id, event: 'approve', detail: '' })
        clock += HOUR / 4
      }
      state = byKey.get(state.onApprove)
    } else break
  }
  // Three days past the last event: timers of steps already left show as ignored.
  const last = script.at(-1)?.at ?? start
  return {
    requester,
    start,
    sampleData: JSON.stringify(sampleData, null, 2),
    candidates,
    script,
    until: at(last, 72 * HOUR),
  }
}

/** The body of POST /api/workflow-definitions/simulate for `inputs`, or why the inputs cannot be sent. */
export function simulationBody(
  definition: unknown,
  inputs: TestRunInputs,
): { ok: true; body: Record<string, unknown> } | { ok: false; message: string } {
  let sampleData: unknown
  try {
    sampleData = inputs.sampleData.trim() === '' ? {} : JSON.parse(inputs.sampleData)
  } catch {
    return { ok: false, message: 'Sample data is not valid JSON' }
  }
  if (!sampleData || typeof sampleData !== 'object' || Array.isArray(sampleData))
    return { ok: false, message: 'Sample data must be a JSON object, like {"amount": 12000}' }
  const candidates = inputs.candidates.map(({ id, role, scope, limit }) => {
    const trimmed = limit.trim()
    const approvalLimit = trimmed === '' ? undefined : trimmed === 'unlimited' ? 'unlimited' : Number(trimmed)
    return { id, role, scope, ...(approvalLimit === undefined ? {} : { approvalLimit }) }
  })
  const badLimit = candidates.find((c) => typeof c.approvalLimit === 'number' && !Number.isFinite(c.approvalLimit))
  if (badLimit) return { ok: false, message: `The limit of ${badLimit.id} is not a number or "unlimited"` }
  const script = inputs.script.map(({ at: time, actor, event, detail }) => ({
    at: time,
    actor: { id: actor },
    event:
      event === 'reject' || event === 'requestChanges'
        ? { type: event, ...(detail.trim() ? { reason: detail.trim() } : {}) }
        : event === 'comment'
          ? { type: event, comment: detail }
          : { type: event },
  }))
  return {
    ok: true,
    body: {
      definition,
      sampleData,
      requester: inputs.requester,
      start: inputs.start,
      ...(inputs.until ? { until: inputs.until } : {}),
      candidates,
      script,
    },
  }
}
