/**
 * Single sign-on fixtures: Atrium's server listening before Payload boots (the provider must know
 * its redirect URIs, hence its port, when it starts), a tenant's SSO switched on as staff would,
 * and the cookies of a flow.
 */
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { Id } from '../../src/access/ids'
import type { TestProvider } from './oidcProvider'

/** A server whose request handler is given later (each database's app in turn). */
export interface LateServer {
  server: Server
  origin: string
  serve: (handler: RequestListener) => void
  close: () => Promise<void>
}

/** Listens on a loopback port now; `serve` plugs an app in. */
export async function lateServer(): Promise<LateServer> {
  let handler: RequestListener = (_req, res) => res.writeHead(503).end()
  const server = createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve: (next) => (handler = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Single sign-on settings of a tenant, as staff enter them. */
export interface TenantSsoInput {
  allowedDomains?: string[]
  defaultRole?: Id
  required?: boolean
}

/** Switches on `provider` for `tenant` (as the system: what the admin does as staff). */
export function enableTenantSso(payload: Payload, tenant: Id, provider: TestProvider, input: TenantSsoInput = {}) {
  return payload.update({
    collection: Slugs.tenants,
    id: tenant,
    data: {
      sso: {
        enabled: true,
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        allowedDomains: (input.allowedDomains ?? []).map((domain) => ({ domain })),
        defaultRole: input.defaultRole as number | undefined,
        required: input.required ?? false,
      },
    },
  })
}

/** The value a response's Set-Cookie gives cookie `name` (undefined: not set, '' : cleared). */
export function setCookieValue(setCookie: string[] | string | undefined, name: string): string | undefined {
  const lines = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  let value: string | undefined
  for (const line of lines) {
    const [pair] = line.split(';')
    const at = pair!.indexOf('=')
    if (pair!.slice(0, at).trim() === name) value = decodeURIComponent(pair!.slice(at + 1).trim())
  }
  return value
}

/** Path and query of a URL, for supertest. */
export const pathOf = (url: URL | string): string => {
  const parsed = new URL(url)
  return `${parsed.pathname}${parsed.search}`
}
