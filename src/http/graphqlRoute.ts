/**
 * POST /api/graphql: throttled per client address, inspected by the GraphQL guard before Payload
 * parses anything, with every sign-in or password-reset mutation in the document counted against
 * the same throttle as its REST route, alias by alias.
 */
import { configToSchema } from '@payloadcms/graphql'
import type { RequestHandler } from 'express'
import type { GraphQLSchema } from 'graphql'
import { formatNames, toWords, type SanitizedConfig } from 'payload'
import { Errors } from './errors'
import { inspectGraphqlRequest } from './graphqlGuard'
import type { RateLimiters } from './rateLimits'

type Throttled = 'signIn' | 'passwordReset'

/** The root mutations Payload adds for each auth collection, and the throttle each one spends. */
export function throttledMutations(config: SanitizedConfig): Map<string, Throttled> {
  const names = new Map<string, Throttled>()
  for (const collection of config.collections) {
    if (!collection.auth || collection.graphQL === false) continue
    // The same naming Payload's GraphQL schema uses.
    const custom = collection.graphQL?.singularName
    const singular = custom ? toWords(custom, true) : formatNames(collection.slug).singular
    names.set(`login${singular}`, 'signIn')
    names.set(`forgotPassword${singular}`, 'passwordReset')
    names.set(`resetPassword${singular}`, 'passwordReset')
  }
  return names
}

/** What the route needs. */
export interface GraphqlRouteOptions {
  enabled: boolean
  rateLimiters: RateLimiters
  clientKey: (req: Parameters<RequestHandler>[0]) => string
}

/** Middleware that runs before Payload's GraphQL handler; it passes on only requests worth executing. */
export function guardGraphql(config: SanitizedConfig, options: GraphqlRouteOptions): RequestHandler {
  const mutations = throttledMutations(config)
  const countRootFields = [...mutations.keys()]
  // The guard checks variables against the schema (refusing a wrongly typed value at once, where
  // validation would pay for every one); built on first use, once (~30 ms).
  let schema: GraphQLSchema | undefined
  return async (req, _res, next) => {
    if (!options.enabled) throw Errors.routeNotFound(req.method, req.originalUrl.split('?')[0] ?? '')
    const key = options.clientKey(req)
    await options.rateLimiters.graphql.take(key)
    let body: unknown
    try {
      body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '')
    } catch {
      throw Errors.graphqlInvalid('the body must be a JSON object with a "query" string')
    }
    schema ??= configToSchema(config).schema
    const { rootFieldCounts } = inspectGraphqlRequest(body, { countRootFields, schema })
    for (const [field, count] of rootFieldCounts) {
      const throttle = mutations.get(field)
      if (throttle && count > 0) await options.rateLimiters[throttle].take(key, count)
    }
    next()
  }
}
