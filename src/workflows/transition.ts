/**
 * The workflow engine: a pure function from (definition, instance, event, context) to the next
 * instance and the effects the caller must carry out. No I/O, no clock, no randomness: the same
 * inputs give the same result, which is what makes simulation and compare-and-set retries safe.
 *
 * Entering a state runs its entry actions; a decision routes at once (and chains); an approval
 * resolves its assignees and arms its SLA timers as effects carrying the step's epoch.
 */
import { approvalsNeeded, eligible, escalatedAssignees, policyMet } from './approval'
import { conditionsHold } from './conditions'
import { durationMs, stateOf, type ApprovalState, type Definition, type State } from './definition'
import {
  SYSTEM_ACTOR,
  type Effect,
  type HistoryEntry,
  type Instance,
  type Refusal,
  type RefusalId,
  type TransitionContext,
  type TransitionResult,
  type WorkflowEvent,
} from './types'

/** A transition under way: the instance as it changes, and the effects so far. */
interface Run {
  definition: Definition
  context: TransitionContext
  instance: Instance
  effects: Effect[]
}

const refuse = (id: RefusalId, message: string): TransitionResult => ({ ok: false, refusal: { id, message } })

/** Starts a request: the initial state is entered (and any decisions after it routed). */
export function start(
  definition: Definition,
  data: Record<string, unknown>,
  requester: string,
  context: TransitionContext,
): TransitionResult {
  const instance: Instance = {
    state: '',
    data: { ...data },
    revision: 0,
    stepEpoch: 0,
    requester,
    assignees: [],
    approvals: [],
  }
  const run: Run = { definition, context, instance, effects: [] }
  const problem = enter(run, definition.initial)
  return problem
    ? { ok: false, refusal: problem }
    : { ok: true, next: { ...run.instance, revision: 1 }, effects: run.effects }
}

/**
 * Moves a request to state `key` of `definition`, as if a transition led there: what a migration
 * to another version of the workflow does (the state is entered: new step, assignees, timers,
 * entry actions). The history entry saying who migrated it is the caller's.
 */
export function moveTo(
  definition: Definition,
  instance: Instance,
  key: string,
  context: TransitionContext,
): TransitionResult {
  const run: Run = { definition, context, instance: { ...instance }, effects: [] }
  const problem = enter(run, key)
  return problem
    ? { ok: false, refusal: problem }
    : { ok: true, next: { ...run.instance, revision: instance.revision + 1 }, effects: run.effects }
}

/** The next instance and effects after `event`, or why the event is refused (nothing changes then). */
export function transition(
  definition: Definition,
  instance: Instance,
  event: WorkflowEvent,
  context: TransitionContext,
): TransitionResult {
  const state = stateOf(definition, instance.state)
  if (!state)
    return refuse('unknown_state', `The request is in state "${instance.state}", which the definition does not have`)
  // A timer armed by an earlier step is an audited no-op wherever the request is now, final or not.
  if (event.type === 'timer' && event.epoch !== instance.stepEpoch) {
    const run: Run = { definition, context, instance, effects: [] }
    ignoreTimer(run, event)
    return { ok: true, next: instance, effects: run.effects }
  }
  if (state.kind === 'final')
    return refuse('final_state', `The request is ${state.outcome} (state "${state.key}") and accepts no ${event.type}`)
  const run: Run = { definition, context, instance: { ...instance }, effects: [] }
  const refusal = apply(run, state, event)
  if (refusal) return { ok: false, refusal }
  const changed = JSON.stringify(run.instance) !== JSON.stringify(instance)
  return {
    ok: true,
    next: changed ? { ...run.instance, revision: instance.revision + 1 } : instance,
    effects: run.effects,
  }
}

