/**
 * Caps on how much one read may ask for: page size (`limit`) and relationship depth. Without them a
 * signed-in caller (or an anonymous one, on a public collection) can ask for a million rows, or a
 * relationship graph ten levels deep, in one request.
 *
 * One check, two doors: REST query strings are checked before Payload parses them (Payload turns a
 * non-numeric `limit` into "no limit given" silently), and every collection operation run for a
 * user — REST, GraphQL, or the Local API with `overrideAccess: false` — is checked in a
 * beforeOperation hook that this module's plugin adds to every collection, including those that
 * plugins add.
 */
import type { CollectionBeforeOperationHook, Config, Plugin } from 'payload'
import type { QueryLimits } from '../config/settings'
import { Errors } from './errors'
import { checkQueryValues } from './queryValues'

/** The paging and depth arguments of an operation, as Payload receives them. */
export interface PagingArguments {
  limit?: unknown
  depth?: unknown
  page?: unknown
  pagination?: unknown
}

const INTEGER = /^\d{1,9}$/

function checkRange(name: string, value: number, min: number, max: number) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw Errors.invalidQueryParameter(name, `must be a whole number from ${min} to ${max} (got ${value})`)
  }
}

/** Throws a 400 naming the argument when `args` asks for more than `limits` allow. */
export function checkPagingArguments(args: PagingArguments, limits: QueryLimits): void {
  const { limit, depth, page, pagination } = args
  // Payload reads limit 0 as "everything".
  if (limit !== undefined && limit !== null) checkRange('limit', Number(limit), 1, limits.maxLimit)
  if (depth !== undefined && depth !== null) checkRange('depth', Number(depth), 0, limits.maxDepth)
  if (page !== undefined && page !== null) checkRange('page', Number(page), 1, 1_000_000_000)
  if (pagination === false && (limit === undefined || limit === null)) {
    throw Errors.invalidQueryParameter(
      'pagination',
      `may be false only together with a limit of at most ${limits.maxLimit}`,
    )
  }
}

/**
 * Checks the paging parameters of a REST query string: each at most once, plain digits only, within
 * the limits. Bracketed forms (`limit[0]=5`), which Payload's parser would turn into arrays, are refused.
 */
export function checkRestQuery(query: URLSearchParams, limits: QueryLimits): void {
  const args: Record<string, unknown> = {}
  for (const name of ['limit', 'depth', 'page', 'pagination'] as const) {
    const keys = [...new Set([...query.keys()].filter((key) => key === name || key.startsWith(`${name}[`)))]
    if (keys.length === 0) continue
    const values = query.getAll(name)
    if (keys.length > 1 || keys[0] !== name || values.length > 1) {
      throw Errors.invalidQueryParameter(name, 'may be given once, as a plain value')
    }
    const value = values[0] ?? ''
    if (name === 'pagination') {
      if (value !== 'true' && value !== 'false') throw Errors.invalidQueryParameter(name, 'must be true or false')
      args.pagination = value === 'true'
    } else if (!INTEGER.test(value)) {
      throw Errors.invalidQueryParameter(name, `must be a whole number (got "${value.slice(0, 40)}")`)
    } else {
      args[name] = Number(value)
    }
  }
  // Like the operation hook below: a read of at most a page of listed ids returns no more than them,
  // whatever its limit (Payload's admin asks for the related documents of a list with limit=250).
  const listed = listedIdsOf(query)
  if (listed !== undefined && listed <= limits.maxLimit) checkPagingArguments({ ...args, limit: undefined }, limits)
  else checkPagingArguments(args, limits)
}

/** How many ids a query string's one plain `where[id][in]=a,b,…` lists, if it has one. */
function listedIdsOf(query: URLSearchParams): number | undefined {
  const keys = [...query.keys()].filter((key) => key.startsWith('where[id][in]'))
  const values = query.getAll('where[id][in]')
  if (keys.length !== 1 || keys[0] !== 'where[id][in]' || values.length !== 1) return undefined
  return values[0]!.split(',').length
}

/** How many ids a Where restricts the result to (`id in [...]`, alone or in a top-level `and`), if it does. */
function idsListedIn(where: unknown): number | undefined {
  if (!where || typeof where !== 'object') return undefined
  const { id, and } = where as { id?: { in?: unknown; equals?: unknown }; and?: unknown }
  if (Array.isArray(id?.in)) return id.in.length
  // REST's `where[id][in]=a,b` arrives as text; Payload splits it at the commas later.
  if (typeof id?.in === 'string') return id.in.split(',').length
  if (id?.equals !== undefined) return 1
  if (!Array.isArray(and)) return undefined
  const counts = and.map(idsListedIn).filter((count): count is number => count !== undefined)
  return counts.length > 0 ? Math.min(...counts) : undefined
}

const enforceLimits =
  (limits: QueryLimits): CollectionBeforeOperationHook =>
  ({ args }) => {
    const { overrideAccess, currentDepth } = args as { overrideAccess?: boolean; currentDepth?: number }
    // REST and GraphQL run operations without overrideAccess, the Local API for a user with it false.
    // System work (jobs, seeds, hooks reading what they need) runs with overrideAccess and is not
    // capped; nor is Payload's own loading of related documents (it carries the depth it has
    // reached), which fetches by id what the checked request already asked for.
    if (overrideAccess === true || currentDepth) return args
    const paging = args as PagingArguments & { where?: unknown }
    // A read of listed ids (Payload checks relationship values this way) returns no more than the list.
    const listed = idsListedIn(paging.where)
    if (listed !== undefined && listed <= limits.maxLimit) checkPagingArguments({ depth: paging.depth }, limits)
    else checkPagingArguments(paging, limits)
    return args
  }

/**
 * A plugin, applied after all others, that caps every collection's reads made on behalf of a user
 * and refuses query values the database cannot compare (see queryValues.ts).
 */
export function queryLimitsPlugin(limits: QueryLimits): Plugin {
  return (config: Config): Config => ({
    ...config,
    // Payload's own collections (preferences, locks, jobs) are queried by Payload itself through the
    // Local API; their REST doors are still checked by checkRestQuery.
    collections: (config.collections ?? []).map((collection) =>
      collection.slug.startsWith('payload-')
        ? collection
        : {
            ...collection,
            hooks: {
              ...collection.hooks,
              beforeOperation: [enforceLimits(limits), checkQueryValues, ...(collection.hooks?.beforeOperation ?? [])],
            },
          },
    ),
  })
}
