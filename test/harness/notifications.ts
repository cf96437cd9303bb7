import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { inTransaction } from '../../src/db/inTransaction'
import { publishEvents } from '../../src/notifications/events'
import type { User } from '../../src/payload-types'
import { submitRequest } from '../../src/workflows/service'
import { runQueuedJobs } from './jobs'
import { PURCHASE_TYPE } from './workflowFixtures'

// Each person's own request, per database (one test file boots two, and their ids overlap).
const requests = new WeakMap<Payload, Map<string, string>>()

/** The request `user` submitted for notifications to be about (the first call submits it). */
async function ownRequest(payload: Payload, user: User): Promise<string> {
  let ofPayload = requests.get(payload)
  if (!ofPayload) requests.set(payload, (ofPayload = new Map()))
  let id = ofPayload.get(String(user.id))
  if (!id) {
    const submitted = await submitRequest(
      { payload, user: { ...user, collection: Slugs.users } as never },
      { type: PURCHASE_TYPE.key, data: { title: `${user.name}'s laptops`, amount: 900 } },
    )
    ofPayload.set(String(user.id), (id = String(submitted.id)))
  }
  return id
}

/**
 * Gives `user` one bell entry in `tenant` the way the platform does: a real event (a comment on
 * their own request, which they may always read) published by nobody in particular and fanned out
 * by its job, with `comment` as the entry's body. The request is submitted (and its own events
 * run) on the first call for a person.
 */
export async function notifyPerson(payload: Payload, tenant: number | string, user: User, comment?: string) {
  const request = await ownRequest(payload, user)
  await runQueuedJobs(payload)
  await inTransaction(payload, (req) =>
    publishEvents(payload, req, [
      {
        type: 'request.commented',
        tenant: String(tenant),
        item: { id: request },
        actor: null,
        detail: comment ? { comment } : {},
        direct: [{ users: [String(user.id)] }],
      },
    ]),
  )
  await runQueuedJobs(payload)
}
