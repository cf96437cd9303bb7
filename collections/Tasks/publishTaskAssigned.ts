import type { CollectionAfterChangeHook } from 'payload'
import { idOf } from '../../src/access/ids'
import { publishEvents } from '../../src/notifications/events'
import { Slugs } from '../slugs'

/** A task given to someone (made with an assignee, or handed to another) is `task.assigned`, in its transaction. */
export const publishTaskAssigned: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  const assignee = idOf(doc.assignee)
  if (assignee === undefined) return doc
  if (operation === 'update' && String(idOf(previousDoc?.assignee)) === String(assignee)) return doc
  await publishEvents(req.payload, req, [
    {
      type: 'task.assigned',
      tenant: String(idOf(doc.tenant)),
      item: { id: String(doc.id) },
      actor: req.user?.collection === Slugs.users ? String(req.user.id) : null,
    },
  ])
  return doc
}
