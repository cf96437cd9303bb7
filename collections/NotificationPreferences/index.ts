import type { CollectionConfig } from 'payload'
import { samplePreferences } from '../Notifications/sampleDocument'
import { Slugs } from '../slugs'
import { checkPreferencesSave } from './checkPreferencesSave'
import { preferenceFields } from './preferenceFields'

export { WEEKDAYS } from './preferenceFields'

/**
 * How a person hears about each event type in one client account: their preference center. Their
 * choice wins over the tenant's defaults (Tenants' `notificationDefaults`, which its administrators
 * set), those over the catalogue's tier. One document per person and tenant (`key`). Each person
 * reads and writes their own (personal rules); staff all.
 */
export const NotificationPreferences: CollectionConfig = {
  slug: Slugs.notificationPreferences,
  labels: { singular: 'Notification preferences', plural: 'Notification preferences' },
  admin: {
    useAsTitle: 'key',
    defaultColumns: ['user', 'tenant', 'digestFrequency', 'updatedAt'],
    group: 'Notifications',
  },
  custom: {
    atrium: {
      tenantScope: 'tenant',
      sampleDocument: samplePreferences,
      personal: { owner: 'user', rules: [{ action: 'read' }, { action: 'create' }, { action: 'update' }] },
    },
  },
  hooks: { beforeValidate: [checkPreferencesSave] },
  fields: [
    {
      // `<user>:<tenant or "-">`, set on save: one document per person and tenant.
      name: 'key',
      type: 'text',
      unique: true,
      admin: { readOnly: true },
    },
    { name: 'user', type: 'relationship', relationTo: Slugs.users, required: true, index: true },
    { name: 'tenant', type: 'relationship', relationTo: Slugs.tenants, index: true },
    ...preferenceFields,
  ],
}
