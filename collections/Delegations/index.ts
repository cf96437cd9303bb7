import type { CollectionConfig } from 'payload'
import { tenantOwned } from '../../src/access/tenantOwned'
import { Slugs } from '../slugs'
import { sampleDelegation } from './sampleDocument'
import { checkDelegation } from './hooks/checkDelegation'

/**
 * Delegations: while `user` is away (from–to), `substitute` may act for them on the approvals of
 * one client account, optionally only up to an amount. The workflow service finds the active one
 * when a substitute acts, and the history records both people. Who may delegate is up to the
 * rules (people delegating their own approvals is a rule with `user = ${user.id}`).
 */
export const Delegations: CollectionConfig = tenantOwned({
  slug: Slugs.delegations,
  labels: { singular: 'Delegation', plural: 'Delegations' },
  admin: { defaultColumns: ['user', 'substitute', 'from', 'to', 'tenant'], group: 'Workflows' },
  hooks: { beforeChange: [checkDelegation] },
  custom: { atrium: { sampleDocument: sampleDelegation } },
  indexes: [{ fields: ['substitute', 'to'] }],
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'user', type: 'relationship', relationTo: Slugs.users, required: true, index: true },
        { name: 'substitute', type: 'relationship', relationTo: Slugs.users, required: true },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'from', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'to', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
        {
          name: 'amountLimit',
          type: 'number',
          min: 0,
          admin: { description: "Only approvals up to this amount (the step's limit field); empty: any." },
        },
      ],
    },
    { name: 'note', type: 'textarea', maxLength: 1000 },
  ],
})
