import type { Endpoint, PayloadRequest } from 'payload'
import { invite, resendInvitation, revokeInvitation } from '../../src/auth/invitations'
import { jsonBody, routeParam } from '../../src/http/endpointInput'
import { Errors } from '../../src/http/errors'
import type { User } from '../../src/payload-types'
import { Slugs } from '../slugs'

/** The signed-in person, or 401 (an integration account invites nobody: 403). */
function inviterOf(req: PayloadRequest): User {
  if (!req.user) throw Errors.signInRequired()
  if (req.user.collection !== Slugs.users) throw Errors.forbidden('Only people invite people')
  return req.user as unknown as User
}

/**
 * The invitations API (src/auth/invitations.ts), for staff and tenant administrators:
 * - `POST /api/sign-in-tokens/invitations` `{ email, tenant, roles }` → 201 the open invitation
 * - `POST /api/sign-in-tokens/invitations/:id/resend` → a new link; the old one is refused from now on
 * - `DELETE /api/sign-in-tokens/invitations/:id` → revoked (before acceptance)
 */
export const invitationEndpoints: Endpoint[] = [
  {
    path: '/invitations',
    method: 'post',
    handler: async (req) => {
      const invitation = await invite(req.payload, inviterOf(req), await jsonBody(req))
      return Response.json({ invitation }, { status: 201 })
    },
  },
  {
    path: '/invitations/:id/resend',
    method: 'post',
    handler: async (req) => {
      const invitation = await resendInvitation(req.payload, inviterOf(req), routeParam(req, 'id', 100))
      return Response.json({ invitation })
    },
  },
  {
    path: '/invitations/:id',
    method: 'delete',
    handler: async (req) => {
      await revokeInvitation(req.payload, inviterOf(req), routeParam(req, 'id', 100))
      return Response.json({ revoked: true })
    },
  },
]
