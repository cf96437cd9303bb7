/**
 * Carrying out a transition's effects, each once: a task made, an event recorded or the
 * transition's notification events published commits in one transaction with the row that says
 * it was done (WorkflowEffectRuns, unique by key), so a job run again after its process died skips
 * it. Messages are the notifications' to deliver (src/notifications): the preferences, the bell,
 * the access check at send time and the retries are theirs.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { inTransaction, type TransactionRequest } from '../../db/inTransaction'
import { insertRows } from '../../db/systemRows'
import { isUniqueViolation } from '../../db/uniqueViolation'
import { publishEvents } from '../../notifications/events'
import { durationMs } from '../definition'
import { SYSTEM_ACTOR } from '../types'
import { definitionById, storedId } from './context'
import type { EffectsInput, QueuedEffect } from './effectTasks'
import { candidatesFor } from './people'

/** Whether the effect (or timer) with `key` was carried out already. */
export async function done(payload: Payload, key: string, req?: TransactionRequest): Promise<boolean> {
  const found = await payload.db.findOne({ collection: Slugs.workflowEffectRuns, where: { key: { equals: key } }, req })
  return found !== null
}

/** Records that the effect (or timer) with `key` was carried out, in `req`'s transaction if given. */
export async function markDone(
  payload: Payload,
  key: string,
  kind: string,
  request: string,
  req: TransactionRequest = {},
) {
  const now = new Date().toISOString()
  await insertRows(payload, req, Slugs.workflowEffectRuns, [{ key, kind, request, createdAt: now, updatedAt: now }])
}

/**
 * Runs `work` and records `key` in one transaction. When `key` was recorded before (a job run
 * again), the record's unique index refuses it and the transaction, `work` included, rolls back.
 */
async function once(
  payload: Payload,
  key: string,
  kind: string,
  request: string,
  work: (req: TransactionRequest) => Promise<void>,
) {
  try {
    await inTransaction(payload, async (req) => {
      await work(req)
      await markDone(payload, key, kind, request, req)
    })
  } catch (err) {
    if (!isUniqueViolation(err) || !(await done(payload, key))) throw err
  }
}

/** Carries out every effect of one transition (a workflowEffects job). */
export async function runEffects(payload: Payload, input: EffectsInput): Promise<void> {
  const { snapshot } = input
  const now = new Date().toISOString()
  const request = storedId(payload, input.request)
  const tenant = storedId(payload, snapshot.tenant)
  const direct = new Map<string, { users: string[]; template: string }[]>()
  for (const [index, effect] of input.effects.entries()) {
    const key = `${input.transition}:${index}`
    if (effect.kind === 'webhook') {
      const row = { event: effect.event, request, tenant, payload: eventPayload(input), status: 'recorded' }
      await once(payload, key, 'webhook', input.request, (req) =>
        insertRows(payload, req, Slugs.outgoingEvents, [{ ...row, createdAt: now, updatedAt: now }]),
      )
      continue
    }
    const users = await recipients(payload, input, effect)
    if (effect.kind === 'createTask') {
      for (const user of users) {
        const due = effect.due ? new Date(Date.parse(now) + durationMs(effect.due)).toISOString() : null
        const row = { title: effect.title, assignee: user, request, tenant, status: 'open', due }
        await once(payload, `${key}:${user}`, 'createTask', input.request, async (req) => {
          const task = await payload.db.create({
            collection: Slugs.tasks,
            data: { ...row, createdAt: now, updatedAt: now },
            req: req as never,
          })
          await publishEvents(payload, req, [
            { type: 'task.assigned', tenant: snapshot.tenant, item: { id: String(task.id) }, actor: null },
          ])
        })
      }
      continue
    }
    const list = direct.get(effect.event) ?? []
    list.push({ users: users.map(String), template: effect.template })
    direct.set(effect.event, list)
  }
  await publishTransition(payload, input, direct)
}

/**
 * Publishes the transition's catalogue events (one job, keyed by the transition, so a run again
 * publishes nothing twice): the rules decide who else hears of each; the people the definition's
 * and the engine's own notifications name come along as the event's direct recipients.
 */
async function publishTransition(
  payload: Payload,
  input: EffectsInput,
  direct: Map<string, { users: string[]; template: string }[]>,
) {
  const types = new Set([...(input.events ?? []), ...direct.keys()])
  if (types.size === 0) return
  const actor = input.actor && input.actor !== SYSTEM_ACTOR.id ? input.actor : null
  const detail = { state: input.snapshot.state, reason: input.reason ?? null, comment: input.comment ?? null }
  const events = [...types].map((type) => ({
    type,
    tenant: input.snapshot.tenant,
    item: { id: input.request },
    actor,
    detail,
    direct: direct.get(type),
  }))
  await once(payload, `${input.transition}:events`, 'events', input.request, (req) =>
    publishEvents(payload, req, events),
  )
}

/** What a recorded event carries: enough for a receiver to act without calling back. */
const eventPayload = (input: EffectsInput) => ({
  request: {
    id: input.request,
    title: input.snapshot.title,
    state: input.snapshot.state,
    revision: input.revision,
    data: input.snapshot.data,
  },
  tenant: input.snapshot.tenant,
  at: new Date().toISOString(),
})

/** The ids of the people an effect is for, each once: named at the transition, and by role among the request's candidates now. */
async function recipients(payload: Payload, input: EffectsInput, effect: Exclude<QueuedEffect, { kind: 'webhook' }>) {
  const ids = new Set(effect.users)
  if (effect.roles.length > 0) {
    const definition = await definitionById(payload, input.snapshot.workflow)
    for (const candidate of await candidatesFor(payload, definition, input.snapshot.tenant))
      if (effect.roles.some((rule) => rule.role === candidate.role && rule.scope === candidate.scope))
        ids.add(candidate.id)
  }
  return [...ids].map((id) => storedId(payload, id))
}
