import type { CollectionConfig } from 'payload'
import { retryDelivery } from '../../src/notifications/retryDelivery'
import { TIERS } from '../../src/plugin/notifications'
import { Slugs } from '../slugs'

/** Where a delivery stands. `sending`: a process took it (markDelivery.ts) and is sending it now. */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const

/**
 * One message to one person (or vendor mailbox) on one channel other than the bell: queued by the
 * fan-out, sent by a job that retries with backoff. Staff see every failure with its reason and
 * retry one by setting its status back to "queued"; a skip (the person can no longer read the
 * item, or turned the type off since) is recorded with its reason too. No client role grants it.
 */
export const NotificationDeliveries: CollectionConfig = {
  slug: Slugs.notificationDeliveries,
  labels: { singular: 'Notification delivery', plural: 'Notification deliveries' },
  admin: {
    useAsTitle: 'key',
    defaultColumns: ['type', 'channel', 'recipient', 'address', 'status', 'reason', 'updatedAt'],
    group: 'Notifications',
    description: 'Failed deliveries show their reason; set the status to "queued" to send one again.',
  },
  custom: { atrium: { tenantScope: 'tenant' } },
  indexes: [{ fields: ['status', 'updatedAt'] }],
  hooks: { afterChange: [retryDelivery] },
  fields: [
    {
      // `<event id>:<channel>:<user id or address>`: one event reaches a person once per channel.
      name: 'key',
      type: 'text',
      required: true,
      unique: true,
      admin: { readOnly: true },
    },
    { name: 'event', type: 'json', required: true, admin: { readOnly: true } },
    { name: 'type', type: 'text', required: true, maxLength: 100, admin: { readOnly: true } },
    { name: 'channel', type: 'text', required: true, maxLength: 40, admin: { readOnly: true } },
    { name: 'template', type: 'text', maxLength: 100, admin: { readOnly: true } },
    { name: 'tier', type: 'select', options: [...TIERS], admin: { readOnly: true } },
    { name: 'recipient', type: 'relationship', relationTo: Slugs.users, index: true, admin: { readOnly: true } },
    { name: 'address', type: 'text', maxLength: 320, admin: { readOnly: true } },
    { name: 'tenant', type: 'relationship', relationTo: Slugs.tenants, index: true, admin: { readOnly: true } },
    { name: 'status', type: 'select', required: true, defaultValue: 'queued', options: [...DELIVERY_STATUSES] },
    { name: 'reason', type: 'text', maxLength: 1000, admin: { readOnly: true } },
    { name: 'attempts', type: 'number', defaultValue: 0, admin: { readOnly: true } },
    { name: 'sentAt', type: 'date', admin: { readOnly: true } },
  ],
}
