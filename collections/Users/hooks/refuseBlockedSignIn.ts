import type { CollectionBeforeLoginHook } from 'payload'
import { tenantsOf, type AccessUser } from '../../../src/access/ability'
import { HttpError } from '../../../src/http/errors'

/**
 * A deactivated user, or a client user none of whose tenants is active, cannot sign in. The answer
 * comes only after the password was checked, so it tells nothing to someone guessing addresses.
 */
export const refuseBlockedSignIn: CollectionBeforeLoginHook = async ({ user, req }) => {
  const account = user as unknown as AccessUser
  if (account.active === false) throw new HttpError(403, 'account_inactive', 'This account has been deactivated')
  if (account.kind === 'client' && (await tenantsOf(req.payload, account)).length === 0) {
    throw new HttpError(403, 'tenant_suspended', "This account's client access is suspended")
  }
  return user
}
