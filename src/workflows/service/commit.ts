/**
 * Writing what a transition decided, in the caller's transaction: the request with a
 * compare-and-set on its revision, its history, and its effects as jobs. Either all of it is
 * stored or none of it: an effect is never queued for a change that did not happen, nor lost for
 * one that did.
 */
import { randomUUID } from 'node:crypto'
import { Slugs } from '../../../collections/slugs'
import { idOf } from '../../access/ids'
import { insertRows, replaceRelationship } from '../../db/systemRows'
import { jobRow } from '../../jobs/jobRow'
import type { Request as RequestDoc } from '../../payload-types'
import { stateOf, type Definition } from '../definition'
import { SYSTEM_ACTOR, type Effect, type HistoryEntry, type Instance, type TransitionResult } from '../types'
import { storedId, type ServiceRequest } from './context'
import {
  WORKFLOW_EFFECTS_TASK,
  WORKFLOW_TIMER_TASK,
  type EffectsInput,
  type QueuedEffect,
  type TimerInput,
} from './effectTasks'

/** What an event carried that the effects' messages quote (a reason code, a comment). */
export interface EventNote {
  reason?: string
  comment?: string
  actor?: string
}

/** A user id the engine holds as text, as the database stores it; the system is nobody. */
const userId = (req: ServiceRequest, id: string) => (id === SYSTEM_ACTOR.id ? null : storedId(req.payload, id))

/** The request's fields that mirror the engine's instance. */
function instanceFields(definition: Definition, next: Instance, now: string) {
  const state = stateOf(definition, next.state)
  const final = state?.kind === 'final'
  return {
    state: next.state,
    data: next.data,
    revision: next.revision,
    stepEpoch: next.stepEpoch,
    approvals: next.approvals,
    dueAt: next.dueAt ?? null,
    outcome: final ? state.outcome : null,
    closedAt: final ? now : null,
    updatedAt: now,
  }
}

/** Thrown when the request's revision moved between its read and the write (someone else wrote first). */
export class RevisionConflict extends Error {
  constructor(readonly revision: number) {
    super(`The request changed while this was being done (revision ${revision})`)
  }
}

/**
 * Stores `next` over `doc` if nobody changed the request since `doc` was read (its revision), or
 * throws RevisionConflict. The revision check and the write are one statement (on MongoDB, where
 * nothing locks the request first, this is what keeps concurrent writers apart).
 */
export async function writeRequest(
  req: ServiceRequest,
  definition: Definition,
  doc: RequestDoc,
  next: Instance,
  now: string,
  /** other fields of the request this transition changes (a new title, the first submission's time) */
  extra: Partial<Pick<RequestDoc, 'title' | 'submittedAt' | 'promisedBy'>> = {},
): Promise<void> {
  const written = await req.payload.db.updateOne({
    collection: Slugs.requests,
    where: { and: [{ id: { equals: doc.id } }, { revision: { equals: doc.revision } }] },
    data: { ...instanceFields(definition, next, now), ...extra },
    options: { atomic: true },
    req,
    // Not `returning: false`: MongoDB's adapter then answers null whether or not a document matched.
  })
  if (written === null) throw new RevisionConflict(doc.revision)
  const before = (doc.assignees ?? []).map((a) => String(idOf(a)))
  if (before.join() !== next.assignees.join()) {
    const assignees = next.assignees.map((id) => storedId(req.payload, id))
    await replaceRelationship(req.payload, req, Slugs.requests, doc.id, 'assignees', Slugs.users, assignees)
  }
}

/**
 * Stores what a transition decided about `doc`: the request (only if it changed, with `extra`
 * fields), its history and its effects' jobs, in `req`'s transaction.
 */
export async function commitTransition(
  req: ServiceRequest,
  definition: Definition,
  doc: RequestDoc,
  result: Extract<TransitionResult, { ok: true }>,
  { now, note, extra = {} }: { now: string; note: EventNote; extra?: Parameters<typeof writeRequest>[5] },
): Promise<void> {
  if (result.next.revision !== doc.revision) await writeRequest(req, definition, doc, result.next, now, extra)
  await appendHistory(req, doc, result.effects, result.next.revision)
  await queueEffects(req, doc, definition, result.next, result.effects, note)
}

/** Appends the history entries of `effects` for request `doc`, in one statement. */
export async function appendHistory(
  req: ServiceRequest,
  doc: Pick<RequestDoc, 'id' | 'tenant'>,
  effects: Effect[],
  revision: number,
): Promise<void> {
  const rows = effects.flatMap((effect) =>
    effect.type === 'history' ? [historyRow(req, doc, effect.entry, revision)] : [],
  )
  await insertRows(req.payload, req, Slugs.workflowEvents, rows)
}

function historyRow(
  req: ServiceRequest,
  doc: Pick<RequestDoc, 'id' | 'tenant'>,
  entry: HistoryEntry,
  revision: number,
) {
  return {
    request: doc.id,
    tenant: idOf(doc.tenant),
    actor: userId(req, entry.actor),
    onBehalfOf: entry.onBehalfOf ? userId(req, entry.onBehalfOf) : null,
    action: entry.action,
    state: entry.state,
    reason: entry.reason ?? null,
    comment: entry.comment ?? null,
    at: entry.at,
    revision,
    detail: entry.detail ?? null,
    createdAt: entry.at,
    updatedAt: entry.at,
  }
}

/**
 * Queues the effects of a transition as jobs in `req`'s transaction: one job for the messages,
 * tasks and events (each effect keyed so that a job run twice does it once), one per SLA timer,
 * due when the timer is. Recipients the request already names (requester, assignees) are resolved
 * now; roles when the job runs.
 */
