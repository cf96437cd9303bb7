/**
 * Carrying out a transition's effects, each once: a task made or an event recorded commits in one
 * transaction with the row that says it was done (WorkflowEffectRuns, unique by key), so a job run
 * again after its process died skips it. An email cannot join a transaction: it is sent, then
 * marked sent, so a process that dies between the two sends it again on the retry (at least
 * once, never lost).
 */
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { idOf } from '../../access/ids'
import { inTransaction, type TransactionRequest } from '../../db/inTransaction'
import { insertRows } from '../../db/systemRows'
import { renderEmailTemplate } from '../../email/emailTemplates'
import { logOverrideFailure, templateOverrides } from '../../../collections/Templates/templateOverrides'
import type { Request as RequestDoc, User } from '../../payload-types'
import { durationMs } from '../definition'
import { definitionById, storedId } from './context'
import type { EffectsInput, QueuedEffect } from './effectTasks'
import { requestEmailContext } from './emailContext'
import { candidatesFor } from './people'

/** Whether `err` (or what it wraps: drizzle wraps the driver's error) is a unique index refusing a row. */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { message?: string; code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505' || /UNIQUE constraint failed|duplicate key|E11000/i.test(String(e.message ?? '')))
      return true
  }
  return false
}

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
        await once(payload, `${key}:${user}`, 'createTask', input.request, (req) =>
          insertRows(payload, req, Slugs.tasks, [{ ...row, createdAt: now, updatedAt: now }]),
        )
      }
      continue
    }
    if (users.length === 0) continue
    const doc = (await payload
      .findByID({ collection: Slugs.requests, id: request, depth: 0, overrideAccess: true })
      .catch(() => null)) as RequestDoc | null
    // A request deleted since (with its tenant) has nobody left to tell.
    if (!doc) continue
    const { docs: people } = await payload.find({
      collection: Slugs.users,
      where: { and: [{ id: { in: users } }, { active: { not_equals: false } }] },
      pagination: false,
      depth: 0,
      overrideAccess: true,
    })
    for (const user of people as User[]) await sendOnce(payload, `${key}:${user.id}`, doc, user, effect.template, input)
  }
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

/** Sends template `template` about `request` to `user`, unless it was sent; only if they may still read it. */
async function sendOnce(
  payload: Payload,
  key: string,
  request: RequestDoc,
  user: User,
  template: string,
  input: EffectsInput,
): Promise<void> {
  if (await done(payload, key)) return
  const visible = await payload
    .findByID({ collection: Slugs.requests, id: request.id, depth: 0, user, overrideAccess: false })
    .then(() => true)
    .catch(() => false)
  if (visible) {
    const email = renderEmailTemplate(template, await emailContext(payload, request, user, input), {
      overrides: await templateOverrides(payload),
      tenant: idOf(request.tenant),
      onFailure: logOverrideFailure(payload),
    })
    await payload.sendEmail({ to: user.email, ...email })
  }
  try {
    await markDone(payload, key, visible ? 'email' : 'email-skipped', String(request.id))
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
  }
}

/** Loads what the email about `request` to `user` needs and builds its template's context. */
async function emailContext(payload: Payload, request: RequestDoc, user: User, input: EffectsInput) {
  const [tenant, type] = await Promise.all([
    payload.findByID({ collection: Slugs.tenants, id: idOf(request.tenant)!, depth: 0, overrideAccess: true }),
    payload.findByID({
      collection: Slugs.requestTypes,
      id: idOf(request.requestType)!,
      depth: 0,
      overrideAccess: true,
    }),
  ])
  return requestEmailContext({ serverURL: payload.config.serverURL || '', request, user, tenant, type, note: input })
}
