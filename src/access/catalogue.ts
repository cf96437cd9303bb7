/**
 * What the access path knows about the platform's collections, read once from the sanitized
 * config: which fields a rule may name and how their values compare, and how each collection is
 * tied to tenants (the path a client user's rules are confined by).
 */
import type { Field, SanitizedConfig } from 'payload'
import type { FieldKind, SubjectCatalogue } from './rules'

/** How a collection's documents belong to tenants: the path holding the tenant id(s). */
export type TenantScope = 'tenant' | 'memberships.tenant' | 'id'

/** Atrium's settings on a collection, under `custom.atrium`. */
export interface AtriumCollectionCustom {
  /** how the collection's documents belong to tenants; none: shared data (roles) */
  tenantScope?: TenantScope
  /**
   * `system`: only Atrium's own code writes the documents (a service that checks the rules
   * itself, e.g. the workflow service). Reads follow the rules; create, update and delete over
   * the APIs are refused to everyone.
   */
  writtenBy?: 'system'
  /**
   * What every person may do with the documents that are theirs (`owner` holds their id) whatever
   * their roles: read their own notifications and mark them read, keep their own preferences. A
   * role's rules may add to this, never take it away from the owner.
   */
  personal?: PersonalRules
}

/** The rules every person holds on the documents of a collection whose `owner` field names them. */
export interface PersonalRules {
  /** the relationship to users that names the owner */
  owner: string
  /** each action, with the only fields it reaches when given */
  rules: { action: 'read' | 'create' | 'update'; fields?: string[] }[]
}

/** The catalogue, plus each subject's tenant scope. */
export interface AccessCatalogue extends SubjectCatalogue {
  scopes: Map<string, TenantScope>
  /** the collections whose owners hold personal rules on them */
  personal: Map<string, PersonalRules>
}

/** Atrium's settings of a collection. */
export function atriumCustom(collection: { custom?: Record<string, unknown> }): AtriumCollectionCustom {
  return ((collection.custom as { atrium?: AtriumCollectionCustom } | undefined)?.atrium ??
    {}) as AtriumCollectionCustom
}

/** Payload's own collections (preferences, locks, migrations, jobs): never subjects of rules. */
export const isInternalCollection = (slug: string) => slug.startsWith('payload-')

function kindOf(field: Field): FieldKind | undefined {
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
    case 'select':
    case 'radio':
      return 'text'
    case 'number':
      return 'number'
    case 'checkbox':
      return 'boolean'
    case 'date':
      return 'date'
    case 'relationship':
    case 'upload':
      return Array.isArray(field.relationTo) ? undefined : 'id'
    default:
      return undefined
  }
}

const isMany = (field: Field) => 'hasMany' in field && field.hasMany === true

function fieldsOf(fields: Field[], prefix = '', inArray = false): [string, { kind: FieldKind; many: boolean }][] {
  const entries: [string, { kind: FieldKind; many: boolean }][] = []
  for (const field of fields) {
    if (!('name' in field) || !field.name) {
      if ('fields' in field) entries.push(...fieldsOf(field.fields, prefix, inArray))
      continue
    }
    const path = `${prefix}${field.name}`
    if (field.type === 'array' && !inArray) {
      entries.push(...fieldsOf(field.fields, `${path}.`, true))
      continue
    }
    if (field.type === 'group') {
      entries.push(...fieldsOf(field.fields, `${path}.`, inArray))
      continue
    }
    const kind = kindOf(field)
    if (kind) entries.push([path, { kind, many: inArray || isMany(field) }])
  }
  return entries
}

const catalogues = new WeakMap<SanitizedConfig, AccessCatalogue>()

/** The catalogue of `config`'s collections (computed once per config). */
export function accessCatalogue(config: SanitizedConfig): AccessCatalogue {
  let catalogue = catalogues.get(config)
  if (catalogue) return catalogue
  const idKind = config.db.defaultIDType === 'number' ? 'number' : 'text'
  const subjects = new Map<string, Map<string, { kind: FieldKind; many: boolean }>>()
  const scopes = new Map<string, TenantScope>()
  const personal = new Map<string, PersonalRules>()
  for (const collection of config.collections) {
    if (isInternalCollection(collection.slug)) continue
    const fields = new Map(fieldsOf(collection.fields))
    fields.set('id', { kind: 'id', many: false })
    subjects.set(collection.slug, fields)
    const scope = atriumCustom(collection).tenantScope
    if (scope) scopes.set(collection.slug, scope)
    const own = atriumCustom(collection).personal
    if (own) personal.set(collection.slug, own)
  }
  catalogue = { subjects, scopes, personal, idKind }
  catalogues.set(config, catalogue)
  return catalogue
}
