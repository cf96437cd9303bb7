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
import { renderEmailTemplate } from '../../email/emailTemplates'
import type { Request as RequestDoc, User } from '../../payload-types'
import { durationMs } from '../definition'
import { definitionById } from './context'
import type { EffectsInput, QueuedEffect } from './effectTasks'
import { candidatesFor } from './people'

const isUniqueViolation = (err: unknown) =>
  /unique|duplicate key|E11000/i.test(String((err as Error)?.message ?? '')) ||
  (err as { name?: string })?.name === 'ValidationError'

/** Whether the effect (or timer) with `key` was carried out already. */
export async function done(payload: Payload, key: string, req?: TransactionRequest): Promise<boolean> {
  const found = await payload.db.findOne({ collection: Slugs.workflowEffectRuns, where: { key: { equals: key } }, req })
  return found !== null
}

/** Records that the effect (or timer) with `key` was carried out, in `req`'s transaction if given. */
export async function markDone(payload: Payload, key: string, kind: string, request: string, req?: TransactionRequest) {
  const now = new Date().toISOString()
  await payload.db.create({
    collection: Slugs.workflowEffectRuns,
    data: { key, kind, request, createdAt: now, updatedAt: now },
    req,
  })
}

/** Runs `work` and records `key` in one transaction, unless `key` is recorded already. */
async function once(
  payload: Payload,
  key: string,
  kind: string,
  request: string,
  work: (req: TransactionRequest) => Promise<void>,
) {
  try {
    await inTransaction(payload, async (req) => {
      if (await done(payload, key, req)) return
      await work(req)
      await markDone(payload, key, kind, request, req)
    })
  } catch (err) {
    // Another runner did it first: its row is the proof, and this run's work was rolled back.
    if (!isUniqueViolation(err) || !(await done(payload, key))) throw err
  }
}

/** Carries out every effect of one transition (a workflowEffects job). */
export async function runEffects(payload: Payload, input: EffectsInput): Promise<void> {
  const request = (await payload
    .findByID({ collection: Slugs.requests, id: input.request, depth: 0, overrideAccess: true })
    .catch(() => null)) as RequestDoc | null
  // A request deleted since (with its tenant) has nobody left to tell.
  if (!request) return
  for (const [index, effect] of input.effects.entries()) {
    const key = `${input.transition}:${index}`
    if (effect.kind === 'webhook') {
      await once(payload, key, 'webhook', input.request, async (req) => {
        await payload.create({
          collection: Slugs.outgoingEvents,
          data: {
            event: effect.event,
            request: request.id,
            tenant: idOf(request.tenant),
            payload: eventPayload(request, effect.state, input),
          } as never,
          overrideAccess: true,
          req,
        })
      })
      continue
    }
    const users = await recipients(payload, request, effect)
    if (effect.kind === 'createTask') {
      for (const user of users)
        await once(payload, `${key}:${user.id}`, 'createTask', input.request, async (req) => {
          await payload.create({
            collection: Slugs.tasks,
            data: {
              title: effect.title,
              assignee: user.id,
              request: request.id,
              tenant: idOf(request.tenant),
              status: 'open',
              ...(effect.due ? { due: new Date(Date.now() + durationMs(effect.due)).toISOString() } : {}),
            } as never,
            overrideAccess: true,
            req,
          })
        })
      continue
    }
    for (const user of users) await sendOnce(payload, `${key}:${user.id}`, request, user, effect.template, input)
  }
}

/** What a recorded event carries: enough for a receiver to act without calling back. */
const eventPayload = (request: RequestDoc, state: string, input: EffectsInput) => ({
  request: { id: request.id, title: request.title, state, revision: input.revision, data: request.data },
  tenant: idOf(request.tenant),
  at: new Date().toISOString(),
})

/** The people an effect is for, each once: by id, and by role among the request's candidates; active only. */
async function recipients(payload: Payload, request: RequestDoc, effect: Exclude<QueuedEffect, { kind: 'webhook' }>) {
  const ids = new Set(effect.users)
  if (effect.roles.length > 0) {
    const definition = await definitionById(payload, idOf(request.workflow)!)
    for (const candidate of await candidatesFor(payload, definition, idOf(request.tenant)!))
      if (effect.roles.some((rule) => rule.role === candidate.role && rule.scope === candidate.scope))
        ids.add(candidate.id)
  }
  if (ids.size === 0) return []
  const { docs } = await payload.find({
    collection: Slugs.users,
    where: { and: [{ id: { in: [...ids] } }, { active: { not_equals: false } }] },
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  return docs as User[]
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
    const email = renderEmailTemplate(template, await emailContext(payload, request, user, input))
    await payload.sendEmail({ to: user.email, ...email })
  }
  try {
    await markDone(payload, key, visible ? 'email' : 'email-skipped', String(request.id))
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
  }
}

/** The plain data an email template sees (every key present, so strict templates can test it). */
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
  const base = payload.config.serverURL || ''
  const url =
    user.kind === 'staff'
      ? `${base}/admin/collections/${Slugs.requests}/${request.id}`
      : `${base}/t/${encodeURIComponent(String(tenant.slug ?? tenant.id))}/requests/${request.id}`
  return {
    recipient: { name: user.name },
    tenant: { name: tenant.name },
    request: {
      title: request.title,
      typeName: type.singularLabel,
      state: request.state,
      url,
      dueAt: request.dueAt ?? null,
      promisedBy: request.promisedBy ?? null,
    },
    event: { reason: input.reason ?? null, comment: input.comment ?? null },
  }
}
