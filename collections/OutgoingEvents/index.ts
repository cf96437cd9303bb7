import type { CollectionConfig } from 'payload'
import { tenantOwned } from '../../src/access/tenantOwned'
import { Slugs } from '../slugs'

/**
 * Events Atrium tells other systems about (a workflow's webhook action): recorded here with what
 * they carry, for delivery by the webhooks that come later. Written only by Atrium.
 */
export const OutgoingEvents: CollectionConfig = tenantOwned({
  slug: Slugs.outgoingEvents,
  labels: { singular: 'Outgoing event', plural: 'Outgoing events' },
  admin: { useAsTitle: 'event', defaultColumns: ['event', 'request', 'status', 'createdAt'], group: 'Workflows' },
  custom: { atrium: { writtenBy: 'system' } },
  fields: [
    { name: 'event', type: 'text', required: true, index: true },
    { name: 'request', type: 'relationship', relationTo: Slugs.requests, index: true },
    { name: 'payload', type: 'json', required: true },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'recorded',
      options: ['recorded', 'delivered', 'failed'],
    },
  ],
})
