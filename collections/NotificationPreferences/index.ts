import type { CollectionConfig } from 'payload'
import { checkPreferencesSave } from './checkPreferencesSave'
import { Slugs } from '../slugs'

/** Digest days, Sunday first (as Date.getDay counts them). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const

/**
 * How a person hears about each event type in one client account (their preference center), or,
 * without a person, the defaults a tenant's administrators set for everyone in it. A person's
 * choice wins over the tenant's, the tenant's over the catalogue's tier. One document per person
 * and tenant (`key`). Each person reads and writes their own (personal rules); staff all.
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
      personal: { owner: 'user', rules: [{ action: 'read' }, { action: 'create' }, { action: 'update' }] },
    },
  },
  hooks: { beforeValidate: [checkPreferencesSave] },
  fields: [
    {
      // `<user or "-">:<tenant or "-">`, set on save: one document per person and tenant.
      name: 'key',
      type: 'text',
      unique: true,
      admin: { readOnly: true },
    },
    {
      name: 'user',
      type: 'relationship',
      relationTo: Slugs.users,
      index: true,
      admin: { description: 'Empty: the defaults for everyone in the client account.' },
    },
    { name: 'tenant', type: 'relationship', relationTo: Slugs.tenants, index: true },
    {
      // { "<event key>": { "email": true, "bell": true, "sms": false, "mode": "instant" | "digest" } }
      name: 'choices',
      type: 'json',
      admin: {
        description: 'Per event type: which channels (email, bell, and plugin channels) and instant or digest.',
      },
    },
    {
      name: 'digestFrequency',
      type: 'select',
      defaultValue: 'weekly',
      options: ['daily', 'weekly', 'off'],
      admin: { description: 'Off: what waits for a digest is only in the bell.' },
    },
    { name: 'digestDay', type: 'select', defaultValue: 'friday', options: [...WEEKDAYS] },
    { name: 'digestHour', type: 'number', defaultValue: 15, min: 0, max: 23 },
  ],
}
