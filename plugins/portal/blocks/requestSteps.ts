/**
 * What the portal shows of a request's current step, read from its published workflow version
 * (parsed once per process by the workflow service): whether it is an approval, which reason codes
 * rejecting or asking for changes takes, and whether the requester is the one to act.
 */
import type { Payload } from 'payload'
import { idOf } from '../../../src/access/ids'
import type { Request as RequestDoc } from '../../../src/payload-types'
import { definitionById } from '../../../src/workflows/service/context'

/** The current step of a request as the portal presents it. */
export interface StepView {
  kind: 'form' | 'decision' | 'approval' | 'final' | 'unknown'
  rejectReasons: string[]
  changeReasons: string[]
  canReject: boolean
  canRequestChanges: boolean
}

/** The current step of `request`. */
export async function stepOf(payload: Payload, request: RequestDoc): Promise<StepView> {
  const workflow = idOf(request.workflow)
  const definition = workflow === undefined ? undefined : await definitionById(payload, workflow)
  const state = definition?.states.find((candidate) => candidate.key === request.state)
  if (!state)
    return { kind: 'unknown', rejectReasons: [], changeReasons: [], canReject: false, canRequestChanges: false }
  if (state.kind !== 'approval')
    return { kind: state.kind, rejectReasons: [], changeReasons: [], canReject: false, canRequestChanges: false }
  return {
    kind: 'approval',
    rejectReasons: state.rejectReasons,
    changeReasons: state.changeReasons,
    canReject: Boolean(state.onReject),
    canRequestChanges: Boolean(state.onRequestChanges),
  }
}

/** A state key as people read it: "legal_review" or "legalReview" → "Legal review". */
export const stateLabel = (key: string): string => {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
  return words ? words[0]!.toUpperCase() + words.slice(1) : key
}

/** A reason code as a select option. */
export const reasonOptions = (codes: readonly string[]) =>
  codes.map((code) => ({ value: code, label: stateLabel(code) }))
