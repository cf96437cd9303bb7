import type { CollectionConfig } from 'payload'
import { preferenceFields } from '../NotificationPreferences/preferenceFields'
import { Slugs } from '../slugs'
import { invalidateTenantsAndRoles } from '../invalidateAccess'
import { endSuspendedSessions } from './endSuspendedSessions'
import { noParentCycle } from './noParentCycle'
import { normaliseDomains } from './normaliseDomains'
import { ssoFields } from './ssoFields'
import { signInFields } from './signInFields'

/** A tenant's status: a suspended tenant's users cannot sign in, and its memberships grant nothing. */
export const TENANT_STATUSES = ['active', 'suspended'] as const

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/
const colour = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  HEX_COLOUR.test(String(value)) ||
  'Use a colour such as #1f6feb'

const knownTimezone = (value: unknown) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: String(value) })
    return true
  } catch {
    return `"${String(value)}" is not a time zone (use one such as Europe/Berlin or UTC)`
  }
}

const knownLocale = (value: unknown) => {
  try {
    return Intl.getCanonicalLocales(String(value)).length === 1 || 'Use one locale, such as en or de-CH'
  } catch {
    return `"${String(value)}" is not a locale (use one such as en or de-CH)`
  }
}

/**
 * Client accounts. A tenant may sit under a parent (a group's subsidiaries, a customer's sites);
 * users of a parent whose roles roll up see the descendants' data, never a sibling's.
 */
export const Tenants: CollectionConfig = {
  slug: Slugs.tenants,
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'slug', 'parent', 'status'] },
  custom: { atrium: { tenantScope: 'id' } },
  hooks: { afterChange: [invalidateTenantsAndRoles, endSuspendedSessions], afterDelete: [invalidateTenantsAndRoles] },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 200 },
    {
      name: 'slug',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      maxLength: 63,
      // It appears in portal paths (/t/<slug>): lower case letters, digits and dashes.
      validate: (value: unknown) =>
        /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(String(value ?? '')) ||
        'Use lower-case letters, digits and dashes (not at either end)',
    },
    {
      name: 'parent',
      type: 'relationship',
      relationTo: Slugs.tenants,
      index: true,
      admin: { description: 'The account this one belongs to (a group, or a customer of several sites).' },
      hooks: { beforeValidate: [noParentCycle] },
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'active',
      options: TENANT_STATUSES.map((value) => ({ label: value === 'active' ? 'Active' : 'Suspended', value })),
      admin: { position: 'sidebar' },
    },
    { name: 'locale', type: 'text', required: true, defaultValue: 'en', validate: knownLocale },
    { name: 'timezone', type: 'text', required: true, defaultValue: 'UTC', validate: knownTimezone },
    {
      name: 'branding',
      type: 'group',
      fields: [
        { name: 'logo', type: 'upload', relationTo: Slugs.media },
        { name: 'primaryColor', type: 'text', validate: colour },
        { name: 'accentColor', type: 'text', validate: colour },
      ],
    },
    {
      // What everyone in the account gets until they choose otherwise; its administrators set it.
      name: 'notificationDefaults',
      type: 'group',
      admin: { description: 'Notification defaults for everyone in this account (each person may change theirs).' },
      fields: preferenceFields,
    },
    {
      name: 'domains',
      type: 'array',
      admin: { description: 'Custom domains the portal answers on, e.g. portal.client.com.' },
      hooks: { beforeValidate: [normaliseDomains] },
      fields: [{ name: 'domain', type: 'text', required: true, unique: true, maxLength: 253 }],
    },
    ssoFields,
    signInFields,
  ],
}
