import type { CollectionBeforeChangeHook } from 'payload'
import { idOf } from '../../../src/access/ids'
import { TENANT_FIELD } from '../../../src/access/tenantOwned'
import { Errors } from '../../../src/http/errors'
import type { User } from '../../../src/payload-types'
import { Slugs } from '../../slugs'

/** Whether `user` can act in `tenant`: a client member of it, or staff. */
const actsIn = (user: User, tenant: string) =>
  user.kind === 'staff' || (user.memberships ?? []).some((m) => String(idOf(m.tenant)) === tenant)

/**
 * A delegation makes sense before it is stored: two different people, both acting for the
 * delegation's client account, of the same kind (a client's approval stays with the client), and
 * a period that ends after it starts.
 */
export const checkDelegation: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const merged = { ...(originalDoc as Record<string, unknown> | undefined), ...data }
  const userId = idOf(merged.user)
  const substituteId = idOf(merged.substitute)
  const tenant = String(idOf(merged[TENANT_FIELD]))
  if (userId === undefined || substituteId === undefined) return data
  if (String(userId) === String(substituteId)) throw Errors.invalidDelegation('Nobody can be their own substitute')
  if (!(Date.parse(String(merged.to)) > Date.parse(String(merged.from))))
    throw Errors.invalidDelegation('A delegation must end after it starts (to > from)')
  const { docs } = await req.payload.find({
    collection: Slugs.users,
    where: { id: { in: [userId, substituteId] } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const user = docs.find((doc) => String(doc.id) === String(userId))
  const substitute = docs.find((doc) => String(doc.id) === String(substituteId))
  if (!user || !substitute) throw Errors.invalidDelegation('Both the user and the substitute must exist')
  if (!actsIn(user, tenant) || !actsIn(substitute, tenant))
    throw Errors.invalidDelegation("Both people must act for the delegation's client account")
  if (user.kind !== substitute.kind)
    throw Errors.invalidDelegation("A client's approvals go to a colleague, and staff's to staff")
  return data
}
