import type { Field, FieldAccess, FieldHook } from 'payload'
import { isStaff } from '../../src/access/ability'
import { seal } from '../../src/auth/sealedText'
import { Errors } from '../../src/http/errors'
import { Slugs } from '../slugs'
import { domainListHook } from './normaliseDomains'

/** The purpose a tenant's client secret is sealed for (src/auth/sealedText.ts). */
export const CLIENT_SECRET_PURPOSE = 'tenant sso client secret'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Whether `value` may be an OpenID issuer: an https URL without query or fragment; plain http
 * only on this machine's loopback (a provider beside Atrium, as in tests), where nobody sits between.
 */
export function issuerProblem(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim() : ''
  if (!URL.canParse(text)) return 'Use the issuer URL the provider publishes, such as https://login.example.com'
  const url = new URL(text)
  if (url.search || url.hash || url.username || url.password)
    return 'The issuer URL takes no query, fragment or credentials'
  if (url.protocol === 'https:') return undefined
  if (url.protocol === 'http:' && (LOOPBACK.has(url.hostname) || url.hostname.startsWith('127.'))) return undefined
  return 'The issuer URL must use https'
}

// Who configures single sign-on is the vendor's decision: the issuer and the domains decide who may
// become a member of the tenant, so a client role, however it is written, never changes them.
const staffWrites: FieldAccess = ({ req }) => isStaff(req.user)
// System reads (no user: the sign-in flow, the portal's tenant lookup) see the settings; of people, staff.
const staffReads: FieldAccess = ({ req }) => !req.user || isStaff(req.user)

/** Seals a newly typed client secret into the stored field and never lets the typed value through. */
const sealClientSecret: FieldHook = ({ value, siblingData, req }) => {
  if (typeof value === 'string' && value.trim() !== '') {
    if (value.length > 2000)
      throw Errors.invalidInput('invalid_sso_settings', 'The client secret is longer than 2000 characters')
    siblingData.clientSecretSealed = seal(value.trim(), req.payload.secret, CLIENT_SECRET_PURPOSE)
  }
  return undefined
}

const normaliseAllowedDomains = domainListHook('invalid_sso_settings', 'an email domain', 'client.com')

const shownWhenEnabled = (_data: unknown, siblingData: { enabled?: unknown }) => Boolean(siblingData?.enabled)

/**
 * Single sign-on over OpenID Connect for a tenant's client users (plugins/sso). Staff set it; the
 * client secret is write-only: it is stored sealed, in a hidden field, and no API or admin view
 * ever returns it.
 */
export const ssoFields: Field = {
  name: 'sso',
  type: 'group',
  label: 'Single sign-on',
  access: { read: staffReads, create: staffWrites, update: staffWrites },
  admin: { description: 'Let this account’s people sign in with their organisation’s OpenID Connect provider.' },
  fields: [
    { name: 'enabled', type: 'checkbox', defaultValue: false },
    {
      name: 'issuer',
      type: 'text',
      maxLength: 500,
      admin: { condition: shownWhenEnabled, description: 'The provider’s issuer URL, e.g. https://login.client.com' },
      validate: (value: unknown, { siblingData }: { siblingData: { enabled?: unknown } }) =>
        (!siblingData?.enabled && !value) || (issuerProblem(value) ?? true),
    },
    {
      name: 'clientId',
      type: 'text',
      maxLength: 255,
      admin: { condition: shownWhenEnabled },
      validate: (value: unknown, { siblingData }: { siblingData: { enabled?: unknown } }) =>
        !siblingData?.enabled || Boolean(value) || 'An enabled single sign-on needs the client id the provider issued',
    },
    {
      // Typed by staff, sealed into clientSecretSealed by its hook, never stored or returned as typed.
      name: 'clientSecret',
      type: 'text',
      virtual: true,
      admin: {
        condition: shownWhenEnabled,
        description:
          'Write-only: type a secret to replace the stored one (it is never shown again); leave empty to keep it.',
      },
      hooks: { beforeChange: [sealClientSecret], afterRead: [() => undefined] },
    },
    // The sealed secret: hidden, so REST, GraphQL and the admin never see it, sealed so a dump does not either.
    { name: 'clientSecretSealed', type: 'text', hidden: true },
    {
      // Just-in-time accounts are made only for verified addresses of these domains.
      name: 'allowedDomains',
      type: 'array',
      admin: {
        condition: shownWhenEnabled,
        description:
          'Email domains of this organisation: a verified address there may get an account at first sign-in.',
      },
      hooks: { beforeValidate: [normaliseAllowedDomains] },
      fields: [{ name: 'domain', type: 'text', required: true, maxLength: 253 }],
    },
    {
      // What a person made at first sign-in holds; without it, nobody is made (existing members still sign in).
      name: 'defaultRole',
      type: 'relationship',
      relationTo: Slugs.roles,
      filterOptions: { audience: { equals: 'client' } },
      admin: { condition: shownWhenEnabled, description: 'The role of people whose account single sign-on creates.' },
    },
    {
      name: 'required',
      type: 'checkbox',
      defaultValue: false,
      admin: {
        condition: shownWhenEnabled,
        description: 'Its people must sign in through the provider: passwords and email links are refused for them.',
      },
    },
  ],
}

/** A tenant's single sign-on settings as stored (read as the system, with hidden fields shown). */
export interface TenantSso {
  enabled?: boolean | null
  issuer?: string | null
  clientId?: string | null
  clientSecretSealed?: string | null
  allowedDomains?: { domain?: string | null }[] | null
  defaultRole?: unknown
  required?: boolean | null
}

/** Whether a tenant document has single sign-on switched on and required of its people. */
export const requiresSso = (tenant: { sso?: TenantSso | null }): boolean =>
  Boolean(tenant.sso?.enabled && tenant.sso.required)
