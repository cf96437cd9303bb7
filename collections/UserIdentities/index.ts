import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'

/**
 * Who a person is at an OpenID provider: the provider's issuer and its subject for them, linked to
 * an Atrium user. Single sign-on finds people only through these (plugins/sso), never by email
 * alone: an address can change hands at the provider, a subject cannot. No tenant scope, so no
 * client role reaches them; the vendor's administrators see and unlink them (and link staff to
 * the vendor's own provider), through the rules like any collection.
 */
export const UserIdentities: CollectionConfig = {
  slug: Slugs.userIdentities,
  admin: {
    useAsTitle: 'subject',
    defaultColumns: ['user', 'issuer', 'subject', 'tenant', 'lastSignInAt'],
    group: 'Security',
  },
  // One person per (issuer, subject): also what makes two concurrent first sign-ins one link.
  indexes: [{ fields: ['issuer', 'subject'], unique: true }],
  fields: [
    { name: 'user', type: 'relationship', relationTo: Slugs.users, required: true, index: true },
    { name: 'issuer', type: 'text', required: true, maxLength: 500 },
    { name: 'subject', type: 'text', required: true, maxLength: 255 },
    {
      // The tenant whose sign-on made the link (none: the vendor's own provider, for staff).
      name: 'tenant',
      type: 'relationship',
      relationTo: Slugs.tenants,
      admin: { readOnly: true },
    },
    {
      // The address the provider vouched for when the link was made: for people reading the log, never for lookup.
      name: 'emailAtLink',
      type: 'text',
      maxLength: 320,
      admin: { readOnly: true },
    },
    { name: 'lastSignInAt', type: 'date', admin: { readOnly: true } },
  ],
}
