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

/**
 * A hook for a list of `{ domain }` rows: normalises each, and refuses a malformed one or one listed
 * twice with a 400 of id `errorId` ("… is not a <what> such as <example>").
 */
export function domainListHook(errorId: string, what: string, example: string): FieldHook {
  return ({ value }) => {
    if (!Array.isArray(value)) return value
    const seen = new Set<string>()
    return value.map((row: { domain?: unknown }) => {
      const domain = normaliseDomain(String(row?.domain ?? ''))
      if (!domain) {
        throw Errors.invalidInput(errorId, `"${String(row?.domain ?? '')}" is not ${what} such as ${example}`)
      }
      if (seen.has(domain)) throw Errors.invalidInput(errorId, `${domain} is listed twice`)
      seen.add(domain)
      return { ...row, domain }
    })
  }
}

/** Normalises the custom domains of a tenant and refuses malformed ones or one listed twice. */
export const normaliseDomains = domainListHook('invalid_domain', 'a host name', 'portal.client.com')
