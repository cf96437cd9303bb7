/**
 * Running the engine for a stored request: the people an approval step needs are looked up only
 * when the transition enters one (or escalates), since `transition` is pure and cheap to run twice.
 */
import type { Payload } from 'payload'
import type { Id } from '../../access/ids'
import { stateOf, type Definition } from '../definition'
import { start, transition } from '../transition'
import type { Actor, Effect, Instance, TransitionResult, WorkflowEvent } from '../types'
import type { ServiceRequest } from './context'
import { candidatesFor } from './people'

/** Whether a transition's effects show it needed the candidates (a step started or escalated). */
function neededPeople(definition: Definition, effects: Effect[]): boolean {
  return effects.some(
    (effect) =>
      effect.type === 'history' &&
      (effect.entry.action === 'escalated' ||
        (effect.entry.action === 'entered' && stateOf(definition, effect.entry.state)?.kind === 'approval')),
  )
}

/** What the service knows about the request it runs the engine for. */
export interface DecideInput {
  payload: Payload
  definition: Definition
  tenant: Id
  actor: Actor
  now: string
  req?: ServiceRequest
}

/** `transition` with the candidates resolved when they matter. */
export async function decide(input: DecideInput, instance: Instance, event: WorkflowEvent): Promise<TransitionResult> {
  return withPeople(input, (candidates) =>
    transition(input.definition, instance, event, { actor: input.actor, candidates, now: input.now }),
  )
}

/** `start` with the candidates resolved when they matter. */
export async function decideStart(input: DecideInput, data: Record<string, unknown>): Promise<TransitionResult> {
  return withPeople(input, (candidates) =>
    start(input.definition, data, String(input.actor.id), { actor: input.actor, candidates, now: input.now }),
  )
}

async function withPeople(
  input: DecideInput,
  run: (candidates: Awaited<ReturnType<typeof candidatesFor>>) => TransitionResult,
): Promise<TransitionResult> {
  const first = run([])
  if (!first.ok || !neededPeople(input.definition, first.effects)) return first
  return run(await candidatesFor(input.payload, input.definition, input.tenant, input.req))
}
