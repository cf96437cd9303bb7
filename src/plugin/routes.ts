/**
 * The typed extension point through which a plugin serves its own HTTP routes (the portal's pages,
 * an integration's webhook receiver) from Atrium's one express host.
 */
import type { Router } from 'express'
import type { Config, Payload, SanitizedConfig } from 'payload'
import type { RateLimiters } from '../http/rateLimits'

/** What the host lends a plugin's routes: the installation's throttles (shared store included). */
export interface PluginHost {
  rateLimiters: Pick<RateLimiters, 'signIn' | 'passwordReset' | 'signInLink' | 'signInLinkAddress' | 'graphql'>
}

/** An express router a plugin mounts under `path`. */
export interface PluginRoute {
  /** Who added it, for error messages and logs. */
  plugin: string
  /** Mount path, e.g. '/t' or '/webhooks/erp'; '/' receives whatever no earlier route took. */
  path: string
  /**
   * Builds the router once Payload is ready. It inherits the security headers, request id and error
   * handler; it parses request bodies itself (see `parseBodies` in src/http/bodies) and throttles
   * what must be throttled with the host's rate limiters (a sign-in form: `signIn`).
   */
  router: (payload: Payload, host: PluginHost) => Router | Promise<Router>
}

/** Paths Atrium serves itself; a plugin route may not shadow them. */
export const RESERVED_PATHS = ['/api', '/admin', '/healthz', '/readyz', '/_next', '/_atrium'] as const

interface AtriumCustom {
  routes?: PluginRoute[]
}

/** A config with `routes` added to the ones plugins registered before (use inside a Payload plugin). */
export function addRoutes(config: Config, ...routes: PluginRoute[]): Config {
  const custom = (config.custom ?? {}) as { atrium?: AtriumCustom }
  return {
    ...config,
    custom: { ...custom, atrium: { ...custom.atrium, routes: [...(custom.atrium?.routes ?? []), ...routes] } },
  }
}

/** The routes plugins registered, in order. Throws at boot if one would shadow Atrium's own paths. */
export function pluginRoutes(config: SanitizedConfig): PluginRoute[] {
  const routes = ((config.custom as { atrium?: AtriumCustom } | undefined)?.atrium?.routes ?? []) as PluginRoute[]
  for (const route of routes) {
    const clash = RESERVED_PATHS.find((p) => route.path === p || route.path.startsWith(`${p}/`))
    if (!route.path.startsWith('/') || clash) {
      throw new Error(
        `Plugin "${route.plugin}" cannot mount routes at "${route.path}": paths start with "/" and may not use ${RESERVED_PATHS.join(', ')}`,
      )
    }
  }
  return routes
}
