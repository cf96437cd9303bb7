/**
 * SLA timers firing: a reminder or a breach, run through the engine as the system. A timer armed
 * by an earlier step is an audited no-op (the engine records `timerIgnored`). Each timer fires
 * once: the row that says so commits with the transition it made.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { idOf } from '../../access/ids'
import type { Request as RequestDoc } from '../../payload-types'
import { SYSTEM_ACTOR } from '../types'
import { commitTransition } from './commit'
import { definitionById, inRequestTransaction, instanceOf } from './context'
import { decide } from './decide'
import type { TimerInput } from './effectTasks'
import { done, markDone } from './effects'

/** Fires the timer of a workflowTimer job. */
export async function fireTimer(payload: Payload, input: TimerInput, now = new Date().toISOString()): Promise<void> {
  const key = `timer:${input.request}:${input.epoch}:${input.timer}:${input.at}`
  await inRequestTransaction(payload, input.request, async (req, tx) => {
    if (await done(payload, key, tx)) return
    const doc = (await payload
      .findByID({ collection: Slugs.requests, id: input.request, depth: 0, overrideAccess: true, req })
      .catch(() => null)) as RequestDoc | null
    if (!doc) return
    const definition = await definitionById(payload, idOf(doc.workflow)!, req)
    const instance = instanceOf(doc)
    const result = await decide(
      { payload, definition, tenant: idOf(doc.tenant)!, actor: SYSTEM_ACTOR, now, req },
      instance,
      { type: 'timer', timer: input.timer, epoch: input.epoch },
    )
    if (result.ok) await commitTransition(req, definition, doc, result, { now, note: { actor: SYSTEM_ACTOR.id } })
    await markDone(payload, key, `timer-${input.timer}`, input.request, tx)
  })
}
