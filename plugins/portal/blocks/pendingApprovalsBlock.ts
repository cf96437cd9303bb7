import { idOf } from '../../../src/access/ids'
import { defineBlock } from '../../../src/plugin/blocks'
import { headingField, headingOf } from './blockHeading'
import type { Payload } from 'payload'
import { pendingApprovals, type PendingApproval } from '../../../src/workflows/service'
import { reasonOptions, stateLabel, stepOf } from './requestSteps'

/** One request waiting on the viewer as the block's card shows it: its action forms' fields included. */
export async function approvalItem(payload: Payload, base: string, { request, onBehalfOf }: PendingApproval) {
  const step = await stepOf(payload, request)
  return {
    id: String(request.id),
    title: request.title,
    href: `${base}/requests/${String(request.id)}`,
    state: stateLabel(request.state),
    dueAt: request.dueAt ?? '',
    onBehalfOf: Boolean(onBehalfOf),
    action: `${base}/requests/${String(request.id)}/act`,
    step: String(request.stepEpoch),
    canRequestChanges: step.canRequestChanges,
    changeReasons: reasonOptions(step.changeReasons),
    canReject: step.canReject,
    rejectReasons: reasonOptions(step.rejectReasons),
  }
}

/**
 * The requests waiting on the signed-in person in this tenant, each with approve and request
 * changes (or reject) in one click: plain forms posting to <base>/requests/<id>/act with the form
 * token, the step they saw (a step that moved on since is refused with 409) and a reason code.
 */
export const pendingApprovalsBlock = defineBlock({
  slug: 'pendingApprovals',
  block: {
    slug: 'pendingApprovals',
    labels: { singular: 'Pending approvals', plural: 'Pending approvals' },
    fields: [headingField],
  },
  template: 'templates/portal/blocks/pending-approvals.hbs',
  load: async ({ payload, user, req, tenant, base, csrf, pagePath, config }) => {
    const pending = await pendingApprovals({ payload, user, req })
    const mine = pending.filter(({ request }) => String(idOf(request.tenant)) === String(tenant.id))
    const items = await Promise.all(mine.map((approval) => approvalItem(payload, base, approval)))
    return { heading: headingOf(config, 'Waiting for your approval'), items, csrf, back: pagePath }
  },
})
