import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'
import { pageSnapshot } from './publishedPages'
import { samplePage } from './sampleDocument'

/** A page's state: only published pages are shown in the portal. */
export const PAGE_STATUSES = ['draft', 'published'] as const

/** The slug of a tenant's first screen, at /t/<slug>/. */
export const HOME_PAGE = 'home'

/** The name of the blocks field; its blocks come from the block registry (pageBlocks.ts). */
export const LAYOUT_FIELD = 'layout'

/**
 * Portal pages staff compose from blocks: a tenant's own, or a shared default (no tenant) that
 * every tenant without its own page of that slug gets. Scoped like Templates: the tenant is
 * optional, so not `tenantOwned`, and no built-in client role grants pages; the portal reads them
 * as configuration and shows each block only to the roles in its audience.
 */
export const Pages: CollectionConfig = {
  slug: Slugs.pages,
  labels: { singular: 'Page', plural: 'Pages' },
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'slug', 'tenant', 'status', 'updatedAt'], group: 'Portal' },
  custom: { atrium: { tenantScope: 'tenant', sampleDocument: samplePage } },
  indexes: [{ fields: ['slug', 'tenant'] }],
  // The portal reads pages from memory (publishedPages.ts): a save or delete applies to the next request.
  hooks: { afterChange: [pageSnapshot.forgetHook], afterDelete: [pageSnapshot.forgetHook] },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    {
      // Its address: /t/<tenant>/p/<slug>; "home" is the first screen.
      name: 'slug',
      type: 'text',
      required: true,
      maxLength: 100,
      validate: (value: unknown) =>
        (typeof value === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(value)) ||
        'Use lower-case letters, digits and dashes (e.g. "shipments"); "home" is the first screen',
    },
    {
      // Which client account this page is for; empty: the shared default every account inherits.
      name: 'tenant',
      type: 'relationship',
      relationTo: Slugs.tenants,
      index: true,
      admin: { position: 'sidebar', description: 'Empty: the default every client account gets.' },
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'draft',
      options: PAGE_STATUSES.map((value) => ({ label: value === 'draft' ? 'Draft' : 'Published', value })),
      admin: { position: 'sidebar' },
    },
    {
      // Who sees the page at all; empty: everyone who may use the portal.
      name: 'audience',
      type: 'relationship',
      relationTo: Slugs.roles,
      hasMany: true,
      admin: { position: 'sidebar', description: 'Roles that see this page. Empty: everyone.' },
    },
    // The registered blocks are filled in once every plugin has added its own (pageBlocks.ts).
    { name: LAYOUT_FIELD, type: 'blocks', blocks: [] },
  ],
}
