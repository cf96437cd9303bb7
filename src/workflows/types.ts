/**
 * What `transition` reads and returns: a request's workflow instance, the events that move it,
 * the context the caller resolved (actor, candidates, time), the effects to carry out, and the
 * typed refusals. Ids are strings: the caller converts database ids once.
 */
import type { AssigneeRule, EntryAction } from './definition'

/** One approval given in the current step. */
export interface Approval {
  /** the assignee whose approval this is (the principal when a delegate acted) */
  by: string
  /** who clicked, when it was a delegate */
  actor?: string
  at: string
}

/** A request's place in its workflow: everything `transition` needs, nothing it must look up. */
export interface Instance {
  state: string
  data: Record<string, unknown>
  /** bumped on every change; the service writes with compare-and-set on it */
  revision: number
  /** bumped on every state entered; an SLA timer carries the epoch that armed it */
  stepEpoch: number
  requester: string
  /** the current approval step's assignees (empty elsewhere) */
  assignees: string[]
  /** the current approval step's approvals (empty elsewhere) */
  approvals: Approval[]
  /** when the current step's SLA is due, if it has one */
  dueAt?: string
}

/** Who acts. Delegation is resolved by the caller; the engine checks and records it. */
export interface Actor {
  id: string
  roles: string[]
  tenant?: string
  /** the user this actor stands in for (an active delegation the caller checked) */
  onBehalfOf?: string
}

/** The actor of timers and other things nobody clicked. */
export const SYSTEM_ACTOR: Actor = { id: 'system', roles: [] }

/** A user who holds an assignee role for this request, as the caller resolved them. */
export interface Candidate extends AssigneeRule {
  id: string
  /** the highest amount they may approve; absent: no authority where a limit field is set */
  approvalLimit?: number | 'unlimited'
}

/** What the caller resolved for one transition. */
export interface TransitionContext {
  actor: Actor
  /** everyone holding an assignee role for this request (by role and scope) */
  candidates: Candidate[]
  /** the current time, ISO 8601 (a fake clock is just a value) */
  now: string
}

/** Something that happened to a request. */
export type WorkflowEvent =
  | { type: 'submit'; data?: Record<string, unknown>; comment?: string }
  | { type: 'amend'; data: Record<string, unknown>; comment?: string }
  | { type: 'approve'; comment?: string }
  | { type: 'reject'; reason?: string; comment?: string }
  | { type: 'requestChanges'; reason?: string; comment?: string }
  | { type: 'comment'; comment: string }
  | { type: 'cancel'; comment?: string }
  | { type: 'timer'; timer: TimerKind; epoch: number }

/** The kinds of SLA timer a step arms. */
export type TimerKind = 'reminder' | 'breach'

/** One line of a request's history (WorkflowEvents). */
export interface HistoryEntry {
  /** who acted: a user id, or `system` */
  actor: string
  /** whom the actor stood in for */
  onBehalfOf?: string
  /** an event type, or what the engine did: entered, escalated, timerIgnored, understaffed, reminded */
  action: string
  /** the state the request was in when it happened */
  state: string
  reason?: string
  comment?: string
  at: string
  /** anything else worth keeping: the users added, the timer ignored, … */
  detail?: Record<string, unknown>
}

/** What the caller must do after a transition, in order. */
export type Effect =
  | { type: 'history'; entry: HistoryEntry }
  /** an entry action of a state entered; setField is already applied to `next.data` */
  | { type: 'action'; state: string; action: EntryAction }
  | { type: 'scheduleTimer'; timer: TimerKind; state: string; epoch: number; at: string }
  /** a notification the engine itself sends: assigned, reminder, escalated */
  | { type: 'notify'; reason: 'assigned' | 'reminder' | 'escalated'; state: string; users: string[] }

/** Why an event was refused; stable ids a service maps to 4xx. */
export const REFUSALS = {
  final_state: 409,
  event_not_allowed: 409,
  not_an_assignee: 403,
  not_the_requester: 403,
  already_acted: 409,
  reason_required: 400,
  unknown_reason: 400,
  unknown_state: 409,
} as const

/** A refusal's stable id. */
export type RefusalId = keyof typeof REFUSALS

/** A refused event: nothing changes. */
export interface Refusal {
  id: RefusalId
  message: string
}

/** The next instance and its effects, or a refusal. */
export type TransitionResult = { ok: true; next: Instance; effects: Effect[] } | { ok: false; refusal: Refusal }
