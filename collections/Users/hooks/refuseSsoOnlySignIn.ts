import type { CollectionBeforeLoginHook, Payload } from 'payload'
import { idOf } from '../../../src/access/ids'
import { Errors } from '../../../src/http/errors'
import { Slugs } from '../../slugs'

/**
 * Whether `user` belongs to a tenant that requires single sign-on: then only their provider signs
 * them in. A Payload session is good for every portal the person belongs to, so one such tenant is
 * enough to refuse the other ways everywhere (a password accepted at another tenant's portal, or
 * at the API, would open this one too). Sign-in links by email ask the same question.
 */
export async function userRequiresSso(
  payload: Payload,
  user: { kind?: unknown; memberships?: { tenant?: unknown }[] | null },
): Promise<boolean> {
  if (user.kind !== 'client') return false
  const tenants = (user.memberships ?? []).map((membership) => idOf(membership.tenant)).filter((id) => id !== undefined)
  if (tenants.length === 0) return false
  const { totalDocs } = await payload.count({
    collection: Slugs.tenants,
    where: {
      and: [{ id: { in: tenants } }, { 'sso.enabled': { equals: true } }, { 'sso.required': { equals: true } }],
    },
  })
  return totalDocs > 0
}

/**
 * A password sign-in of someone whose tenant requires single sign-on is refused, at every door
 * (REST, GraphQL, the portal's form), and the sign-in log says why. It runs after the password was
 * checked, so it tells nothing to someone guessing addresses.
 */
export const refuseSsoOnlySignIn: CollectionBeforeLoginHook = async ({ user, req }) => {
  // The sign-in log has the reason already (guardPasswordSignIn's failureReason asks the same question).
  if (await userRequiresSso(req.payload, user as { kind?: unknown; memberships?: { tenant?: unknown }[] | null }))
    throw Errors.ssoRequired()
  return user
}
