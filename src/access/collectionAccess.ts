/**
 * The one place where CASL abilities become Payload access: collection access (a Where for read,
 * update and delete, so lists, counts, bulk operations, relationship population, versions and
 * file downloads all filter in the database), create checked against the incoming document, and
 * field rules applied on read (the field is left out) and on write (403 naming the field).
 *
 * `accessPlugin` applies it to every collection of the config, the ones plugins add included, so
 * no collection can be added beside it. The same `accessWhere` is exported for fast read paths that
 * query the database adapter directly: one rule set, two entry points.
 */
import { subject as subjectOf } from '@casl/ability'
import { NotFound } from 'payload'
import type {
  CollectionBeforeOperationHook,
  CollectionBeforeValidateHook,
  CollectionSlug,
  CollectionConfig,
  Config,
  Field,
  FieldAccess,
  Payload,
  PayloadRequest,
  Plugin,
  Where,
} from 'payload'
import { withSubjectOptions } from '../../collections/Roles/subjectOptions'
import { Slugs } from '../../collections/slugs'
import { Errors } from '../http/errors'
import { abilityFor, type AccessUser } from './ability'
import { accessWhere } from './accessWhere'
import { conditionSubject } from './conditionSubject'
import { atriumCustom, isInternalCollection } from './catalogue'
import { sameValue as same, unchangedWhereGiven } from './sameValue'
import type { AtriumAbility } from './rules'
import { scopeTenantRelationships } from './tenantOwned'

export { accessWhere }

const abilities = new WeakMap<
  PayloadRequest,
  { user: unknown; ability: Promise<AtriumAbility>; built?: AtriumAbility }
>()

/** The ability of the request's user, built once per request. */
export function abilityOf(req: PayloadRequest): Promise<AtriumAbility> {
  const cached = abilities.get(req)
  if (cached && cached.user === req.user) return cached.ability
  const ability = abilityFor(req.payload, req.user as AccessUser | null | undefined)
  const entry: { user: unknown; ability: Promise<AtriumAbility>; built?: AtriumAbility } = { user: req.user, ability }
  abilities.set(req, entry)
  ability.then(
    (built) => (entry.built = built),
    () => undefined, // the caller of abilityOf sees the failure
  )
  return ability
}

/**
 * `decide(ability)` for the request's user: at once when the ability is built already, which
 * spares a per-field check of every row of a page two promises (bench/records.ts).
 */
function withAbility<T>(req: PayloadRequest, decide: (ability: AtriumAbility) => T): T | Promise<T> {
  const cached = abilities.get(req)
  if (cached?.built && cached.user === req.user) return decide(cached.built)
  return abilityOf(req).then(decide)
}

/** The Where a user's reads of `collection` are limited to, for queries below Payload's access layer. */
export async function readWhereFor(
  payload: Payload,
  user: AccessUser | null | undefined,
  collection: string,
): Promise<Where | boolean> {
  return accessWhere(await abilityFor(payload, user), 'read', collection)
}

const topLevelFields = (fields: Field[]): Field[] =>
  fields.flatMap((field) =>
    'name' in field && field.name ? [field] : 'fields' in field ? topLevelFields(field.fields) : [],
  )
const namedFields = new WeakMap<Field[], Field[]>()
/** The named fields of a collection, read once per field list (a batch asks for every item). */
const topLevelFieldsOf = (fields: Field[]) => {
  let named = namedFields.get(fields)
  if (!named) namedFields.set(fields, (named = topLevelFields(fields)))
  return named
}

/**
 * The first field of `data` that the write may not set, or undefined when it may set them all: a
 * field counts when its value changes (on create: differs from nothing and from its default).
 * `fields` are the collection's sanitized fields. Shared by the collection hook below and by batch
 * writes below Payload's operations (plugins/integrations/bulkUpsert.ts), so both decide alike.
 */
