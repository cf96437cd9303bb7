import type { Config, Plugin } from 'payload'
import type { StaffSsoSettings } from '../../src/config/settings'
import { addRoutes } from '../../src/plugin/routes'
import { STAFF_SSO_PATH, staffSsoRoutes } from './staffSsoRoutes'

/** Options of the single sign-on plugin. */
export interface SsoPluginOptions {
  /** The vendor's provider for staff; undefined: the staff routes answer that it is not set up. */
  staff?: StaffSsoSettings
}

/**
 * Single sign-on over OpenID Connect: staff through the vendor's provider at /sso/staff/…
 * (registered here), client users through their tenant's provider at <portal>/sso/… (the portal's
 * tenant router mounts portalSsoRoutes). Identities are linked by issuer and subject in the
 * user-identities collection.
 */
export const ssoPlugin =
  (options: SsoPluginOptions = {}): Plugin =>
  (config: Config): Config =>
    addRoutes(config, {
      plugin: 'sso',
      path: STAFF_SSO_PATH,
      router: (payload, host) => staffSsoRoutes(payload, options.staff, host.rateLimiters.signIn),
    })
