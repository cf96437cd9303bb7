import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'

/** The kinds of people who sign in: the vendor's own staff, or a client's users. */
export const USER_KINDS = ['staff', 'client'] as const

/**
 * People who sign in to Atrium. Staff use the admin UI; client users, the portal.
 * Roles and tenant memberships arrive with the tenancy work.
 */
export const Users: CollectionConfig = {
  slug: Slugs.users,
  auth: {
    // Loading the user's relations on every request costs a query per relation; nothing needs them yet.
    depth: 0,
    maxLoginAttempts: 10,
    lockTime: 10 * 60 * 1000,
  },
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'name', 'kind', 'updatedAt'],
  },
  access: {
    // Only the vendor's staff reach the admin UI; clients have the portal.
    admin: ({ req }) => req.user?.kind === 'staff',
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 200 },
    {
      name: 'kind',
      type: 'select',
      required: true,
      // No default: whether someone is staff is always a deliberate choice.
      options: USER_KINDS.map((kind) => ({ label: kind === 'staff' ? 'Staff' : 'Client', value: kind })),
      admin: { position: 'sidebar' },
    },
  ],
}
