import type { CollectionBeforeLoginHook, Payload, PayloadRequest } from 'payload'
import { tenantsOf, type AccessUser } from '../../../src/access/ability'
import type { Id } from '../../../src/access/ids'
import { Errors, HttpError } from '../../../src/http/errors'
import { Slugs } from '../../slugs'

/** Whether any of `tenants` turned password sign-in off (collections/Tenants/signInFields.ts). */
export async function passwordsOffIn(payload: Payload, tenants: Id[], req?: PayloadRequest): Promise<boolean> {
  if (tenants.length === 0) return false
  const { totalDocs } = await payload.count({
    collection: Slugs.tenants,
    where: { and: [{ id: { in: tenants } }, { 'signIn.allowPasswords': { equals: false } }] },
    overrideAccess: true,
    req,
  })
  return totalDocs > 0
}

/**
 * A deactivated user, or a client user none of whose tenants is active, cannot sign in; nor can a
 * client user with a password when a tenant of theirs allows sign-in links only. This runs for
 * every password door (REST, GraphQL, the portal's form): a session from one door is a session in
 * every portal of theirs, so the strictest of their tenants decides. The answer comes only after
 * the password was checked, so it tells nothing to someone guessing addresses.
 */
export const refuseBlockedSignIn: CollectionBeforeLoginHook = async ({ user, req }) => {
  const account = user as unknown as AccessUser
  if (account.active === false) throw new HttpError(403, 'account_inactive', 'This account has been deactivated')
  if (account.kind !== 'client') return user
  const tenants = await tenantsOf(req.payload, account)
  if (tenants.length === 0) throw new HttpError(403, 'tenant_suspended', "This account's client access is suspended")
  if (await passwordsOffIn(req.payload, tenants, req)) throw Errors.passwordSignInDisabled()
  return user
}
