/**
 * The openid-client Configuration of one provider and client: the provider's metadata found by
 * discovery, kept for a while since every sign-in needs it and it rarely changes. Discovery also
 * checks that the metadata's issuer is exactly the configured one.
 */
import { createHash } from 'node:crypto'
import * as oidc from 'openid-client'

/** How to reach one client registration at one OpenID provider. */
export interface OidcClientSettings {
  issuer: string
  clientId: string
  clientSecret: string
}

/** How long discovered metadata is reused. */
export const DISCOVERY_TTL_MS = 10 * 60 * 1000
const DISCOVERY_TIMEOUT_SECONDS = 10
const MAX_ENTRIES = 500

const configurations = new Map<string, { configuration: Promise<oidc.Configuration>; expiresAt: number }>()

const keyOf = (s: OidcClientSettings) =>
  createHash('sha256').update(`${s.issuer}\u0000${s.clientId}\u0000${s.clientSecret}`).digest('base64url')

/** Plain http is accepted only where the settings allowed it: a provider on this machine's loopback. */
const isPlainHttp = (issuer: string) => new URL(issuer).protocol === 'http:'

/** The Configuration for `settings`; a failed discovery is not kept, so the next sign-in tries again. */
export function oidcConfiguration(settings: OidcClientSettings): Promise<oidc.Configuration> {
  const key = keyOf(settings)
  const now = Date.now()
  const known = configurations.get(key)
  if (known && known.expiresAt > now) return known.configuration
  const insecure = isPlainHttp(settings.issuer)
  const configuration = oidc.discovery(
    new URL(settings.issuer),
    settings.clientId,
    undefined,
    oidc.ClientSecretBasic(settings.clientSecret),
    {
      timeout: DISCOVERY_TIMEOUT_SECONDS,
      // OpenID Connect Discovery: /.well-known/openid-configuration after the issuer's own path.
      algorithm: 'oidc',
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    },
  )
  configuration.catch(() => configurations.delete(key))
  if (configurations.size >= MAX_ENTRIES) configurations.clear()
  configurations.set(key, { configuration, expiresAt: now + DISCOVERY_TTL_MS })
  return configuration
}
