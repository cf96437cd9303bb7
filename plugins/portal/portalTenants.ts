/**
 * Which tenant a portal request is for: by the slug in /t/<slug>/…, or by the Host header of a
 * custom domain. Read as the system (which portal an address shows is configuration, not the
 * visitor's data) and kept for a few seconds, since every page asks; a suspended tenant has no
 * portal.
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, Payload, Where } from 'payload'
import { Slugs } from '../../collections/slugs'
import { idOf, type Id } from '../../src/access/ids'
import type { Tenant } from '../../src/payload-types'
import { allowsPasswords } from '../../collections/Tenants/signInFields'

/** How long a resolved (or unknown) slug or host is reused. */
export const TENANT_CACHE_TTL_MS = 5000
const MAX_ENTRIES = 1000

/** What the portal needs of a tenant. */
export interface PortalTenant {
  id: Id
  name: string
  slug: string
  locale: string
  /** IANA time zone: dates and times typed in the portal's forms are read in it */
  timeZone: string
  primaryColor?: string
  accentColor?: string
  /** The Media id of its logo, if its branding names one. */
  logo?: Id
  /** Whether its sign-in page offers single sign-on, and whether only that (plugins/sso). */
  sso?: { enabled: boolean; required: boolean }
  /** Whether its people may sign in with a password (a link by email is always offered). */
  allowPasswords: boolean
}

interface Entry {
  tenant: PortalTenant | undefined
  expiresAt: number
  /** the tenants' generation it was read in: a change to any tenant in this process ends it */
  generation: number
}

const generations = new WeakMap<Payload, number>()
const generationOf = (payload: Payload) => generations.get(payload) ?? 0

/**
 * After a tenant changes in this process, its portal reads it again at once (its sign-in options,
 * branding, status); other processes within {@link TENANT_CACHE_TTL_MS}.
 */
export const forgetPortalTenants: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({ req, doc }) => {
  generations.set(req.payload, generationOf(req.payload) + 1)
  return doc
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

const toPortalTenant = (doc: Tenant): PortalTenant => ({
  id: doc.id,
  name: doc.name,
  slug: doc.slug,
  locale: doc.locale ?? 'en',
  timeZone: doc.timezone ?? 'UTC',
  primaryColor: doc.branding?.primaryColor ?? undefined,
  accentColor: doc.branding?.accentColor ?? undefined,
  logo: idOf(doc.branding?.logo),
  sso: { enabled: Boolean(doc.sso?.enabled), required: Boolean(doc.sso?.enabled && doc.sso.required) },
  allowPasswords: allowsPasswords(doc),
})

/** Resolves tenants for one Payload instance. */
export class PortalTenants {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly payload: Payload) {}

  /** The active tenant with `slug`, if any. */
  bySlug(slug: string): Promise<PortalTenant | undefined> {
    if (!SLUG.test(slug)) return Promise.resolve(undefined)
    return this.cached(`slug:${slug}`, { slug: { equals: slug } })
  }

  /** The active tenant listing `host` among its domains, if any. */
  byHost(host: string): Promise<PortalTenant | undefined> {
    const name = host.toLowerCase().replace(/\.$/, '')
    if (!name || name.length > 253) return Promise.resolve(undefined)
    return this.cached(`host:${name}`, { 'domains.domain': { equals: name } })
  }

  private async cached(key: string, where: Where): Promise<PortalTenant | undefined> {
    const now = Date.now()
    const entry = this.entries.get(key)
    const generation = generationOf(this.payload)
    if (entry && entry.expiresAt > now && entry.generation === generation) return entry.tenant
    const { docs } = await this.payload.find({
      collection: Slugs.tenants,
      where: { and: [where, { status: { equals: 'active' } }] },
      depth: 0,
      limit: 1,
      pagination: false,
    })
    const tenant = docs[0] ? toPortalTenant(docs[0] as Tenant) : undefined
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear()
    this.entries.set(key, { tenant, expiresAt: now + TENANT_CACHE_TTL_MS, generation })
    return tenant
  }
}
