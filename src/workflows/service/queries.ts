/**
 * What people read about requests through the service: the approvals waiting on them (their own,
 * and those of people they stand in for now) and a request's history. Both read as the caller,
 * through their rules.
 */
import { createLocalReq } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { docsForUser } from '../../access/docsForUser'
import { idOf, type Id } from '../../access/ids'
import { Errors } from '../../http/errors'
import type { Delegation, Request as RequestDoc, WorkflowEvent } from '../../payload-types'
import { asCaller, definitionById, findAllAs, instanceOf, PAGE_SIZE, type Caller } from './context'
import { delegationCovers, stepAmount } from './people'

/** A request waiting on the caller, and whom they would act for. */
export interface PendingApproval {
  request: RequestDoc
  /** set when the caller would act as a substitute for this assignee */
  onBehalfOf?: string
}

/** How many pending approvals one call returns at most. */
export const PENDING_LIMIT = PAGE_SIZE
/** How many history entries one call returns at most. */
export const HISTORY_LIMIT = 10_000

/** The requests in an approval step that wait on the caller (or on someone they substitute for now), soonest due first. */
export async function pendingApprovals(caller: Caller): Promise<PendingApproval[]> {
  const { payload, user } = caller
  const me = String(user.id)
  const now = new Date().toISOString()
  // Read on every portal page: through the adapter with the caller's access (docsForUser.ts).
  const req = caller.req ?? (await createLocalReq({ user }, payload))
  const delegations = (await docsForUser(req, Slugs.delegations, {
    where: {
      and: [{ substitute: { equals: user.id } }, { from: { less_than_equal: now } }, { to: { greater_than: now } }],
    },
    limit: PAGE_SIZE,
  })) as unknown as Delegation[]
  // assignee → the delegations they gave me (tenant, amount limit)
  const principals = new Map<string, { tenant: string; amountLimit?: number | null }[]>()
  for (const delegation of delegations) {
    const principal = String(idOf(delegation.user))
    const given = { tenant: String(idOf(delegation.tenant)), amountLimit: delegation.amountLimit }
    principals.set(principal, [...(principals.get(principal) ?? []), given])
  }
  const docs = await docsForUser(req, Slugs.requests, {
    where: { and: [{ assignees: { in: [me, ...principals.keys()] } }, { outcome: { exists: false } }] },
    sort: 'dueAt',
    limit: PENDING_LIMIT,
  })
  const pending: PendingApproval[] = []
  for (const request of docs as unknown as RequestDoc[]) {
    const instance = instanceOf(request)
    const approved = new Set(instance.approvals.map((approval) => approval.by))
    if (instance.assignees.includes(me)) {
      if (!approved.has(me)) pending.push({ request })
      continue
    }
    // The same test as acting for them (act.ts): a delegation of this tenant covering the step's amount.
    const tenant = String(idOf(request.tenant))
    const amount = stepAmount(await definitionById(payload, idOf(request.workflow)!), instance)
    const covered = (a: string) =>
      principals.get(a)?.some((d) => d.tenant === tenant && delegationCovers(d.amountLimit, amount)) ?? false
    const principal = instance.assignees.find((a) => !approved.has(a) && covered(a))
    if (principal) pending.push({ request, onBehalfOf: principal })
  }
  return pending
}

/** The history of request `id`, oldest first, if the caller can see the request. */
export async function requestHistory(caller: Caller, id: Id): Promise<WorkflowEvent[]> {
  const { payload } = caller
  const request = await payload
    .findByID({ collection: Slugs.requests, id, ...asCaller(caller, { payload }) })
    .catch(() => null)
  if (!request) throw Errors.requestNotFound()
  return findAllAs<WorkflowEvent>(
    caller,
    { collection: Slugs.workflowEvents, where: { request: { equals: request.id } }, sort: ['at', 'id'] },
    HISTORY_LIMIT,
  )
}
