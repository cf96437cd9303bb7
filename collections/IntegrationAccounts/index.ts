import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'
import { checkRoleAudience } from './checkRoleAudience'
import { sampleIntegrationAccount } from './sampleDocument'

/**
 * Systems (an ERP, a TMS) that call the integration API with an API key in the Authorization
 * header; they never sign in with a password. One bound to a tenant acts like a client user with a
 * membership of that tenant holding its roles; one bound to no tenant acts like staff holding its
 * roles as staff roles (see accessUserOf in src/access/ability.ts).
 */
export const IntegrationAccounts: CollectionConfig = {
  slug: Slugs.integrationAccounts,
  auth: { useAPIKey: true, disableLocalStrategy: true, depth: 0 },
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'tenant', 'active', 'updatedAt'] },
  // Confined to the tenant like tenant data; a vendor-wide account (no tenant) is staff's alone.
  custom: { atrium: { tenantScope: 'tenant', sampleDocument: sampleIntegrationAccount } },
  hooks: { beforeValidate: [checkRoleAudience] },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 200 },
    {
      // Which client the system writes for; none: a vendor-wide integration.
      name: 'tenant',
      type: 'relationship',
      relationTo: Slugs.tenants,
      index: true,
      admin: { position: 'sidebar', description: 'The client account this integration writes for; empty: all.' },
    },
    {
      name: 'roles',
      type: 'relationship',
      relationTo: Slugs.roles,
      hasMany: true,
      required: true,
      admin: { description: 'Client roles when bound to a client account, staff roles otherwise.' },
    },
    {
      name: 'active',
      type: 'checkbox',
      defaultValue: true,
      admin: { position: 'sidebar', description: 'An inactive account holds no permission.' },
    },
  ],
}
