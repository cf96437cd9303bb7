/**
 * A page of a collection's documents as the request's user reads them, in one SQL statement
 * instead of `payload.find`, whose per-row machinery (the afterRead walk, field access per field per
 * row, the relational query and its transform) cost 10 to 25 ms a records page of 50
 * (bench/records.ts). The same rules decide, through the same entry points: the Where and sort are
 * checked as Payload checks them (a field the user may not read cannot be queried or sorted by),
 * the rows are limited by the collection's read access (the Where the one access path makes for
 * this user), and the fields the user may not read are left out, decided once for the page
 * (readableFields.ts).
 *
 * Only while the collection reads plainly: no read hooks (but those the caller names as only
 * removing fields it does not read anyway), no field with read hooks, no versions or trash, every
 * answered field a column of its own. Otherwise, and on MongoDB, the answer is undefined and the
 * caller asks `payload.find`.
 */
import {
  validateQueryPaths,
  type CollectionAfterReadHook,
  type FieldAccess,
  type CollectionSlug,
  type FlattenedField,
  type PayloadRequest,
  type SanitizedCollectionConfig,
  type Sort,
  type Where,
} from 'payload'
import { drizzleTableOf } from '../db/drizzleTable'
import { isRelationList } from '../db/relationRows'
import { countRowsBy, isPlainColumn, selectRows, type SelectedRows } from '../db/selectRows'
import { checkWhereValues } from '../http/queryValues'
import { abilityOf, isRuleAccess, ruleReadOf } from './collectionAccess'
import { plainCopy } from './plainCopy'
import { readableFieldsOf } from './readableFields'
import type { AtriumAbility } from './rules'

/** What page to read, and for whom. */
export interface RowsQuery {
  where: Where
  /** undefined: the collection's default sort, as payload.find */
  sort: Sort | undefined
  limit: number
  /** numbered from 1 */
  page: number
  /** the collection's read access for the request (never false: the caller refuses that) */
  access: Where | true
  /** the fields to answer, as payload.find's `select` would include them; all but `omitted` when not given */
  fields?: readonly string[]
  /** see selectRows.ts */
  matchesFirst?: number
}

/** What the collection's reads are known to do beyond what is read here. */
export interface PlainReads {
  /** afterRead hooks that only remove fields which are not read here anyway */
  ignoredHooks?: readonly CollectionAfterReadHook[]
  /** fields never answered */
  omitted?: readonly string[]
  /** relationships to many documents of one collection answered too, each in its stored order (relationRows.ts) */
  relationLists?: boolean
}

const hasReadHooks = (field: FlattenedField) => 'hooks' in field && Boolean(field.hooks?.afterRead?.length)

/**
 * The fields to answer, as `payload.find` at depth 0 answers them, or undefined when Payload would
 * do more on read than leave out unreadable fields (see the module comment), or when a field is
 * not one the caller can read (`readable`: by default, a column of the collection's own table).
 */
export function answeredFields(
  config: SanitizedCollectionConfig,
  { ignoredHooks = [], omitted = [] }: PlainReads,
  asked: readonly string[] | undefined,
  readable: (field: FlattenedField) => boolean = isPlainColumn,
): FlattenedField[] | undefined {
  const { hooks } = config
  const plainHooks =
    !hooks.beforeRead?.length &&
    !hooks.afterOperation?.length &&
    (hooks.afterRead ?? []).every((hook) => ignoredHooks.includes(hook))
  if (!plainHooks || config.versions || config.trash) return undefined
  const fields = config.flattenedFields.filter(
    (field) => !field.hidden && !omitted.includes(field.name) && (!asked || asked.includes(field.name)),
  )
  return fields.every((field) => readable(field) && !hasReadHooks(field)) ? fields : undefined
}

