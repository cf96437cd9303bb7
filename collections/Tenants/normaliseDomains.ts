import type { FieldHook } from 'payload'
import { Errors } from '../../src/http/errors'

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/

/** A host name as the Host header will carry it: lower case, punycode, no trailing dot. */
export function normaliseDomain(raw: string): string | undefined {
  const text = raw.trim().toLowerCase().replace(/\.$/, '')
  if (!text || /[/:@?#\s]/.test(text)) return undefined
  try {
    const host = new URL(`http://${text}`).hostname
    return HOSTNAME.test(host) ? host : undefined
  } catch {
    return undefined
  }
}

/** Normalises the domains of a tenant and refuses malformed ones or one listed twice. */
export const normaliseDomains: FieldHook = ({ value }) => {
  if (!Array.isArray(value)) return value
  const seen = new Set<string>()
  return value.map((row: { domain?: unknown }) => {
    const domain = normaliseDomain(String(row?.domain ?? ''))
    if (!domain) {
      throw Errors.invalidInput(
        'invalid_domain',
        `"${String(row?.domain ?? '')}" is not a host name such as portal.client.com`,
      )
    }
    if (seen.has(domain)) throw Errors.invalidInput('invalid_domain', `${domain} is listed twice`)
    seen.add(domain)
    return { ...row, domain }
  })
}
