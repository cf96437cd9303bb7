import type { CollectionConfig } from 'payload'
import { ALL_SUBJECTS, PLACEHOLDERS, RULE_ACTIONS, RULE_OPERATORS } from '../../src/access/rules'
import { invalidateTenantsAndRoles } from '../invalidateAccess'
import { Slugs } from '../slugs'
import { validatePermissions } from './validatePermissions'

/** Who a role is for: the vendor's staff, or a client's users. */
export const ROLE_AUDIENCES = ['staff', 'client'] as const

const placeholders = PLACEHOLDERS.map((name) => `\${${name}}`).join(', ')

/**
 * Roles: named sets of permission rules. Staff edit them here; each rule is picked from structured
 * fields (action, collection, fields, conditions), checked on save, and becomes a CASL rule for the
 * users who hold the role. The collection options of `subject` are filled in by the access plugin,
 * which knows every collection.
 */
export const Roles: CollectionConfig = {
  slug: Slugs.roles,
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'audience', 'description'] },
  hooks: {
    beforeValidate: [validatePermissions],
    afterChange: [invalidateTenantsAndRoles],
    afterDelete: [invalidateTenantsAndRoles],
  },
  fields: [
    { name: 'name', type: 'text', required: true, unique: true, maxLength: 100 },
    {
      name: 'key',
      type: 'text',
      unique: true,
      index: true,
      maxLength: 64,
      admin: { position: 'sidebar', description: 'Stable name of a built-in role (the seed finds it by this).' },
    },
    {
      name: 'audience',
      type: 'select',
      required: true,
      options: ROLE_AUDIENCES.map((value) => ({ label: value === 'staff' ? 'Vendor staff' : 'Client users', value })),
      admin: { position: 'sidebar' },
    },
    { name: 'description', type: 'textarea', maxLength: 1000 },
    {
      name: 'permissions',
      type: 'array',
      labels: { singular: 'Rule', plural: 'Rules' },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'action',
              type: 'select',
              required: true,
              options: RULE_ACTIONS.map((value) => ({ label: value, value })),
            },
            {
              name: 'subject',
              type: 'select',
              required: true,
              options: [{ label: 'every collection', value: ALL_SUBJECTS }],
            },
            { name: 'inverted', type: 'checkbox', label: 'Forbid instead of allow', defaultValue: false },
          ],
        },
        {
          name: 'fields',
          type: 'text',
          hasMany: true,
          admin: { description: 'Only these fields of the collection (leave empty for all).' },
        },
        {
          name: 'conditions',
          type: 'array',
          admin: { description: `Compare a field with a value, a comma-separated list, or ${placeholders}.` },
          fields: [
            {
              type: 'row',
              fields: [
                { name: 'field', type: 'text', required: true, maxLength: 100 },
                {
                  name: 'operator',
                  type: 'select',
                  required: true,
                  options: RULE_OPERATORS.map((value) => ({ label: value, value })),
                },
                { name: 'value', type: 'text', maxLength: 2000 },
              ],
            },
          ],
        },
      ],
    },
  ],
}