/**
 * Refuses, as `payload.find` does, a Where comparing ids or dates with values the database cannot
 * compare (400, queryValues.ts), and (QueryError, 400) a Where or sort on a field the user may not
 * read: the rows are ordered and chosen before unreadable fields are left out, so such a query
 * would tell what the field holds. Payload's own check, given its sort check's Where. Every read
 * below Payload's operations (rows, counts, sums) asks it first. The field permissions it works
 * out are kept for the rest of the request (a page's blocks read through the same request several
 * times), as Payload keeps them within one operation.
 */
export async function checkQueryPaths(
  req: PayloadRequest,
  config: SanitizedCollectionConfig,
  where: Where,
  sort: Sort | undefined,
) {
  checkWhereValues(req.payload, config, where)
  const names = fieldNamesOf(config)
  const sorted: Where = {}
  for (const key of sort === undefined ? [] : Array.isArray(sort) ? sort : [sort]) {
    const path = key.replace(/^-/, '')
    if (path !== 'id' && names.has(path)) sorted[path] = { exists: true }
  }
  const policies = await policiesOf(req, config)
  const known = Boolean(policies.collections[config.slug])
  await validateQueryPaths({ collectionConfig: config, overrideAccess: false, policies, req, where: sorted })
  await validateQueryPaths({ collectionConfig: config, overrideAccess: false, policies, req, where })
  if (!known) await keepPermissions(req, config, policies)
}

type Policies = NonNullable<Parameters<typeof validateQueryPaths>[0]['policies']>
type RequestPolicies = Policies & { collections: NonNullable<Policies['collections']> }
type EntityPermissions = RequestPolicies['collections'][string]
const requestPolicies = new WeakMap<PayloadRequest, RequestPolicies>()

const fieldNames = new WeakMap<SanitizedCollectionConfig, Set<string>>()
const fieldNamesOf = (config: SanitizedCollectionConfig) => {
  let names = fieldNames.get(config)
  if (!names) fieldNames.set(config, (names = new Set(config.flattenedFields.map((field) => field.name))))
  return names
}

/**
 * A collection's permissions as Payload works them out for validateQueryPaths (its read access and
 * every field's), per ability: the same for every request of the same ability (abilities are never
 * changed once built) when the rules alone decide them, as they do for every collection the access
 * plugin wraps whose fields have no read access of their own. Kept per ability and locale, handed
 * out as copies; any other collection is worked out per request, as Payload does.
 */
const abilityPermissions = new WeakMap<AtriumAbility, Map<string, EntityPermissions>>()

async function policiesOf(req: PayloadRequest, config: SanitizedCollectionConfig): Promise<RequestPolicies> {
  let policies = requestPolicies.get(req)
  if (!policies) requestPolicies.set(req, (policies = { collections: {}, globals: {} }))
  if (policies.collections[config.slug] || !req.user || !decidedByRules(config)) return policies
  const kept = abilityPermissions.get(await abilityOf(req))?.get(`${config.slug}\u0000${req.locale ?? ''}`)
  // The field permissions are only read (and frozen); the read permission's Where may be placed in a query.
  if (kept) policies.collections[config.slug] = { ...kept, read: plainCopy(kept.read) }
  return policies
}

async function keepPermissions(req: PayloadRequest, config: SanitizedCollectionConfig, policies: RequestPolicies) {
  const permissions = policies.collections[config.slug]
  if (!permissions || !req.user || !decidedByRules(config)) return
  const ability = await abilityOf(req)
  let byKey = abilityPermissions.get(ability)
  if (!byKey) abilityPermissions.set(ability, (byKey = new Map()))
  const { fields, ...rest } = plainCopy(permissions)
  byKey.set(`${config.slug}\u0000${req.locale ?? ''}`, { ...rest, fields: deepFrozen(fields) })
}

function deepFrozen<T>(value: T): T {
  if (value && typeof value === 'object') for (const item of Object.values(value)) deepFrozen(item)
  return Object.freeze(value)
}

const ruleDecided = new WeakMap<SanitizedCollectionConfig, boolean>()

