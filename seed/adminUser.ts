import type { Payload } from 'payload'
import { Slugs } from '../collections/slugs'

/** The staff administrator a new installation signs in with. */
export interface AdminLogin {
  email: string
  password: string
}

/**
 * Creates the staff administrator unless a user with that email exists (whose password is then left
 * as it is). Runs as the system, before anyone can sign in, so it bypasses access control.
 * @returns whether the user was created
 */
export async function seedAdminUser(payload: Payload, login: AdminLogin, vendorAdminRole: number): Promise<boolean> {
  const existing = await payload.count({ collection: Slugs.users, where: { email: { equals: login.email } } })
  if (existing.totalDocs > 0) return false
  await payload.create({
    collection: Slugs.users,
    data: {
      email: login.email,
      password: login.password,
      name: 'Atrium Administrator',
      kind: 'staff',
      staffRoles: [vendorAdminRole],
    },
  })
  return true
}
