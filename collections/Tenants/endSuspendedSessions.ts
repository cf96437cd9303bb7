import type { CollectionAfterChangeHook } from 'payload'
import type { Id } from '../../src/access/ids'
import { endSessions } from '../../src/auth/sessionEnd'
import { Slugs } from '../slugs'

/**
 * A tenant suspended ends the sessions of every client user who is a member of it, those who are
 * members of other tenants too: a session is not tied to the tenant it was opened for (a portal's
 * sign-in, that tenant's single sign-on), so one opened through the suspended tenant cannot be told
 * apart and must not outlive it. People of other tenants sign in again and carry on there; staff
 * are not members of tenants and keep theirs.
 */
export const endSuspendedSessions: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (operation !== 'update' || doc.status !== 'suspended' || previousDoc?.status === 'suspended') return doc
  const { docs } = await req.payload.find({
    collection: Slugs.users,
    where: { and: [{ kind: { equals: 'client' } }, { 'memberships.tenant': { equals: doc.id } }] },
    select: {},
    depth: 0,
    pagination: false,
    // The system acts on a change staff made: every member, whoever may read them.
    overrideAccess: true,
    req,
  })
  await endSessions(
    req.payload,
    docs.map((user) => user.id as Id),
    'tenant_suspended',
    {},
    { req, tenant: doc.id as Id },
  )
  return doc
}
