/**
 * Which Atrium user a provider's claims stand for. A person is found by their (issuer, subject)
 * link only (collection user-identities), never by email alone. Without a link:
 *
 * - an existing client user of this tenant is linked at their first single sign-on when the
 *   provider vouches for their address (email_verified true), the address is of a domain the
 *   tenant lists, and no other subject of the same issuer is linked to them already: the tenant's
 *   own provider, for its own domain, names the member who already holds that address. Staff,
 *   and people of other tenants only, are never linked this way;
 * - otherwise, for a verified address of a listed domain and a tenant with a default role, a
 *   client user is made with that one membership (just in time).
 *
 * The vendor's provider only signs in staff already linked (by an administrator): no linking by
 * email, no accounts made. Concurrent first sign-ins end with one user and one link: the unique
 * indexes on users' email and on (issuer, subject) refuse the second, which then finds the first.
 */
import { randomBytes } from 'node:crypto'
import { ValidationError, type Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { TenantSso } from '../../collections/Tenants/ssoFields'
import { idOf, type Id } from '../../src/access/ids'
import { inTransaction, type TransactionRequest } from '../../src/db/inTransaction'
import { isUniqueViolation } from '../../src/db/uniqueViolation'
import { Errors } from '../../src/http/errors'
import type { User, UserIdentity } from '../../src/payload-types'
import type { SsoClaims } from './oidcFlow'

/** A tenant as single sign-on reads it (as the system, hidden fields shown). */
export interface SsoTenant {
  id: Id
  status?: string | null
  sso?: TenantSso | null
}

/** Who signed in, and what happened on the way. */
export interface SsoOutcome {
  user: User
  /** A link (issuer, subject) → user was made by this sign-in. */
  linked: boolean
  /** The user was made by this sign-in (just in time). */
  created: boolean
}

const ATTEMPTS = 3

const findIdentity = async (payload: Payload, issuer: string, subject: string) =>
  (
    await payload.find({
      collection: Slugs.userIdentities,
      where: { and: [{ issuer: { equals: issuer } }, { subject: { equals: subject } }] },
      depth: 0,
      limit: 1,
      pagination: false,
    })
  ).docs[0] as UserIdentity | undefined

const userById = async (payload: Payload, id: unknown) => {
  const userId = idOf(id)
  if (userId === undefined) return undefined
  return (await payload.findByID({ collection: Slugs.users, id: userId, depth: 0, disableErrors: true })) as
    | User
    | undefined
}

const isMember = (user: User, tenant: Id) =>
  (user.memberships ?? []).some((membership) => String(idOf(membership.tenant)) === String(tenant))

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1)

/**
 * Whether a concurrent sign-in made the same row first: a unique index refused it, or Payload's
 * own check of a new user's email did (it looks before inserting, and answers a ValidationError).
 */
const lostRace = (error: unknown): boolean =>
  isUniqueViolation(error) ||
  (error instanceof ValidationError && error.data.errors.some((problem) => problem.path === 'email'))

/** Retries `work` when a concurrent sign-in won a unique index: the retry finds what that one made. */
async function settled<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (attempt >= ATTEMPTS || !lostRace(error)) throw error
    }
  }
}

async function link(
  payload: Payload,
  user: Id,
  claims: SsoClaims,
  tenant: Id | undefined,
  req?: TransactionRequest,
): Promise<void> {
  await payload.create({
    collection: Slugs.userIdentities,
    data: {
      user: user as number,
      issuer: claims.issuer,
      subject: claims.subject,
      tenant: tenant as number | undefined,
      emailAtLink: claims.email,
      lastSignInAt: new Date().toISOString(),
    },
    ...(req ? { req } : {}),
  })
}

const touch = (payload: Payload, identity: UserIdentity) =>
  payload.update({
    collection: Slugs.userIdentities,
    id: identity.id,
    data: { lastSignInAt: new Date().toISOString() },
    depth: 0,
  })

/** The tenant's client user the claims stand for, linked or made as the rules above say. */
export function tenantSsoUser(payload: Payload, tenant: SsoTenant, claims: SsoClaims): Promise<SsoOutcome> {
  return settled(async () => {
    const identity = await findIdentity(payload, claims.issuer, claims.subject)
    if (identity) {
      const user = await userById(payload, identity.user)
      if (!user || user.kind !== 'client' || !isMember(user, tenant.id)) throw Errors.ssoAccountConflict()
      if (user.active === false) throw Errors.accountInactive()
      await touch(payload, identity)
      return { user, linked: false, created: false }
    }
    if (!claims.email || !claims.emailVerified) throw Errors.ssoEmailUnverified()
    const allowed = (tenant.sso?.allowedDomains ?? []).map((row) => row.domain)
    if (!allowed.includes(domainOf(claims.email))) throw Errors.ssoDomainNotAllowed()
    const { docs } = await payload.find({
      collection: Slugs.users,
      where: { email: { equals: claims.email } },
      depth: 0,
      limit: 1,
      pagination: false,
    })
    const existing = docs[0] as User | undefined
    if (existing)
      return { user: await linkExisting(payload, existing, tenant.id, claims), linked: true, created: false }
    return { user: await createJustInTime(payload, tenant, claims), linked: true, created: true }
  })
}

async function linkExisting(payload: Payload, user: User, tenant: Id, claims: SsoClaims): Promise<User> {
  if (user.kind !== 'client' || !isMember(user, tenant)) throw Errors.ssoAccountConflict()
  // Another subject of this provider holds the account already: the same address is not the same person.
  const { totalDocs } = await payload.count({
    collection: Slugs.userIdentities,
    where: { and: [{ user: { equals: user.id } }, { issuer: { equals: claims.issuer } }] },
  })
  if (totalDocs > 0) throw Errors.ssoAccountConflict()
  if (user.active === false) throw Errors.accountInactive()
  await link(payload, user.id, claims, tenant)
  return user
}

async function createJustInTime(payload: Payload, tenant: SsoTenant, claims: SsoClaims): Promise<User> {
  const role = idOf(tenant.sso?.defaultRole)
  if (role === undefined) throw Errors.ssoNoAccount()
  const email = claims.email!
  return inTransaction(payload, async (req) => {
    const user = (await payload.create({
      collection: Slugs.users,
      data: {
        email,
        name: (claims.name ?? email.slice(0, email.indexOf('@'))).slice(0, 200),
        kind: 'client',
        // Never typed by anyone: this person signs in through their provider.
        password: randomBytes(32).toString('base64url'),
        memberships: [{ tenant: tenant.id as number, roles: [role as number] }],
      },
      req,
    })) as User
    await link(payload, user.id, claims, tenant.id, req)
    return user
  })
}

/** The staff user linked to the claims at the vendor's provider; staff are never linked or made here. */
export async function staffSsoUser(payload: Payload, claims: SsoClaims): Promise<User> {
  const identity = await findIdentity(payload, claims.issuer, claims.subject)
  const user = identity ? await userById(payload, identity.user) : undefined
  if (!identity || !user || user.kind !== 'staff') throw Errors.ssoNoAccount()
  if (user.active === false) throw Errors.accountInactive()
  await touch(payload, identity)
  return user
}
