/**
 * The query check of every read below Payload's operations (rowsForUser.ts, docsForUser.ts,
 * recordTotals.ts): what `payload.find` refuses before it reads, refused the same way, with what
 * depends only on the user's ability worked out once per ability instead of on every request.
 */
import {
  validateQueryPaths,
  type FieldAccess,
  type PayloadRequest,
  type SanitizedCollectionConfig,
  type Sort,
  type Where,
} from 'payload'
import { isRelationList } from '../db/relationRows'
import { isPlainColumn } from '../db/selectRows'
import { COMPARISONS, fieldsByName } from '../db/statementShapes'
import { checkWhereValues } from '../http/queryValues'
import { abilityOf, isRuleAccess, ruleReadOf } from './collectionAccess'
import { plainCopy } from './plainCopy'
import type { AtriumAbility } from './rules'

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
  const names = fieldsByName(config)
  const sorted: Where = {}
  for (const key of sort === undefined ? [] : Array.isArray(sort) ? sort : [sort]) {
    const path = key.replace(/^-/, '')
    if (path !== 'id' && names.has(path)) sorted[path] = { exists: true }
  }
  // The paths and operators asked, when Payload's check of them depends on the ability alone.
  const shape = req.user && decidedByRules(config) ? pathsShapeOf(config, [sorted, where]) : undefined
  const ability = shape === undefined ? undefined : await abilityOf(req)
  const key = `${config.slug}\u0000${req.locale ?? ''}\u0000${shape}`
  if (ability && checkedPaths.get(ability)?.has(key)) return
  const policies = await policiesOf(req, config)
  const known = Boolean(policies.collections[config.slug])
  await validateQueryPaths({ collectionConfig: config, overrideAccess: false, policies, req, where: sorted })
  await validateQueryPaths({ collectionConfig: config, overrideAccess: false, policies, req, where })
  if (!known) await keepPermissions(req, config, policies)
  if (ability) {
    let checked = checkedPaths.get(ability)
    if (!checked) checkedPaths.set(ability, (checked = new Set()))
    if (checked.size >= CHECKED_KEPT) checked.clear()
    checked.add(key)
  }
}

/**
 * Path checks that passed, per ability: validateQueryPaths decides by the paths and operators of a
 * Where and the ability's permissions alone when every path is a top-level column (or relation
 * list) and every value a scalar or a list of them (no nested query, nothing it rewrites), so the
 * same shape passes again for the same ability. Refusals are not kept: they are asked each time.
 */
const checkedPaths = new WeakMap<AtriumAbility, Set<string>>()
/** Query shapes kept per ability (they come from code and from a user's filters). */
const CHECKED_KEPT = 1000

const SHAPED_OPERATORS = new Set([...COMPARISONS, 'exists'])

const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value)

/** The sorted `path:operator` pairs of `wheres`, or undefined when one of them is not of that simple kind. */
function pathsShapeOf(config: SanitizedCollectionConfig, wheres: Where[]): string | undefined {
  const fields = fieldsByName(config)
  const pairs = new Set<string>()
  const visit = (where: Where): boolean => {
    for (const [key, condition] of Object.entries(where)) {
      if (key === 'and' || key === 'or') {
        if (
          !Array.isArray(condition) ||
          !condition.every((child) => child && typeof child === 'object' && visit(child))
        )
          return false
        continue
      }
      const field = fields.get(key)
      const column =
        key === 'id' ||
        (field && !('virtual' in field && field.virtual) && (isPlainColumn(field) || isRelationList(field)))
      if (!column || !condition || typeof condition !== 'object' || Array.isArray(condition)) return false
      for (const [operator, value] of Object.entries(condition)) {
        if (!SHAPED_OPERATORS.has(operator)) return false
        if (!isScalar(value) && !(Array.isArray(value) && value.every(isScalar))) return false
        pairs.add(`${key}:${operator}`)
      }
    }
    return true
  }
  return wheres.every(visit) ? [...pairs].sort().join(',') : undefined
}

type Policies = NonNullable<Parameters<typeof validateQueryPaths>[0]['policies']>
type RequestPolicies = Policies & { collections: NonNullable<Policies['collections']> }
type EntityPermissions = RequestPolicies['collections'][string]
const requestPolicies = new WeakMap<PayloadRequest, RequestPolicies>()

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
