import type { CollectionConfig } from 'payload'
import { CORE_EVENTS } from '../../src/notifications/catalogue'
import { RECIPIENT_KINDS } from '../../src/notifications/recipients'
import { TIERS } from '../../src/plugin/notifications'
import { Slugs } from '../slugs'
import { checkRuleSave } from './checkRuleSave'
import { ruleSnapshot } from './ruleSnapshot'
import { sampleNotificationRule } from './sampleDocument'

const TIER_LABELS = { critical: 'Critical', informational: 'Informational', inApp: 'In-app only' } as const

/**
 * Which events notify whom: staff configure them per client account, or as a default for all (no
 * tenant). Every rule that matches an event applies; a person reached by several hears once per
 * channel, at the loudest of their tiers (src/notifications/fanOut.ts). Checked on save
 * (checkRuleSave: 422 for an unknown event, recipient, role or condition). Staff's to write: no
 * client role grants it, and a client's rules could never reach a default (it has no tenant).
 */
export const NotificationRules: CollectionConfig = {
  slug: Slugs.notificationRules,
  labels: { singular: 'Notification rule', plural: 'Notification rules' },
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'event', 'tier', 'tenant', 'active'], group: 'Notifications' },
  custom: { atrium: { tenantScope: 'tenant', sampleDocument: sampleNotificationRule } },
  indexes: [{ fields: ['event', 'active'] }],
  hooks: {
    beforeValidate: [checkRuleSave],
    afterChange: [ruleSnapshot.forgetHook],
    afterDelete: [ruleSnapshot.forgetHook],
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 200 },
    {
      // A key of the event catalogue (src/notifications/catalogue.ts), e.g. "request.approved".
      name: 'event',
      type: 'text',
      required: true,
      maxLength: 100,
      admin: {
        description: `The event: ${CORE_EVENTS.map((event) => `${event.key} (${event.label})`).join('; ')}; or one a plugin adds.`,
      },
    },
    {
      name: 'tenant',
      type: 'relationship',
      relationTo: Slugs.tenants,
      index: true,
      admin: { position: 'sidebar', description: 'Empty: applies to every client account.' },
    },
    { name: 'active', type: 'checkbox', defaultValue: true, admin: { position: 'sidebar' } },
    {
      name: 'tier',
      type: 'select',
      required: true,
      defaultValue: 'informational',
      options: TIERS.map((value) => ({ label: TIER_LABELS[value], value })),
      admin: {
        description:
          'Critical: email at once (and SMS or chat for those who opted in) and the bell. Informational: email at once or in the digest, and the bell. In-app only: the bell.',
      },
    },
    {
      // The same operators as role rules; the item's fields, e.g. data.amount or statusCategory.
      name: 'conditions',
      type: 'json',
      admin: {
        description:
          'Optional: only when the item matches, e.g. [{"field": "statusCategory", "operator": "eq", "value": "at_risk"}]. Operators: eq ne in nin gt gte lt lte exists.',
      },
    },
    {
      name: 'recipients',
      type: 'array',
      required: true,
      minRows: 1,
      maxRows: 20,
      fields: [
        { name: 'kind', type: 'select', required: true, options: [...RECIPIENT_KINDS] },
        {
          name: 'role',
          type: 'relationship',
          relationTo: Slugs.roles,
          admin: { condition: (_, row) => row?.kind === 'role' },
        },
        {
          // A vendor-side mailbox (an account team's); gets the email only.
          name: 'address',
          type: 'email',
          admin: { condition: (_, row) => row?.kind === 'address' },
        },
      ],
    },
    {
      // An email template folder (templates/emails) or a stored email template; empty: "notification".
      name: 'template',
      type: 'text',
      maxLength: 100,
      admin: { description: 'Email template; empty: the generic "notification" email.' },
    },
  ],
}