export function refusedFieldWrite(
  ability: AtriumAbility,
  slug: string,
  fields: Field[],
  operation: 'create' | 'update',
  data: Record<string, unknown>,
  originalDoc: Record<string, unknown> | undefined,
  /** what the caller sent, when that is not `data` (see sentData); the rules' conditions still read `data` */
  sent: Record<string, unknown> = data,
): string | undefined {
  const target = subjectOf(slug, { ...(originalDoc ?? {}), ...data })
  for (const field of topLevelFieldsOf(fields)) {
    // Whether the rules allow the field is asked first: it is cheaper than comparing values.
    if (!('name' in field) || !(field.name in sent) || ability.can(operation, target, field.name)) continue
    const value = sent[field.name]
    const unchanged =
      operation === 'create'
        ? value === undefined || value === null || same(value, 'defaultValue' in field ? field.defaultValue : undefined)
        : unchangedWhereGiven(value, originalDoc?.[field.name])
    if (!unchanged) return field.name
  }
  return undefined
}

/**
 * The fields that the conditions of the rules for `action` on `slug` read, or undefined when a
 * condition is not on a plain field: what a stored document must hold to be judged as a whole.
 */
export function conditionFields(ability: AtriumAbility, action: string, slug: string): string[] | undefined {
  const paths = ability
    .possibleRulesFor(action, slug)
    .flatMap((rule) => Object.keys((rule.conditions as Record<string, unknown> | undefined) ?? {}))
  if (paths.some((path) => path.startsWith('$'))) return undefined
  return [...new Set(paths.map((path) => path.split('.')[0]!))]
}

/** Whether the rules let the user create `data` in `slug` (the collection's create access). */
export const mayCreate = (ability: AtriumAbility, slug: string, data: object): boolean =>
  ability.can('create', subjectOf(slug, { ...data }))

/**
 * What the caller sent, where the request carries its body: a field with access of its own that
 * refuses the user reaches this hook holding its stored value (Payload puts it back), so the body,
 * not `data`, says whether they tried to change it. Local API and GraphQL writes judge `data` as it is.
 */
function sentData(
  req: { data?: unknown; payloadAPI?: string },
  data: Record<string, unknown>,
): Record<string, unknown> {
  // GraphQL's body is the query, not the document: its writes are judged as the Local API's.
  const body = req.payloadAPI === 'REST' ? req.data : undefined
  if (!body || typeof body !== 'object' || Array.isArray(body)) return data
  return Object.fromEntries(
    Object.keys(data)
      .filter((key) => key in body)
      .map((key) => [key, (body as Record<string, unknown>)[key]]),
  )
}

/** Refuses (403) a write that sets a field the user's rules do not let them write. */
function guardFieldWrites(slug: string): CollectionBeforeValidateHook {
  return async ({ data, originalDoc, operation, req, collection }) => {
    // System work (seeds, jobs, migrations) runs without a user.
    if (!req.user || !data) return data
    const action = operation === 'create' ? 'create' : 'update'
    // The sanitized fields: they include what Payload adds (an auth collection's email).
    const refused = refusedFieldWrite(
      await abilityOf(req),
      slug,
      collection.fields,
      action,
      data as Record<string, unknown>,
      originalDoc as Record<string, unknown> | undefined,
      action === 'update' ? sentData(req, data as Record<string, unknown>) : undefined,
    )
    if (refused) throw Errors.fieldNotWritable(slug, refused)
    return data
  }
}

const ruleReads = new WeakMap<FieldAccess, RuleRead>()

/** Whose rules a field's read access asks: the rules on reading `name` of `slug`. */
export interface RuleRead {
  slug: string
  name: string
}

/**
 * Field read access from the rules: a field the user may not read is left out of what they get.
 * Also for a field that copies another (records' search text copies their data): give it the
 * read access of the field it copies.
 */
export const fieldReadAccess = (slug: string, name: string): FieldAccess => {
  const access: FieldAccess = ({ req, doc }) => {
    if (!req.user) return true // collection access already decided; system reads see everything
    // Without a document (may this field be queried or shown at all?), any rule that could allow counts.
    return withAbility(req, (ability) =>
      doc ? ability.can('read', conditionSubject(ability, 'read', slug, doc), name) : ability.can('read', slug, name),
    )
  }
  ruleReads.set(access, { slug, name })
  return access
}

