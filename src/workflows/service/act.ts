/**
 * Acting on a request: approve, reject, request changes, comment, amend, submit a draft, cancel.
 * In one transaction: the request is locked and read as the caller (their rules decide whether
 * they see it at all), checked against the revision or step they saw, the engine decides (only
 * assignees approve; a substitute acts for an assignee through an active delegation, recorded as
 * such), and the result is written with compare-and-set, its history appended and its effects queued.
 */
import { Slugs } from '../../../collections/slugs'
import { idOf, idsOf, type Id } from '../../access/ids'
import { replaceRelationship } from '../../db/systemRows'
import { Errors } from '../../http/errors'
import type { Request as RequestDoc, RequestType } from '../../payload-types'
import { durationMs } from '../definition'
import { describeZodError, personEventSchema, type PersonEvent } from '../inputs'
import type { Actor, Instance } from '../types'
import { afterTransition, commitTransition, RevisionConflict } from './commit'
import { asCaller, definitionById, inRequestTransaction, instanceOf, type Caller, type ServiceRequest } from './context'
import { decide } from './decide'
import { delegatorFor, stepAmount } from './people'
import { checkRequestData } from './requestData'
import { refused } from './submit'

/** What the caller saw, when they want their action refused if the request moved on since. */
export interface ActOptions {
  /** the request's revision they saw: any change since → 409 */
  revision?: number
  /** the step (stepEpoch) they saw: a new step since → 409; approvals within one step still count */
  step?: number
}

const APPROVER_EVENTS = new Set(['approve', 'reject', 'requestChanges'])

/** Applies `event` to request `id` as `caller`; returns the request as they may now read it. */
export async function actOnRequest(
  caller: Caller,
  id: Id,
  rawEvent: unknown,
  options: ActOptions = {},
): Promise<RequestDoc> {
  const parsed = personEventSchema.safeParse(rawEvent)
  if (!parsed.success) throw Errors.invalidWorkflowAction(describeZodError(parsed.error))
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptAct(caller, id, parsed.data as PersonEvent, options)
    } catch (err) {
      // Only where nothing locked the request (MongoDB) can another writer come first: read it again and
      // decide again (`transition` is pure), unless the caller asked for the revision or step they saw.
      if (!(err instanceof RevisionConflict)) throw err
      if (options.revision !== undefined || options.step !== undefined || attempt >= MAX_ATTEMPTS)
        throw Errors.requestChanged(`${err.message}; try again`)
    }
  }
}

/** How often an action is decided again after another writer came first. */
const MAX_ATTEMPTS = 5

async function attemptAct(caller: Caller, id: Id, event: PersonEvent, options: ActOptions): Promise<RequestDoc> {
  const { payload } = caller
  return inRequestTransaction(payload, id, async (req) => {
    const doc = (await payload
      .findByID({ collection: Slugs.requests, id, ...asCaller(caller, req) })
      .catch(() => null)) as RequestDoc | null
    if (!doc) throw Errors.requestNotFound()
    if (options.revision !== undefined && options.revision !== doc.revision)
      throw Errors.requestChanged(`The request changed since revision ${options.revision}: it is at ${doc.revision}`)
    if (options.step !== undefined && options.step !== doc.stepEpoch)
      throw Errors.requestChanged(`The request moved on from the step you saw: it is now in "${doc.state}"`)
    const definition = await definitionById(payload, idOf(doc.workflow)!, req)
    const instance = instanceOf(doc)
    const now = new Date().toISOString()
    const extra: Partial<RequestDoc> = {}
    let records: (number | string)[] | undefined
    if (event.type === 'submit' || event.type === 'amend') {
      const type = (await payload.findByID({
        collection: Slugs.requestTypes,
        id: idOf(doc.requestType)!,
        depth: 0,
        overrideAccess: true,
        req,
      })) as RequestType
      const data = { ...instance.data, ...event.data }
      const checked = await checkRequestData(caller, type, data, idOf(doc.tenant)!, req)
      event = { ...event, data: checked.data }
      if (checked.title !== doc.title) extra.title = checked.title
      const before = idsOf(doc.records).map(String)
      if (before.join() !== checked.records.map(String).join()) records = checked.records
      // A draft's first submission starts the clock of the answer promised to the client.
      if (event.type === 'submit' && !doc.submittedAt) {
        extra.submittedAt = now
        if (type.promisedWithin)
          extra.promisedBy = new Date(Date.parse(now) + durationMs(type.promisedWithin)).toISOString()
      }
    }
    const actor = await actorFor(caller, doc, instance, event, now, req, definition)
    const result = await decide({ payload, definition, tenant: idOf(doc.tenant)!, actor, now, req }, instance, event)
    if (!result.ok) throw refused(result.refusal)
    const note = { reason: 'reason' in event ? event.reason : undefined, comment: event.comment, actor: actor.id }
    await commitTransition(req, definition, doc, result, { now, note, extra })
    if (records) await replaceRelationship(payload, req, Slugs.requests, doc.id, 'records', Slugs.records, records)
    return afterTransition(doc, definition, result.next, now, extra)
  })
}

/** The engine's actor: the caller, standing in for an assignee when they are a substitute rather than one. */
async function actorFor(
  caller: Caller,
  doc: RequestDoc,
  instance: Instance,
  event: PersonEvent,
  now: string,
  req: ServiceRequest,
  definition: Awaited<ReturnType<typeof definitionById>>,
): Promise<Actor> {
  const id = String(caller.user.id)
  const actor: Actor = { id, roles: [], tenant: String(idOf(doc.tenant)) }
  if (!APPROVER_EVENTS.has(event.type) || instance.assignees.includes(id)) return actor
  const approved = new Set(instance.approvals.map((approval) => approval.by))
  const amount = stepAmount(definition, instance)
  const principal = await delegatorFor(
    caller.payload,
    {
      substitute: caller.user.id,
      tenant: idOf(doc.tenant)!,
      principals: instance.assignees.filter((assignee) => !approved.has(assignee)),
      now,
      ...(amount === undefined ? {} : { amount }),
    },
    req,
  )
  return principal ? { ...actor, onBehalfOf: principal } : actor
}