/** Whether the rules alone decide a collection's read access and its fields' (see abilityPermissions). */
function decidedByRules(config: SanitizedCollectionConfig): boolean {
  let decided = ruleDecided.get(config)
  if (decided === undefined) {
    decided = isRuleAccess(config.access.read) && fieldsDecidedByRules(config.fields)
    ruleDecided.set(config, decided)
  }
  return decided
}

/** Every field's read access, nested ones included, is the rules' or none (blocks named by reference: unknown). */
function fieldsDecidedByRules(fields: readonly unknown[]): boolean {
  return fields.every((field) => {
    const f = field as {
      access?: { read?: FieldAccess }
      fields?: unknown[]
      tabs?: { fields: unknown[] }[]
      blocks?: unknown[]
      blockReferences?: unknown[]
    }
    if (f.access?.read && !ruleReadOf(f.access.read)) return false
    if (f.blockReferences?.length) return false
    return (
      fieldsDecidedByRules(f.fields ?? []) &&
      (f.tabs ?? []).every((tab) => fieldsDecidedByRules(tab.fields)) &&
      (f.blocks ?? []).every((block) =>
        typeof block === 'object' && block !== null
          ? fieldsDecidedByRules((block as { fields: unknown[] }).fields)
          : false,
      )
    )
  })
}

/**
 * The page of `slug` as `payload.find` (depth 0, no pagination) would answer it to the request's
 * user (and with `matchesFirst`, maybe how many match), or undefined when it must be asked instead
 * (see the module comment).
 */
export async function rowsForUser(
  req: PayloadRequest,
  slug: CollectionSlug,
  { where, sort, limit, page, access, fields: asked, matchesFirst }: RowsQuery,
  plain: PlainReads = {},
): Promise<SelectedRows | undefined> {
  const config = req.payload.collections[slug].config
  const selectable = plain.relationLists ? (f: FlattenedField) => isPlainColumn(f) || isRelationList(f) : isPlainColumn
  const fields = answeredFields(config, plain, asked, selectable)
  if (!fields || !drizzleTableOf(req.payload, slug)) return undefined
  await checkQueryPaths(req, config, where, sort)
  const [selected, readable] = await Promise.all([
    selectRows(req.payload, slug, {
      where: access === true ? where : { and: [where, access] },
      sort: sort ?? config.defaultSort,
      limit,
      offset: (page - 1) * limit,
      fields,
      matchesFirst,
    }),
    readableFieldsOf(req, slug, access, fields),
  ])
  return selected && { ...selected, rows: await Promise.all(selected.rows.map(readable)) }
}

/** What to count, and for whom. */
export interface CountsQuery {
  where: Where
  /** a top-level field held in a column of its own, whose values the counts are of */
  groupBy: string
  /** the collection's read access for the request (never false: the caller refuses that) */
  access: Where | true
}

/**
 * How many of the documents of `slug` that the request's user may read match `where`, per value of
 * `groupBy` (values none hold are absent), in one statement: what `payload.count` per value would
 * answer. Grouping by a field tells what it holds, as sorting by it would, so it is checked as
 * Payload checks a sort (QueryError when the user may not read it). Undefined when it must be
 * asked of Payload instead (MongoDB, a field that is not a plain column, a Where through joins).
 */
export async function countsForUser(
  req: PayloadRequest,
  slug: CollectionSlug,
  { where, groupBy, access }: CountsQuery,
): Promise<Map<unknown, number> | undefined> {
  const config = req.payload.collections[slug].config
  const field = config.flattenedFields.find((candidate) => candidate.name === groupBy)
  if (!field || !isPlainColumn(field) || !drizzleTableOf(req.payload, slug)) return undefined
  await checkQueryPaths(req, config, where, groupBy)
  return countRowsBy(req.payload, slug, { where: access === true ? where : { and: [where, access] }, field })
}
