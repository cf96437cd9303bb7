import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'
import { invitationEndpoints } from './invitationEndpoints'

/** What a token lets its holder do: sign in once (a link by email), or accept an invitation. */
export const SIGN_IN_TOKEN_KINDS = ['magic-link', 'invitation'] as const

/** A token's life: waiting to be used, then used (sign-in) or accepted (invitation). */
export const SIGN_IN_TOKEN_STATES = ['pending', 'used'] as const

/**
 * The single-use tokens sent by email (src/auth/signInTokens.ts): sign-in links and invitations.
 * Only a SHA-256 hash of each token is stored, so a copy of the database signs nobody in. Written
 * only by Atrium as the system; staff may read them (STAFF_READ_ONLY_COLLECTIONS).
 */
export const SignInTokens: CollectionConfig = {
  slug: Slugs.signInTokens,
  admin: { hidden: true },
  endpoints: invitationEndpoints,
  fields: [
    { name: 'kind', type: 'select', required: true, options: [...SIGN_IN_TOKEN_KINDS], index: true },
    {
      // hex SHA-256 of the token; the token itself exists only in the email.
      name: 'tokenHash',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      maxLength: 64,
    },
    {
      // Changed once, from pending to used, by one conditional write: two uses at once, one winner.
      name: 'state',
      type: 'select',
      required: true,
      defaultValue: 'pending',
      options: [...SIGN_IN_TOKEN_STATES],
    },
    // The portal the token works in: a link asked for in one tenant's portal signs in nowhere else.
    { name: 'tenant', type: 'relationship', relationTo: Slugs.tenants, required: true, index: true },
    // Lower-case address it was sent to (an invitation's person has no account yet).
    { name: 'email', type: 'text', required: true, maxLength: 320, index: true },
    // A sign-in link's person; an invitation's, once accepted.
    { name: 'user', type: 'relationship', relationTo: Slugs.users },
    { name: 'expiresAt', type: 'date', required: true },
    // Where a sign-in link leads after sign-in (already checked by safeNext when asked for).
    { name: 'next', type: 'text', maxLength: 2000 },
    // An invitation's roles in the tenant, and who invited (whose authority is checked again on acceptance).
    { name: 'roles', type: 'relationship', relationTo: Slugs.roles, hasMany: true },
    { name: 'invitedBy', type: 'relationship', relationTo: Slugs.users },
  ],
}
