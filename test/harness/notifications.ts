import type { Payload } from 'payload'
import { inTransaction } from '../../src/db/inTransaction'
import { publishEvents } from '../../src/notifications/events'
import type { User } from '../../src/payload-types'
import { runQueuedJobs } from './jobs'

/**
 * Gives `user` one bell entry in `tenant` the way the platform does: a real event ("you were
 * invited", about the person themselves, whom they may always read) published and fanned out by
 * its job, with `comment` as the entry's body.
 */
export async function notifyPerson(payload: Payload, tenant: number | string, user: User, comment?: string) {
  await inTransaction(payload, (req) =>
    publishEvents(payload, req, [
      {
        type: 'user.invited',
        tenant: String(tenant),
        item: { id: String(user.id) },
        actor: null,
        detail: comment ? { comment } : {},
        direct: [{ users: [String(user.id)] }],
      },
    ]),
  )
  await runQueuedJobs(payload)
}
