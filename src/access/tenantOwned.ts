/**
 * Makes a collection tenant-owned in one line: `tenantOwned({ slug: 'records', fields: [...] })`.
 *
 * It gains an indexed, required `tenant` field, filled from the user's tenant when they create a
 * document without one (before access is checked, so the rules judge the real tenant), and never
 * changed afterwards. Its documents are scoped by the rules like every collection's, and client
 * users are confined to their tenants whatever their roles say (see ability.ts). Relationships from
 * it to other tenant-owned collections only accept documents of the same tenant.
 */
import type { CollectionBeforeOperationHook, CollectionConfig, Field, FieldHook, FilterOptions } from 'payload'
import { Slugs } from '../../collections/slugs'
import { Errors } from '../http/errors'
import { tenantsOf, type AccessUser } from './ability'
import type { AtriumCollectionCustom } from './catalogue'
import { idOf } from './ids'
import { TENANT_FIELD } from './tenantFieldName'

export { TENANT_FIELD }

/** On create without a tenant: the user's own, when they act for exactly one. */
const defaultTenant: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'create' || !req.user) return args
  const data = (args as { data?: Record<string, unknown> }).data
  if (!data || (data[TENANT_FIELD] !== undefined && data[TENANT_FIELD] !== null)) return args
  const tenants = await tenantsOf(req.payload, req.user as unknown as AccessUser)
  if (tenants.length === 1) data[TENANT_FIELD] = tenants[0]
  return args
}

/** A document's tenant is fixed at creation: moving data between clients is not an edit. */
const keepTenant: FieldHook = ({ value, originalDoc, operation, collection }) => {
  if (operation !== 'update' || !originalDoc) return value
  const stored = idOf((originalDoc as Record<string, unknown>)[TENANT_FIELD])
  if (value !== undefined && String(idOf(value)) !== String(stored)) {
    throw Errors.forbidden(`The tenant of a ${collection?.slug ?? 'document'} cannot change once it is created`)
  }
  return stored
}

/** The tenant field itself. */
export const tenantField: Field = {
  name: TENANT_FIELD,
  type: 'relationship',
  relationTo: Slugs.tenants,
  required: true,
  index: true,
  admin: { position: 'sidebar', description: 'The client account this belongs to; fixed once created.' },
  hooks: { beforeValidate: [keepTenant] },
}

/** Relationships to tenant-owned documents offer, and accept, only the same tenant's. */
const sameTenant: FilterOptions = ({ data }) => {
  const tenant = idOf((data as Record<string, unknown> | undefined)?.[TENANT_FIELD])
  return tenant === undefined || tenant === null ? false : { [TENANT_FIELD]: { equals: tenant } }
}

function scopeRelationships(fields: Field[], tenantOwnedSlugs: ReadonlySet<string>): Field[] {
  return fields.map((field) => {
    if ((field.type === 'relationship' || field.type === 'upload') && typeof field.relationTo === 'string') {
      return tenantOwnedSlugs.has(field.relationTo) && !field.filterOptions
        ? { ...field, filterOptions: sameTenant }
        : field
    }
    if ('fields' in field) return { ...field, fields: scopeRelationships(field.fields, tenantOwnedSlugs) } as Field
    return field
  })
}

/** `collection` as a tenant-owned collection. */
export function tenantOwned(collection: CollectionConfig): CollectionConfig {
  const custom = (collection.custom ?? {}) as { atrium?: AtriumCollectionCustom }
  return {
    ...collection,
    fields: [...collection.fields, tenantField],
    hooks: {
      ...collection.hooks,
      beforeOperation: [defaultTenant, ...(collection.hooks?.beforeOperation ?? [])],
    },
    custom: { ...custom, atrium: { ...custom.atrium, tenantScope: 'tenant' } },
  }
}

/** Applies same-tenant relationship filters once every collection is known (used by the access plugin). */
export function scopeTenantRelationships(collections: CollectionConfig[]): CollectionConfig[] {
  const owned = new Set(
    collections
      .filter((c) => (c.custom as { atrium?: AtriumCollectionCustom } | undefined)?.atrium?.tenantScope === 'tenant')
      .map((c) => c.slug),
  )
  return collections.map((collection) =>
    owned.has(collection.slug) ? { ...collection, fields: scopeRelationships(collection.fields, owned) } : collection,
  )
}
