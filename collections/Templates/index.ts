import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'
import { checkTemplateSave } from './hooks/checkTemplateSave'
import { forgetCompiledTemplate } from './hooks/forgetCompiledTemplate'
import { sampleTemplate } from './sampleDocument'
import { TEMPLATE_KINDS } from './templateParts'

const HANDLEBARS_HELP =
  "Handlebars: {{name}} (escaped), {{#if}} {{#unless}} {{#each}} {{#with}}, and the helpers formatDate, formatMoney, t and safeUrl (every href/src). Unescaped output, partials other than a layout's {{> content}}, decorators and other helpers are refused on save."

const NAME_HELP =
  'The default file this replaces, by its name without .hbs. Layout: "layout" (the page frame; place the page with {{> content}}) or a portal page template ("page", "sign-in", "error", "not-found", "block-error", "block-unavailable"). Block: the block\'s template file, e.g. "status-summary", "pending-approvals", "my-requests", "rich-text" (place its text with {{> richText}}). Email: the folder in templates/emails, e.g. "request-approved". A client account\'s own template wins over the shared one; saving or deleting applies to the next page.'

/**
 * Templates staff edit: the handlebars of a portal layout, a block or an email, shared by every
 * tenant (no tenant: the default) or overriding the default for one tenant. Every handlebars part
 * is checked on save (src/templates/checkTemplate.ts) and refused with 422 naming each problem's
 * line; renders compile each revision once (src/templates/compileCache.ts). Which one a page or
 * email uses (the tenant's, else the shared, else the file) is answered from memory
 * (templateOverrides.ts), and the hooks make the next render see a save or delete.
 *
 * Not `tenantOwned`: a shared default belongs to no tenant, so the tenant is optional. The
 * collection still declares the tenant scope, like integration accounts: a client user's rules
 * are confined to their tenants' templates and never reach a shared default (a document of no
 * tenant), and no built-in client role grants templates at all, so they are staff's to write.
 */
export const Templates: CollectionConfig = {
  slug: Slugs.templates,
  labels: { singular: 'Template', plural: 'Templates' },
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'kind', 'tenant', 'updatedAt'], group: 'Portal' },
  custom: { atrium: { tenantScope: 'tenant', sampleDocument: sampleTemplate } },
  indexes: [{ fields: ['kind', 'name'] }],
  hooks: {
    beforeValidate: [checkTemplateSave],
    afterChange: [forgetCompiledTemplate],
    afterDelete: [forgetCompiledTemplate],
  },
  fields: [
    {
      name: 'kind',
      type: 'select',
      required: true,
      options: TEMPLATE_KINDS.map((value) => ({ label: value[0]!.toUpperCase() + value.slice(1), value })),
    },
    {
      // The key pages and workflows name the template by, e.g. "status-summary" or "request-approved".
      name: 'name',
      type: 'text',
      required: true,
      maxLength: 100,
      validate: (value: unknown) =>
        typeof value === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(value)
          ? true
          : 'Use lower-case letters, digits and dashes (e.g. "status-summary")',
      admin: { description: NAME_HELP },
    },
    {
      // Which client account this overrides the shared default for; empty: the shared default.
      name: 'tenant',
      type: 'relationship',
      relationTo: Slugs.tenants,
      index: true,
      admin: { position: 'sidebar', description: 'Empty: the default every client account gets.' },
    },
    {
      name: 'subject',
      type: 'text',
      maxLength: 500,
      admin: { condition: (data) => data?.kind === 'email', description: 'The email subject (handlebars, one line).' },
    },
    {
      // The markup: a layout's, a block's, or an email's HTML part.
      name: 'source',
      type: 'code',
      required: true,
      maxLength: 100_000,
      admin: { language: 'html', description: HANDLEBARS_HELP },
    },
    {
      name: 'text',
      type: 'textarea',
      maxLength: 100_000,
      admin: { condition: (data) => data?.kind === 'email', description: 'The plain-text part of the email.' },
    },
  ],
}
