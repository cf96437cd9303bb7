import type { CollectionConfig } from 'payload'
import { tenantOwned } from '../../src/access/tenantOwned'
import { TIERS } from '../../src/plugin/notifications'
import { Slugs } from '../slugs'
import { sampleNotification } from './sampleDocument'

/**
 * What one person was told about one event: the bell's entries (unread until `readAt`), and the
 * items a digest gathers (`digest`). Written by the fan-out job only; each person reads their own
 * and marks them read (the personal rules below), whatever their roles; staff read them all.
 */
export const Notifications: CollectionConfig = tenantOwned({
  slug: Slugs.notifications,
  labels: { singular: 'Notification', plural: 'Notifications' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'recipient', 'type', 'readAt', 'createdAt'],
    group: 'Notifications',
  },
  custom: {
    atrium: {
      sampleDocument: sampleNotification,
      personal: { owner: 'recipient', rules: [{ action: 'read' }, { action: 'update', fields: ['readAt'] }] },
    },
  },
  indexes: [{ fields: ['recipient', 'inBell', 'readAt'] }, { fields: ['recipient', 'digest'] }],
  fields: [
    {
      // One event reaches a person once: `<event id>:<user id>`, unique, so a job run twice adds nothing.
      name: 'key',
      type: 'text',
      required: true,
      unique: true,
      admin: { readOnly: true },
    },
    { name: 'recipient', type: 'relationship', relationTo: Slugs.users, required: true },
    { name: 'type', type: 'text', required: true, maxLength: 100 },
    { name: 'tier', type: 'select', required: true, options: [...TIERS] },
    { name: 'title', type: 'text', required: true, maxLength: 300 },
    { name: 'body', type: 'textarea', maxLength: 2000 },
    {
      // Path of the item in the recipient's portal (or the admin's page of it, for staff).
      name: 'url',
      type: 'text',
      required: true,
      maxLength: 500,
    },
    { name: 'itemCollection', type: 'text', required: true, maxLength: 100 },
    { name: 'itemId', type: 'text', required: true, maxLength: 100 },
    { name: 'actor', type: 'relationship', relationTo: Slugs.users },
    // Whether the bell shows it: false when the person turned the bell off for this type.
    { name: 'inBell', type: 'checkbox', defaultValue: true },
    { name: 'readAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    {
      // `pending`: waits for the person's next digest; `sent`: was in one (digestKey says which);
      // `skipped`: left out of one (digestKey says which), or dropped because digests were turned off.
      name: 'digest',
      type: 'select',
      options: ['pending', 'sent', 'skipped'],
    },
    { name: 'digestKey', type: 'text', maxLength: 200, index: true },
  ],
})
