import { Slugs } from '../../../collections/slugs'
import { docsForUser } from '../../../src/access/docsForUser'
import { defineBlock } from '../../../src/plugin/blocks'
import { headingField, headingOf } from './blockHeading'
import type { Request as RequestDoc } from '../../../src/payload-types'
import { stateLabel, stepOf, waitingOn } from './requestSteps'

/** How many of a person's requests the block lists, newest activity first. */
export const MY_REQUESTS_LIMIT = 20

/** What the block shows of a request and reads to tell its step and whose move it is. */
const SHOWN_FIELDS = [
  'title',
  'state',
  'outcome',
  'dueAt',
  'workflow',
  'requester',
  'submittedAt',
  'assignees',
  'approvals',
]

/**
 * The signed-in person's own requests in this tenant, each linked to its page: where each stands,
 * who it waits on, its next step, when it is due, and whose move it is ("waiting on you" when they
 * must amend it or approve it themselves).
 * Read as the person, through their rules.
 */
export const myRequestsBlock = defineBlock({
  slug: 'myRequests',
  block: {
    slug: 'myRequests',
    labels: { singular: 'My requests', plural: 'My requests' },
    fields: [headingField],
  },
  template: 'templates/portal/blocks/my-requests.hbs',
  load: async ({ payload, user, req, tenant, base, config }) => {
    const docs = await docsForUser(req, Slugs.requests, {
      where: { and: [{ requester: { equals: user.id } }, { tenant: { equals: tenant.id } }] },
      sort: '-updatedAt',
      limit: MY_REQUESTS_LIMIT,
      select: SHOWN_FIELDS,
    })
    const items = await Promise.all(
      (docs as unknown as RequestDoc[]).map(async (request) => {
        const step = await stepOf(payload, request)
        const open = !request.outcome
        const waiting = waitingOn(request, step, user.id)
        return {
          id: String(request.id),
          title: request.title,
          href: `${base}/requests/${String(request.id)}`,
          state: request.outcome ? stateLabel(request.outcome) : stateLabel(request.state),
          open,
          dueAt: open ? (request.dueAt ?? '') : '',
          owner: waiting.owner,
          nextStep: waiting.nextStep,
          waiting: open ? (waiting.onViewer ? 'Waiting on you' : 'Waiting on us') : '',
        }
      }),
    )
    return { heading: headingOf(config, 'Your requests'), items }
  },
})
