/**
 * Submitting a request: the request type's form checks the data, the rules decide whether the
 * person may create a request of that type for that client, and the request starts on the highest
 * published version of the type's workflow, in one transaction with its history and effects.
 */
import { storableId } from '../../access/ids'
import { subject } from '@casl/ability'
import { z } from 'zod'
import { Slugs } from '../../../collections/slugs'
import { abilityFor, tenantsOf, type AccessUser } from '../../access/ability'
import type { Id } from '../../access/ids'
import { inTransaction } from '../../db/inTransaction'
import { Errors } from '../../http/errors'
import type { Request as RequestDoc, RequestType } from '../../payload-types'
import { durationMs } from '../definition'
import { describeZodError } from '../inputs'
import { REFUSALS, type Effect } from '../types'
import { appendHistory, queueEffects } from './commit'
import { asCaller, definitionById, latestPublished, storedId, type Caller } from './context'
import { decide, decideStart, type DecideInput } from './decide'
import { checkRequestData } from './requestData'

/** What a submission names. */
export const submitInputSchema = z.strictObject({
  /** the request type's key */
  type: z.string().min(1).max(40),
  data: z.unknown(),
  /** the client account; may be left out by someone who acts for exactly one */
  tenant: z.union([z.string().min(1).max(100), z.number().int().positive()]).optional(),
  /** keep it as a draft in the form state instead of submitting it */
  draft: z.boolean().optional(),
  comment: z.string().trim().min(1).max(5000).optional(),
})

/** A submission's input. */
export type SubmitInput = z.input<typeof submitInputSchema>

/** Submits (or saves as a draft) a request as `caller`; returns it as the caller may read it. */
export async function submitRequest(caller: Caller, raw: SubmitInput): Promise<RequestDoc> {
  const parsed = submitInputSchema.safeParse(raw)
  if (!parsed.success) throw Errors.invalidInput('invalid_request', describeZodError(parsed.error))
  const input = parsed.data
  const { payload, user } = caller
  if (user.collection !== Slugs.users) throw Errors.forbidden('Requests are submitted by people, not accounts')
  const { docs } = await payload.find({
    collection: Slugs.requestTypes,
    where: { and: [{ key: { equals: input.type } }, { active: { equals: true } }] },
    limit: 1,
    ...asCaller(caller, { payload }),
  })
  const type = docs[0] as RequestType | undefined
  if (!type) throw Errors.unknownRequestType(input.type)
  const tenant = await tenantFor(caller, input.tenant)
  if (!(await maySubmit(caller, type.id, tenant)))
    throw Errors.forbidden(`You may not submit ${type.pluralLabel} for this client account`)
  const workflow = await latestPublished(payload, type.workflow)
  if (!workflow) throw Errors.unknownWorkflow(type.workflow)
  const id = await inTransaction(payload, async (tx) => {
    const req = { ...tx, payload }
    const checked = await checkRequestData(caller, type, input.data, tenant, req)
    const definition = await definitionById(payload, workflow.id, req)
    const now = new Date().toISOString()
    const context: DecideInput = { payload, definition, tenant, actor: { id: String(user.id), roles: [] }, now, req }
    const started = await decideStart(context, checked.data)
    if (!started.ok) throw refused(started.refusal)
    let { next } = started
    const effects: Effect[] = [...started.effects]
    if (!input.draft) {
      const submitted = await decide(context, next, { type: 'submit', comment: input.comment })
      if (!submitted.ok) throw refused(submitted.refusal)
      next = submitted.next
      effects.push(...submitted.effects)
    }
    const final = definition.states.find((s) => s.key === next.state)
    const doc = (await payload.db.create({
      collection: Slugs.requests,
      data: {
        title: checked.title,
        requestType: type.id,
        workflow: workflow.id,
        tenant,
        requester: user.id,
        records: checked.records,
        state: next.state,
        outcome: final?.kind === 'final' ? final.outcome : null,
        data: next.data,
        assignees: next.assignees.map((a) => storedId(payload, a)),
        approvals: next.approvals,
        revision: next.revision,
        stepEpoch: next.stepEpoch,
        dueAt: next.dueAt ?? null,
        submittedAt: input.draft ? null : now,
        promisedBy:
          !input.draft && type.promisedWithin
            ? new Date(Date.parse(now) + durationMs(type.promisedWithin)).toISOString()
            : null,
        closedAt: final?.kind === 'final' ? now : null,
        createdAt: now,
        updatedAt: now,
      },
      req,
    })) as RequestDoc
    await appendHistory(req, doc, effects, next.revision)
    await queueEffects(req, doc, definition, next, effects, { comment: input.comment, actor: String(user.id) })
    return doc.id
  })
  return payload.findByID({ collection: Slugs.requests, id, ...asCaller(caller, { payload }) }) as Promise<RequestDoc>
}

/** Whether the caller's rules let them submit requests of type `type` (an id) for client account `tenant`. */
export async function maySubmit(caller: Caller, type: Id, tenant: Id): Promise<boolean> {
  const ability = await abilityFor(caller.payload, caller.user as unknown as AccessUser)
  return ability.can('create', subject(Slugs.requests, { tenant, requestType: type, requester: caller.user.id }))
}

/** The client account named (one the caller can see), or the caller's only one; else 400. */
async function tenantFor(caller: Caller, named: string | number | undefined): Promise<Id> {
  if (named === undefined) {
    const tenants = await tenantsOf(caller.payload, caller.user as unknown as AccessUser)
    if (tenants.length === 1) return tenants[0]!
    throw Errors.invalidInput('tenant_required', 'Say which client account the request is for (tenant)')
  }
  const id = storableId(caller.payload, named)
  const found =
    id === undefined
      ? null
      : await caller.payload
          .findByID({ collection: Slugs.tenants, id, ...asCaller(caller, { payload: caller.payload }) })
          .catch(() => null)
  if (!found)
    throw Errors.invalidInput('unknown_tenant', `There is no client account ${String(named)} that you can see`)
  return found.id
}

/** The engine's refusal as an HTTP error with its status. */
export const refused = (refusal: { id: keyof typeof REFUSALS; message: string }) =>
  Errors.workflowRefusal(refusal.id, REFUSALS[refusal.id], refusal.message)
