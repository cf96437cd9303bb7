/**
 * Writing what a transition decided, in the caller's transaction: the request with a
 * compare-and-set on its revision, its history, and its effects as jobs. Either all of it is
 * stored or none of it: an effect is never queued for a change that did not happen, nor lost for
 * one that did.
 */
import { randomUUID } from 'node:crypto'
import { Slugs } from '../../../collections/slugs'
import { idOf } from '../../access/ids'
import { Errors } from '../../http/errors'
import type { Request as RequestDoc } from '../../payload-types'
import { stateOf, type Definition } from '../definition'
import type { Effect, HistoryEntry, Instance } from '../types'
import type { ServiceRequest } from './context'
import { WORKFLOW_EFFECTS_TASK, WORKFLOW_TIMER_TASK, type EffectsInput, type QueuedEffect } from './effectTasks'

/** What an event carried that the effects' messages quote (a reason code, a comment). */
export interface EventNote {
  reason?: string
  comment?: string
  actor?: string
}

/** A user id the engine holds as text, as the adapter stores it; `system` is nobody. */
const userId = (req: ServiceRequest, id: string): number | string | null =>
  id === 'system' ? null : req.payload.db.defaultIDType === 'number' ? Number(id) : id

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

/**
 * Stores `next` over `doc` if nobody changed the request since `doc` was read (its revision), or
 * throws 409 request_changed. The revision check and the write are one statement.
 */
export async function writeRequest(
  req: ServiceRequest,
  definition: Definition,
  doc: RequestDoc,
  next: Instance,
  now: string,
): Promise<void> {
  const written = await req.payload.db.updateOne({
    collection: Slugs.requests,
    where: { and: [{ id: { equals: doc.id } }, { revision: { equals: doc.revision } }] },
    data: instanceFields(definition, next, now),
    options: { atomic: true },
    req,
    returning: false,
  })
  if (written === null)
    throw Errors.requestChanged(`The request changed while this was being done (revision ${doc.revision}); try again`)
  const before = (doc.assignees ?? []).map((a) => String(idOf(a)))
  if (before.join() !== next.assignees.join())
    await req.payload.db.updateOne({
      collection: Slugs.requests,
      id: doc.id,
      data: { assignees: next.assignees.map((id) => userId(req, id)) },
      req,
      returning: false,
    })
}

/** Appends the history entries of `effects` for request `doc`. */
export async function appendHistory(
  req: ServiceRequest,
  doc: Pick<RequestDoc, 'id' | 'tenant'>,
  effects: Effect[],
  revision: number,
): Promise<void> {
  for (const effect of effects) {
    if (effect.type !== 'history') continue
    await req.payload.db.create({
      collection: Slugs.workflowEvents,
      data: historyRow(req, doc, effect.entry, revision),
      req,
    })
  }
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
  doc: Pick<RequestDoc, 'id'>,
  definition: Definition,
  next: Instance,
  effects: Effect[],
  note: EventNote,
): Promise<void> {
  const queued: QueuedEffect[] = []
  for (const effect of effects) {
    if (effect.type === 'scheduleTimer') {
      await req.payload.jobs.queue({
        task: WORKFLOW_TIMER_TASK,
        input: { request: String(doc.id), timer: effect.timer, epoch: effect.epoch, at: effect.at },
        waitUntil: new Date(effect.at),
        req: req as never,
      })
      continue
    }
    if (effect.type === 'notify') {
      // The state's own notify action to its assignees says it better than the generic message.
      const state = stateOf(definition, effect.state)
      const told = state?.onEnter?.some((a) => a.type === 'notify' && a.to.includes('assignees'))
      if (effect.reason === 'assigned' && told) continue
      queued.push({ kind: 'notify', template: ENGINE_TEMPLATES[effect.reason], users: effect.users, roles: [] })
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
          ? { kind: 'notify', template: action.template, users, roles }
          : { kind: 'createTask', title: action.title, due: action.due, users, roles },
      )
    }
    if (action.type === 'webhook') queued.push({ kind: 'webhook', event: action.event, state: effect.state })
  }
  if (queued.length === 0) return
  const input: EffectsInput = {
    request: String(doc.id),
    transition: randomUUID(),
    revision: next.revision,
    effects: queued,
    ...noteFields(note),
  }
  await req.payload.jobs.queue({ task: WORKFLOW_EFFECTS_TASK, input, req: req as never })
}

const noteFields = (note: EventNote) =>
  Object.fromEntries(Object.entries(note).filter(([, value]) => value !== undefined)) as EventNote

/** The email each of the engine's own notifications sends. */
const ENGINE_TEMPLATES = {
  assigned: 'approval-requested',
  reminder: 'approval-reminder',
  escalated: 'approval-escalated',
} as const
