/**
 * What the portal shows of a request's current step, read from its published workflow version
 * (parsed once per process by the workflow service): whether it is an approval, which reason codes
 * rejecting or asking for changes takes, and whether the requester is the one to act.
 */
import type { Payload } from 'payload'
import { idOf, idsOf, type Id } from '../../../src/access/ids'
import type { Request as RequestDoc } from '../../../src/payload-types'
import type { AssigneeRule } from '../../../src/workflows/definition'
import { definitionById } from '../../../src/workflows/service/context'

/** The current step of a request as the portal presents it. */
export interface StepView {
  kind: 'form' | 'decision' | 'approval' | 'final' | 'unknown'
  rejectReasons: string[]
  changeReasons: string[]
  canReject: boolean
  canRequestChanges: boolean
  /** an approval step's assignee rules (who, by role, on which side) */
  assignees: AssigneeRule[]
  /** how many approvals an approval step needs: 'any', 'all' or a number */
  needs: 'any' | 'all' | number
}

/** The current step of `request`. */
export async function stepOf(payload: Payload, request: RequestDoc): Promise<StepView> {
  const workflow = idOf(request.workflow)
  const definition = workflow === undefined ? undefined : await definitionById(payload, workflow)
  const state = definition?.states.find((candidate) => candidate.key === request.state)
  const none = { rejectReasons: [], changeReasons: [], canReject: false, canRequestChanges: false, assignees: [] }
  if (!state) return { kind: 'unknown', ...none, needs: 'any' }
  if (state.kind !== 'approval') return { kind: state.kind, ...none, needs: 'any' }
  return {
    kind: 'approval',
    rejectReasons: state.rejectReasons,
    changeReasons: state.changeReasons,
    canReject: Boolean(state.onReject),
    canRequestChanges: Boolean(state.onRequestChanges),
    assignees: state.assignees,
    needs: state.policy.kind === 'quorum' ? state.policy.n : state.policy.kind,
  }
}

/** Whose move a request is and what it takes, as the person looking at it reads it. */
export interface WaitingView {
  /** who it waits on: "You", "your finance lead", "our account manager"; empty once it is closed */
  owner: string
  /** what must happen next; empty once it is closed */
  nextStep: string
  /** whether it waits on the viewer (to amend it, or to approve it) */
  onViewer: boolean
}

const capitalised = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text)

/**
 * Whose move `request` is, for `viewer`. People are named by the step's roles ("your finance
 * lead", "our account manager"), never by reading users the viewer's rules may not show them.
 */
export function waitingOn(request: RequestDoc, step: StepView, viewer: Id): WaitingView {
  if (request.outcome) return { owner: '', nextStep: '', onViewer: false }
  const me = String(viewer)
  if (step.kind === 'form') {
    const onViewer = String(idOf(request.requester)) === me
    return {
      owner: onViewer ? 'You' : 'The requester',
      nextStep: request.submittedAt ? 'Amend the request and send it again' : 'Fill in the request and send it',
      onViewer,
    }
  }
  if (step.kind !== 'approval') return { owner: 'Us', nextStep: 'Being routed', onViewer: false }
  const given = new Set(
    (Array.isArray(request.approvals) ? request.approvals : []).map((approval) =>
      String((approval as { by?: unknown }).by),
    ),
  )
  const pending = idsOf(request.assignees)
    .map(String)
    .filter((id) => !given.has(id))
  const onViewer = pending.includes(me)
  const roles = [
    ...new Set(
      step.assignees.map(
        (rule) => `${rule.scope === 'vendor' ? 'our' : 'your'} ${stateLabel(rule.role).toLowerCase()}`,
      ),
    ),
  ]
  const others = pending.length > (onViewer ? 1 : 0) ? roles : []
  const owner = capitalised([...(onViewer ? ['you'] : []), ...others].join(', ') || roles.join(', '))
  const count = given.size > 0 ? ` (${given.size} given)` : ''
  const nextStep =
    step.needs === 'any'
      ? `One approval needed${count}`
      : step.needs === 'all'
        ? `Approval by each of them${count}`
        : `${step.needs} approvals needed${count}`
  return { owner, nextStep, onViewer }
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