/** Applies `event` to the run, or says why it is refused. */
function apply(run: Run, state: Exclude<State, { kind: 'final' }>, event: WorkflowEvent): Refusal | undefined {
  const { actor } = run.context
  const principal = actor.onBehalfOf ?? actor.id
  const record = (extra: Partial<HistoryEntry> = {}) =>
    history(run, { actor: actor.id, onBehalfOf: actor.onBehalfOf, action: event.type, ...extra })
  const comment = 'comment' in event ? event.comment : undefined
  switch (event.type) {
    case 'submit':
    case 'amend': {
      if (state.kind !== 'form') return notAllowed(event.type, state)
      if (principal !== run.instance.requester)
        return { id: 'not_the_requester', message: `Only the requester may ${event.type} this request` }
      run.instance.data = { ...run.instance.data, ...event.data }
      record({ comment, detail: event.data ? { fields: Object.keys(event.data) } : undefined })
      return event.type === 'submit' ? enter(run, state.onSubmit) : undefined
    }
    case 'approve':
    case 'reject':
    case 'requestChanges': {
      if (state.kind !== 'approval') return notAllowed(event.type, state)
      if (!run.instance.assignees.includes(principal))
        return { id: 'not_an_assignee', message: `${principal} is not an assignee of step "${state.key}"` }
      if (run.instance.approvals.some((approval) => approval.by === principal))
        return { id: 'already_acted', message: `${principal} has already approved step "${state.key}"` }
      if (event.type === 'approve') {
        run.instance.approvals = [
          ...run.instance.approvals,
          { by: principal, actor: actor.onBehalfOf ? actor.id : undefined, at: run.context.now },
        ]
        record({ comment })
        return policyMet(state, run.instance) ? enter(run, state.onApprove) : undefined
      }
      const to = event.type === 'reject' ? state.onReject : state.onRequestChanges
      if (!to) return notAllowed(event.type, state)
      const allowed = event.type === 'reject' ? state.rejectReasons : state.changeReasons
      if (!event.reason)
        return { id: 'reason_required', message: `${event.type} needs a reason code: one of ${allowed.join(', ')}` }
      if (!allowed.includes(event.reason))
        return {
          id: 'unknown_reason',
          message: `"${event.reason}" is not a reason code of step "${state.key}": use one of ${allowed.join(', ')}`,
        }
      record({ reason: event.reason, comment })
      return enter(run, to)
    }
    case 'comment':
      record({ comment: event.comment })
      return undefined
    case 'cancel': {
      if (!run.definition.cancel)
        return { id: 'event_not_allowed', message: 'Requests of this workflow cannot be cancelled' }
      if (principal !== run.instance.requester)
        return { id: 'not_the_requester', message: 'Only the requester may cancel this request' }
      record({ comment })
      return enter(run, run.definition.cancel)
    }
    case 'timer':
      return timer(run, state, event)
  }
}

const notAllowed = (type: string, state: State): Refusal => ({
  id: 'event_not_allowed',
  message: `${type} is not possible in state "${state.key}" (a ${state.kind} state)`,
})

/** An SLA timer: a reminder, or a breach that escalates; one armed by an earlier step is an audited no-op. */
function timer(run: Run, state: State, event: Extract<WorkflowEvent, { type: 'timer' }>): Refusal | undefined {
  if (event.epoch !== run.instance.stepEpoch || state.kind !== 'approval') {
    ignoreTimer(run, event)
    return undefined
  }
  const system = { actor: SYSTEM_ACTOR.id, detail: { timer: event.timer, epoch: event.epoch } }
  if (event.timer === 'reminder') {
    const approved = new Set(run.instance.approvals.map((approval) => approval.by))
    const pending = run.instance.assignees.filter((id) => !approved.has(id))
    history(run, { ...system, action: 'reminded', detail: { ...system.detail, users: pending } })
    run.effects.push({ type: 'notify', reason: 'reminder', state: state.key, users: pending })
    return undefined
  }
  escalate(run, state)
  return undefined
}