export async function queueEffects(
  req: ServiceRequest,
  doc: Pick<RequestDoc, 'id' | 'tenant' | 'workflow' | 'title'>,
  definition: Definition,
  next: Instance,
  effects: Effect[],
  note: EventNote,
): Promise<void> {
  const queued: QueuedEffect[] = []
  const jobs: Record<string, unknown>[] = []
  const events = new Set<string>()
  for (const effect of effects) {
    if (effect.type === 'history') {
      const event = historyEvent(effect.entry)
      if (event) events.add(event)
      continue
    }
    if (effect.type === 'scheduleTimer') {
      const input: TimerInput = { request: String(doc.id), timer: effect.timer, epoch: effect.epoch, at: effect.at }
      jobs.push(jobRow(WORKFLOW_TIMER_TASK, input, effect.at))
      continue
    }
    if (effect.type === 'notify') {
      const event = ENGINE_EVENTS[effect.reason]
      events.add(event)
      if (effect.reason === 'assigned') events.add('request.assigned')
      // The state's own notify action to its assignees says it better than the generic message.
      const state = stateOf(definition, effect.state)
      const told = state?.onEnter?.some((a) => a.type === 'notify' && a.to.includes('assignees'))
      if (effect.reason === 'assigned' && told) continue
      queued.push({ kind: 'notify', event, template: ENGINE_TEMPLATES[effect.reason], users: effect.users, roles: [] })
      continue
    }
    if (effect.type !== 'action') continue
    const action = effect.action
    if (action.type === 'notify' || action.type === 'createTask') {
      const to = action.type === 'notify' ? action.to : [action.assignee]
      const users = to.flatMap((r) => (r === 'requester' ? [next.requester] : r === 'assignees' ? next.assignees : []))
      const roles = to.filter((r): r is Exclude<typeof r, string> => typeof r === 'object')
      queued.push(
        action.type === 'notify'
          ? { kind: 'notify', event: '', template: action.template, users, roles }
          : { kind: 'createTask', title: action.title, due: action.due, users, roles },
      )
    }
    if (action.type === 'webhook') queued.push({ kind: 'webhook', event: action.event, state: effect.state })
  }
  // A state's own message is of the event its template names, else of what the transition was.
  const primary = [...events][0] ?? 'request.submitted'
  for (const effect of queued)
    if (effect.kind === 'notify' && effect.event === '') effect.event = TEMPLATE_EVENTS[effect.template] ?? primary
  if (queued.length > 0 || events.size > 0) {
    const input: EffectsInput = {
      request: String(doc.id),
      snapshot: {
        tenant: String(idOf(doc.tenant)),
        workflow: String(idOf(doc.workflow)),
        title: doc.title,
        state: next.state,
        data: next.data,
      },
      transition: randomUUID(),
      revision: next.revision,
      effects: queued,
      events: [...events],
      ...noteFields(note),
    }
    jobs.push(jobRow(WORKFLOW_EFFECTS_TASK, input))
  }
  await insertRows(req.payload, req, 'payload-jobs', jobs)
}

const noteFields = (note: EventNote) =>
  Object.fromEntries(Object.entries(note).filter(([, value]) => value !== undefined)) as EventNote

/** The catalogue event of a history entry, if it is one people are told about. */
function historyEvent(entry: HistoryEntry): string | undefined {
  if (entry.action === 'entered') {
    const outcome = entry.detail?.outcome
    return outcome === 'approved' ? 'request.approved' : outcome === 'rejected' ? 'request.rejected' : undefined
  }
  return HISTORY_EVENTS[entry.action]
}

const HISTORY_EVENTS: Record<string, string> = {
  submit: 'request.submitted',
  amend: 'request.submitted',
  comment: 'request.commented',
  requestChanges: 'request.changesRequested',
}

/** The catalogue event of each of the engine's own notifications. */
const ENGINE_EVENTS = {
  assigned: 'approval.needed',
  reminder: 'request.dueSoon',
  escalated: 'request.slaBreached',
} as const

/** The catalogue event a definition's notify action is, by the template it sends (else the transition's). */
const TEMPLATE_EVENTS: Record<string, string> = {
  'approval-requested': 'approval.needed',
  'approval-reminder': 'request.dueSoon',
  'approval-escalated': 'request.slaBreached',
  'request-submitted': 'request.submitted',
  'request-approved': 'request.approved',
  'request-rejected': 'request.rejected',
  'changes-requested': 'request.changesRequested',
}

/** The email each of the engine's own notifications sends. */
const ENGINE_TEMPLATES = {
  assigned: 'approval-requested',
  reminder: 'approval-reminder',
  escalated: 'approval-escalated',
} as const

/**
 * `doc` (as its reader saw it) with what the transition wrote: only the fields the reader saw
 * are updated, so a field their rules hide stays hidden, and no second read is needed.
 */
export function afterTransition(
  doc: RequestDoc,
  definition: Definition,
  next: Instance,
  now: string,
  extra: Partial<RequestDoc> = {},
): RequestDoc {
  const written: Record<string, unknown> = {
    ...instanceFields(definition, next, now),
    ...extra,
    assignees: next.assignees,
  }
  const result: Record<string, unknown> = { ...doc }
  for (const key of Object.keys(written)) if (key in result) result[key] = written[key]
  if (Array.isArray(result.assignees))
    result.assignees = next.assignees.map((id) => (typeof doc.id === 'number' ? Number(id) : id))
  return result as unknown as RequestDoc
}
