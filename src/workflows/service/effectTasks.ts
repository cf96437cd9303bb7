/**
 * The jobs a workflow queues: its effects (messages, tasks, recorded events) and its SLA timers.
 * Both are queued in the transaction that changed the request, so they exist exactly when the
 * change does; each does its work once even when a job runs again after its process died
 * (effects.ts and timers.ts).
 */
import type { TaskConfig } from 'payload'
import type { AssigneeRule } from '../definition'
import type { TimerKind } from '../types'
import { runEffects } from './effects'
import { fireTimer } from './timers'

/** The slug of the task that carries out a transition's effects. */
export const WORKFLOW_EFFECTS_TASK = 'workflowEffects'
/** The slug of the task that fires an SLA timer when it is due. */
export const WORKFLOW_TIMER_TASK = 'workflowTimer'

/** One effect to carry out: people named by id (resolved at the transition) or by role (resolved now). */
export type QueuedEffect =
  /** a message of a catalogue event (src/notifications/catalogue.ts), which the notifications deliver */
  | { kind: 'notify'; event: string; template: string; users: string[]; roles: AssigneeRule[] }
  | { kind: 'createTask'; title: string; due?: string; users: string[]; roles: AssigneeRule[] }
  | { kind: 'webhook'; event: string; state: string }

/** What the effects need to know of the request, as the transition left it (so most need not read it). */
export interface RequestSnapshot {
  tenant: string
  workflow: string
  title: string
  state: string
  data: Record<string, unknown>
}

/** The input of a workflowEffects job. */
export interface EffectsInput {
  request: string
  snapshot: RequestSnapshot
  /** unique per transition: with the effect's position, the key that makes it happen once */
  transition: string
  /** the request's revision after the transition */
  revision: number
  effects: QueuedEffect[]
  /** the catalogue events the transition is (request.submitted, request.approved, …), for the rules */
  events?: string[]
  reason?: string
  comment?: string
  actor?: string
}

/** The input of a workflowTimer job. */
export interface TimerInput {
  request: string
  timer: TimerKind
  epoch: number
  at: string
}

// Attempts after 5 s, 10 s, 20 s, 40 s and 80 s (a mail server that is briefly down).
const retries = { attempts: 5, backoff: { type: 'exponential' as const, delay: 5_000 } }

/** Carries out a transition's effects. */
export const workflowEffectsTask = {
  slug: WORKFLOW_EFFECTS_TASK,
  label: 'Carry out the effects of a workflow transition',
  inputSchema: [
    { name: 'request', type: 'text', required: true },
    { name: 'snapshot', type: 'json', required: true },
    { name: 'transition', type: 'text', required: true },
    { name: 'revision', type: 'number', required: true },
    { name: 'effects', type: 'json', required: true },
    { name: 'events', type: 'json' },
    { name: 'reason', type: 'text' },
    { name: 'comment', type: 'textarea' },
    { name: 'actor', type: 'text' },
  ],
  retries,
  handler: async ({ input, req }) => {
    await runEffects(req.payload, input as unknown as EffectsInput)
    return { output: {} }
  },
} satisfies TaskConfig

/** Fires an SLA timer (a reminder or a breach) on the request that armed it. */
export const workflowTimerTask = {
  slug: WORKFLOW_TIMER_TASK,
  label: 'Fire a workflow SLA timer',
  inputSchema: [
    { name: 'request', type: 'text', required: true },
    { name: 'timer', type: 'text', required: true },
    { name: 'epoch', type: 'number', required: true },
    { name: 'at', type: 'text', required: true },
  ],
  retries,
  handler: async ({ input, req }) => {
    await fireTimer(req.payload, input as unknown as TimerInput)
    return { output: {} }
  },
} satisfies TaskConfig

/** The workflow's job tasks, for the jobs config. */
export const workflowTasks = [workflowEffectsTask, workflowTimerTask]