function ignoreTimer(run: Run, event: Extract<WorkflowEvent, { type: 'timer' }>): void {
  const detail = { timer: event.timer, epoch: event.epoch, currentEpoch: run.instance.stepEpoch }
  history(run, { actor: SYSTEM_ACTOR.id, action: 'timerIgnored', detail })
}

/** Applies the SLA's breach escalation to the current step. */
function escalate(run: Run, state: ApprovalState): void {
  const before = run.instance.assignees
  const after = escalatedAssignees(state, run.instance, run.context.candidates)
  run.instance.assignees = after
  const added = after.filter((id) => !before.includes(id))
  history(run, {
    actor: SYSTEM_ACTOR.id,
    action: 'escalated',
    detail: { mode: state.sla?.onBreach.mode, added, assignees: after },
  })
  if (added.length) run.effects.push({ type: 'notify', reason: 'escalated', state: state.key, users: added })
}

function history(run: Run, entry: Omit<HistoryEntry, 'state' | 'at'>): void {
  const full: HistoryEntry = { ...entry, state: run.instance.state, at: run.context.now }
  for (const key of Object.keys(full) as (keyof HistoryEntry)[]) if (full[key] === undefined) delete full[key]
  run.effects.push({ type: 'history', entry: full })
}

/** Enters state `key`: a new step epoch, its entry actions, then what its kind does on entry. */
function enter(run: Run, key: string, depth = 0): Refusal | undefined {
  const state = stateOf(run.definition, key)
  if (!state) return { id: 'unknown_state', message: `The definition has no state "${key}"` }
  if (depth > run.definition.states.length)
    return { id: 'unknown_state', message: `Decisions from "${key}" route in a loop` }
  const i = run.instance
  run.instance = { ...i, state: key, stepEpoch: i.stepEpoch + 1, assignees: [], approvals: [], dueAt: undefined }
  delete run.instance.dueAt
  history(run, {
    actor: SYSTEM_ACTOR.id,
    action: 'entered',
    detail: state.kind === 'final' ? { outcome: state.outcome } : undefined,
  })
  for (const action of state.onEnter ?? []) {
    if (action.type === 'setField') run.instance.data = { ...run.instance.data, [action.field]: action.value }
    run.effects.push({ type: 'action', state: key, action })
  }
  if (state.kind === 'decision') {
    const branch = state.branches.find((b) => conditionsHold(b.when, run.instance.data)) ?? state.branches.at(-1)!
    return enter(run, branch.to, depth + 1)
  }
  if (state.kind === 'approval') startApproval(run, state)
  return undefined
}

/** Starts an approval step: assignees resolved, SLA timers armed, assignees told; understaffed steps escalate at once. */
function startApproval(run: Run, state: ApprovalState): void {
  const { now, candidates } = run.context
  const epoch = run.instance.stepEpoch
  run.instance.assignees = eligible(state, state.assignees, candidates, run.instance.data)
  if (state.sla) {
    const at = (duration: string) => new Date(Date.parse(now) + durationMs(duration)).toISOString()
    run.instance.dueAt = at(state.sla.due)
    for (const reminder of state.sla.reminders)
      run.effects.push({ type: 'scheduleTimer', timer: 'reminder', state: state.key, epoch, at: at(reminder) })
    run.effects.push({ type: 'scheduleTimer', timer: 'breach', state: state.key, epoch, at: run.instance.dueAt })
  }
  if (run.instance.assignees.length)
    run.effects.push({ type: 'notify', reason: 'assigned', state: state.key, users: run.instance.assignees })
  const needed = approvalsNeeded(state, run.instance.assignees)
  if (run.instance.assignees.length < needed) {
    history(run, {
      actor: SYSTEM_ACTOR.id,
      action: 'understaffed',
      detail: { assignees: run.instance.assignees.length, needed },
    })
    // Nobody could complete this step: the escalation meant for a late step applies now.
    if (state.sla) escalate(run, state)
  }
}
