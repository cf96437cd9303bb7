/**
 * The parts of an approval step that are about people: who is assigned (by role, scope and
 * approval limit), when the policy is met, and how a breach escalates.
 */
import type { ApprovalState, AssigneeRule } from './definition'
import type { Candidate, Instance } from './types'

/** The value at a dotted path of the request's data. */
export function valueAt(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

/** Whether a candidate may approve the amount in the state's limit field (every candidate, without one). */
function coversLimit(state: ApprovalState, candidate: Candidate, data: Record<string, unknown>): boolean {
  if (!state.limitField) return true
  if (candidate.approvalLimit === 'unlimited') return true
  const amount = valueAt(data, state.limitField)
  // An amount that is not a number cannot be covered: nobody is assigned and the step is understaffed.
  return typeof amount === 'number' && typeof candidate.approvalLimit === 'number' && candidate.approvalLimit >= amount
}

/** The ids of the candidates matching `rules` whose limit covers the request, each once, in candidate order. */
export function eligible(
  state: ApprovalState,
  rules: AssigneeRule[],
  candidates: Candidate[],
  data: Record<string, unknown>,
): string[] {
  const ids = candidates
    .filter((c) => rules.some((rule) => rule.role === c.role && rule.scope === c.scope))
    .filter((c) => coversLimit(state, c, data))
    .map((c) => c.id)
  return [...new Set(ids)]
}

/** How many approvals the policy needs with `assignees` assigned. */
export function approvalsNeeded(state: ApprovalState, assignees: string[]): number {
  if (state.policy.kind === 'any') return 1
  if (state.policy.kind === 'quorum') return state.policy.n
  return Math.max(1, assignees.length)
}

/** Whether the step's policy is met. */
export function policyMet(state: ApprovalState, instance: Instance): boolean {
  const approvedBy = new Set(instance.approvals.map((approval) => approval.by))
  if (state.policy.kind === 'all') return instance.assignees.every((id) => approvedBy.has(id)) && approvedBy.size > 0
  return approvedBy.size >= approvalsNeeded(state, instance.assignees)
}

/** The assignees after a breach: the escalation's users added, or instead of the current ones. */
export function escalatedAssignees(state: ApprovalState, instance: Instance, candidates: Candidate[]): string[] {
  const onBreach = state.sla?.onBreach
  if (!onBreach) return instance.assignees
  const users = eligible(state, onBreach.assignees, candidates, instance.data)
  return onBreach.mode === 'add' ? [...new Set([...instance.assignees, ...users])] : users
}