/**
 * The rules a field's read access stands for when {@link fieldReadAccess} made it, so that a fast
 * read path may decide the field once for a page (readableFields.ts); undefined for any other.
 */
export const ruleReadOf = (access: FieldAccess | undefined): RuleRead | undefined =>
  access ? ruleReads.get(access) : undefined

function withFieldAccess(slug: string, fields: Field[]): Field[] {
  return fields.map((field) => {
    if ('name' in field && field.name && field.type !== 'ui') {
      return {
        ...field,
        access: { ...field.access, read: field.access?.read ?? fieldReadAccess(slug, field.name) },
      } as Field
    }
    if ('fields' in field && !('name' in field && field.name))
      return { ...field, fields: withFieldAccess(slug, field.fields) } as Field
    return field
  })
}

/**
 * Answers 404, not 403, when a user changes or deletes by id a document they cannot even see
 * (Payload answers 403 whenever an access Where excludes the document), so that another tenant's
 * ids are not confirmed to exist. A document they can see but not change is still a 403.
 */
function hideInvisible(slug: string): CollectionBeforeOperationHook {
  return async ({ args, operation, req }) => {
    const { id, overrideAccess } = args as { id?: number | string; overrideAccess?: boolean }
    if ((operation !== 'update' && operation !== 'delete') || id === undefined || overrideAccess === true) return args
    const ability = await abilityOf(req)
    const visible = async (action: string) => {
      const where = accessWhere(ability, action, slug)
      if (where === true || where === false) return where
      const { totalDocs } = await req.payload.count({
        collection: slug as CollectionSlug,
        where: { and: [{ id: { equals: id } }, where] },
        req,
      })
      return totalDocs > 0
    }
    if (!(await visible(operation)) && !(await visible('read'))) throw new NotFound(req.t)
    return args
  }
}

/** Documents only Atrium's own code writes (see AtriumCollectionCustom.writtenBy). */
const nobody = () => false

const ruleAccesses = new WeakSet<object>()

/**
 * Whether a collection access function is the rules' own (made by {@link withRuleAccess}): its
 * answer depends on the request's ability alone.
 */
export const isRuleAccess = (access: unknown): boolean => typeof access === 'function' && ruleAccesses.has(access)

/** `collection` with its access decided by the rules. Its own `admin` gate (who reaches the admin UI) is kept. */
export function withRuleAccess(collection: CollectionConfig): CollectionConfig {
  const { slug } = collection
  const where = (action: string) => {
    const access = async ({ req }: { req: PayloadRequest }) => accessWhere(await abilityOf(req), action, slug)
    ruleAccesses.add(access)
    return access
  }
  const systemWritten = atriumCustom(collection).writtenBy === 'system'
  return {
    ...collection,
    access: {
      ...collection.access,
      read: where('read'),
      readVersions: where('read'),
      update: systemWritten ? nobody : where('update'),
      delete: systemWritten ? nobody : where('delete'),
      unlock: systemWritten ? nobody : where('update'),
      create: systemWritten
        ? nobody
        : async ({ req, data }) => {
            const ability = await abilityOf(req)
            // Without a document (the admin UI asking what the user may do), any rule that could allow counts.
            return data ? mayCreate(ability, slug, data as object) : ability.can('create', slug)
          },
    },
    fields: withFieldAccess(slug, collection.fields),
    hooks: {
      ...collection.hooks,
      beforeOperation: [hideInvisible(slug), ...(collection.hooks?.beforeOperation ?? [])],
      beforeValidate: [...(collection.hooks?.beforeValidate ?? []), guardFieldWrites(slug)],
    },
  }
}

/** The plugin, applied after all others, that puts every collection on the one access path. */
export function accessPlugin(): Plugin {
  return (config: Config): Config => {
    const collections = scopeTenantRelationships(config.collections ?? [])
    const subjects = collections.map((collection) => collection.slug).filter((slug) => !isInternalCollection(slug))
    return {
      ...config,
      collections: collections.map((collection) => {
        if (isInternalCollection(collection.slug)) return collection
        const offered = collection.slug === Slugs.roles ? withSubjectOptions(collection, subjects) : collection
        return withRuleAccess(offered)
      }),
    }
  }
}
