import type { CollectionConfig } from 'payload'
import { SIGN_IN_EVENT_KINDS, SIGN_IN_METHODS } from '../../src/auth/signInLog'
import { Slugs } from '../slugs'

/**
 * The sign-in log (src/auth/signInLog.ts writes it; nobody else may): who signed in or failed to,
 * asked for a link, linked single sign-on, changed a second factor or had a session end, with the
 * tenant, client address, user agent and outcome. Staff read it; a tenant's administrators read the
 * entries of their tenant (a seed rule). Entries without a tenant (staff, the API) are staff's only.
 */
export const SignInEvents: CollectionConfig = {
  slug: Slugs.signInEvents,
  labels: { singular: 'Sign-in event', plural: 'Sign-in log' },
  admin: {
    useAsTitle: 'kind',
    defaultColumns: ['createdAt', 'kind', 'outcome', 'email', 'tenant', 'ipAddress', 'reason'],
    group: 'Security',
    description: 'Sign-ins, failures, sign-in links, single sign-on, second factors and session ends.',
  },
  custom: { atrium: { tenantScope: 'tenant', writtenBy: 'system' } },
  defaultSort: '-createdAt',
  indexes: [{ fields: ['tenant', 'createdAt'] }, { fields: ['user', 'createdAt'] }],
  fields: [
    { name: 'kind', type: 'select', required: true, options: [...SIGN_IN_EVENT_KINDS], index: true },
    { name: 'outcome', type: 'select', required: true, options: ['success', 'failure'] },
    { name: 'method', type: 'select', options: [...SIGN_IN_METHODS] },
    { name: 'user', type: 'relationship', relationTo: Slugs.users },
    // What was typed or where a link went: a failure for an address nobody has names no user.
    { name: 'email', type: 'text', maxLength: 320, index: true },
    { name: 'tenant', type: 'relationship', relationTo: Slugs.tenants },
    { name: 'reason', type: 'text', maxLength: 500 },
    { name: 'ipAddress', type: 'text', maxLength: 100 },
    { name: 'userAgent', type: 'text', maxLength: 500 },
  ],
}
