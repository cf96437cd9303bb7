/**
 * A user's ability: the CASL rules of their roles, with placeholders filled in for them.
 *
 * Staff roles apply as written (a vendor admin's `manage all`; an account manager's rules name
 * `${user.assignedTenants}`). Client roles apply per membership, and are confined to that
 * membership's tenant and its descendants whatever the rule says: a role misconfigured without
 * conditions still cannot reach another client. Clients only ever read data that belongs to no
 * tenant (roles). A user who is inactive, or whose tenant is suspended, holds nothing.
 *
 * Roles and tenants are read once per second at most (a snapshot shared by all requests), and at
 * once after any change in this process; abilities are cached per user revision and snapshot.
 */
import { createMongoAbility } from '@casl/ability'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { accessCatalogue, type AccessCatalogue } from './catalogue'
import { ALL_SUBJECTS, compileRule, type AtriumAbility, type CompiledRule, type StoredRule } from './rules'
import { idOf, idsOf, type Id } from './ids'

/** The fields of a user that decide what they may do. */
export interface AccessUser {
  id: number | string
  kind?: string | null
  active?: boolean | null
  updatedAt?: string | null
  memberships?: { tenant?: unknown; roles?: unknown[] | null }[] | null
  staffRoles?: unknown[] | null
  assignedTenants?: unknown[] | null
  /** The auth collection the user signed in through (Payload sets it on `req.user`). */
  collection?: string | null
}

/** The fields of an integration account that decide what it may do. */
interface IntegrationAccountFields {
  tenant?: unknown
  roles?: unknown[] | null
}

/**
 * The access path's view of whoever is signed in. An integration account acts like a person: bound
 * to a tenant, a client with one membership of it holding the account's roles; vendor-wide, staff
 * holding them as staff roles. People pass through unchanged.
 */
export function accessUserOf(user: AccessUser): AccessUser {
  if (user.collection !== Slugs.integrationAccounts) return user
  const { tenant, roles } = user as AccessUser & IntegrationAccountFields
  const base = { id: user.id, collection: user.collection, active: user.active, updatedAt: user.updatedAt }
  return idOf(tenant) === undefined
    ? { ...base, kind: 'staff', staffRoles: roles ?? [], assignedTenants: [] }
    : { ...base, kind: 'client', memberships: [{ tenant, roles: roles ?? [] }] }
}

/** `${user.id}` names a person; an account is no person, so rules about "yourself" never match it. */
const selfOf = (user: AccessUser) => (user.collection === Slugs.integrationAccounts ? undefined : user.id)

interface RoleEntry {
  audience: 'staff' | 'client'
  permissions: StoredRule[]
}
interface TenantEntry {
  parent: Id | undefined
  status: string
}
interface Snapshot {
  revision: number
  loadedAt: number
  roles: Map<string, RoleEntry>
  tenants: Map<string, TenantEntry>
  children: Map<string, Id[]>
}

/** How long another process's change to roles or tenants may take to reach this one. */
export const SNAPSHOT_TTL_MS = 1000
const ABILITY_CACHE_SIZE = 5000

class AccessState {
  snapshot: Promise<Snapshot> | undefined
  revision = 0
  abilities = new Map<string, AtriumAbility>()
}
const states = new WeakMap<Payload, AccessState>()
const stateOf = (payload: Payload) => {
  let state = states.get(payload)
  if (!state) states.set(payload, (state = new AccessState()))
  return state
}

/** Forgets the roles and tenants snapshot: call after a role or tenant changes. */
export function invalidateAccess(payload: Payload): void {
  const state = stateOf(payload)
  state.revision++
  state.snapshot = undefined
  state.abilities.clear()
}

async function loadSnapshot(payload: Payload, revision: number): Promise<Snapshot> {
  const [roles, tenants] = await Promise.all([
    payload.find({ collection: Slugs.roles, pagination: false, depth: 0 }),
    payload.find({ collection: Slugs.tenants, pagination: false, depth: 0 }),
  ])
  const snapshot: Snapshot = {
    revision,
    loadedAt: Date.now(),
    roles: new Map(),
    tenants: new Map(),
    children: new Map(),
  }
  for (const role of roles.docs as unknown as {
    id: Id
    audience: RoleEntry['audience']
    permissions?: StoredRule[]
  }[]) {
    snapshot.roles.set(String(role.id), { audience: role.audience, permissions: role.permissions ?? [] })
  }
  for (const tenant of tenants.docs as unknown as { id: Id; parent?: unknown; status: string }[]) {
    const parent = idOf(tenant.parent)
    snapshot.tenants.set(String(tenant.id), { parent, status: tenant.status })
    if (parent !== undefined)
      snapshot.children.set(String(parent), [...(snapshot.children.get(String(parent)) ?? []), tenant.id])
  }
  return snapshot
}

async function currentSnapshot(payload: Payload): Promise<Snapshot> {
  const state = stateOf(payload)
  const loaded = state.snapshot ? await state.snapshot : undefined
  if (loaded && Date.now() - loaded.loadedAt < SNAPSHOT_TTL_MS) return loaded
  if (loaded) {
    // Expired: the next one gets a new revision, so abilities built on the old one are not reused.
    state.revision++
    state.abilities.clear()
  }
  const next = loadSnapshot(payload, state.revision)
  state.snapshot = next
  next.catch(() => {
    if (state.snapshot === next) state.snapshot = undefined
  })
  return next
}

/** The tenant and every tenant below it, each once (a cycle cannot loop). */
export function tenantAndDescendants(tenant: Id, children: Map<string, Id[]>): Id[] {
  const seen = new Set<string>([String(tenant)])
  const result: Id[] = [tenant]
  for (let i = 0; i < result.length; i++) {
    for (const child of children.get(String(result[i])) ?? []) {
      if (seen.has(String(child))) continue
      seen.add(String(child))
      result.push(child)
    }
  }
  return result
}

/**
 * `conditions` and "the scope path is one of `scope`". CASL ANDs the operators given for one field,
 * so the confinement joins the rule's own operators on that path; a rule's own `$in` there is
 * narrowed to the ids both lists hold.
 */
function withinScope(conditions: unknown, path: string, scope: Id[]): Record<string, unknown> {
  const own = { ...((conditions as Record<string, Record<string, unknown>> | undefined) ?? {}) }
  const onPath = { ...(own[path] ?? {}) }
  const existing = onPath.$in
  const allowed = new Set(scope.map(String))
  onPath.$in = Array.isArray(existing) ? existing.filter((id) => allowed.has(String(id))) : scope
  return { ...own, [path]: onPath }
}

/** Restricts a client's compiled rule to its membership's tenants (see the module comment). */
function confine(rule: CompiledRule, scope: Id[], catalogue: AccessCatalogue): CompiledRule[] {
  if (rule.inverted) return [rule]
  const subjects = rule.subject === ALL_SUBJECTS ? [...catalogue.subjects.keys()] : [rule.subject as string]
  const confined: CompiledRule[] = []
  for (const subject of subjects) {
    const path = catalogue.scopes.get(subject)
    if (!path) {
      // Shared data: clients may read it where a rule says so, never change it.
      if (rule.action === 'read' || rule.action === 'manage') confined.push({ ...rule, subject, action: 'read' })
      continue
    }
    confined.push({ ...rule, subject, conditions: withinScope(rule.conditions, path, scope) })
  }
  return confined
}

/**
 * The rules a person holds on what is theirs (catalogue.personal); an integration account holds
 * none. A client's tenant-owned documents stay confined to their active tenants (`scope`).
 */
function personalRules(user: AccessUser, catalogue: AccessCatalogue, scope: Id[] | undefined): CompiledRule[] {
  const self = selfOf(user)
  if (self === undefined) return []
  return [...catalogue.personal].flatMap(([subject, { owner, rules }]) => {
    const path = catalogue.scopes.get(subject)
    const conditions = scope && path ? withinScope({ [owner]: { $eq: self } }, path, scope) : { [owner]: { $eq: self } }
    return rules.map((rule) => ({
      action: rule.action,
      subject,
      inverted: false,
      conditions,
      ...(rule.fields ? { fields: [...rule.fields] } : {}),
    }))
  })
}

/** Every active tenant a client's memberships reach, with their descendants. */
function clientScope(user: AccessUser, snapshot: Snapshot): Id[] {
  return (user.memberships ?? []).flatMap((membership) => {
    const tenant = idOf(membership.tenant)
    if (tenant === undefined || snapshot.tenants.get(String(tenant))?.status !== 'active') return []
    return tenantAndDescendants(tenant, snapshot.children)
  })
}

function compileFor(user: AccessUser, snapshot: Snapshot, catalogue: AccessCatalogue): CompiledRule[] {
  const rules = personalRules(user, catalogue, user.kind === 'staff' ? undefined : clientScope(user, snapshot))
  const rolesOf = (ids: unknown[] | null | undefined, audience: RoleEntry['audience']) =>
    (ids ?? [])
      .map((id) => snapshot.roles.get(String(idOf(id))))
      .filter((role): role is RoleEntry => role?.audience === audience)
  if (user.kind === 'staff') {
    const assignedTenants = idsOf(user.assignedTenants)
    for (const role of rolesOf(user.staffRoles, 'staff')) {
      for (const stored of role.permissions) {
        const rule = compileRule(
          stored,
          { 'user.id': selfOf(user), 'user.assignedTenants': assignedTenants },
          catalogue,
        )
        if (rule) rules.push(rule)
      }
    }
    return rules
  }
  for (const membership of user.memberships ?? []) {
    const tenant = idOf(membership.tenant)
    if (tenant === undefined || snapshot.tenants.get(String(tenant))?.status !== 'active') continue
    const scope = tenantAndDescendants(tenant, snapshot.children)
    const values = { 'user.id': selfOf(user), 'user.tenant': tenant, 'user.tenantAndDescendants': scope }
    for (const role of rolesOf(membership.roles, 'client')) {
      for (const stored of role.permissions) {
        const rule = compileRule(stored, values, catalogue)
        if (rule) rules.push(...confine(rule, scope, catalogue))
      }
    }
  }
  return rules
}

/** An ability that allows nothing: anonymous callers, inactive users. */
export const NO_ABILITY: AtriumAbility = createMongoAbility([])

/** The ability of `user` (undefined: an anonymous caller). */
export async function abilityFor(payload: Payload, signedIn: AccessUser | null | undefined): Promise<AtriumAbility> {
  if (!signedIn || signedIn.active === false) return NO_ABILITY
  const user = accessUserOf(signedIn)
  const snapshot = await currentSnapshot(payload)
  const state = stateOf(payload)
  // Ids are per collection: a user and an account may share one.
  const key = `${user.collection ?? Slugs.users}:${String(user.id)}|${user.updatedAt ?? ''}|${snapshot.revision}`
  const cached = state.abilities.get(key)
  if (cached) return cached
  const ability = createMongoAbility(compileFor(user, snapshot, accessCatalogue(payload.config)))
  if (state.abilities.size >= ABILITY_CACHE_SIZE) state.abilities.clear()
  state.abilities.set(key, ability)
  return ability
}

/** The tenants a user acts for: active membership tenants (clients) or assigned tenants (staff). */
export async function tenantsOf(payload: Payload, signedIn: AccessUser): Promise<Id[]> {
  const user = accessUserOf(signedIn)
  if (user.kind === 'staff') return idsOf(user.assignedTenants)
  const snapshot = await currentSnapshot(payload)
  return (user.memberships ?? [])
    .map((membership) => idOf(membership.tenant))
    .filter((id): id is Id => id !== undefined && snapshot.tenants.get(String(id))?.status === 'active')
}

/** The tenant and its descendants, from the current snapshot. */
export async function tenantSubtree(payload: Payload, tenant: Id): Promise<Id[]> {
  return tenantAndDescendants(tenant, (await currentSnapshot(payload)).children)
}

/** Whether whoever is signed in acts as the vendor's staff (a vendor-wide integration account does). */
export const isStaff = (user: unknown): boolean => Boolean(user) && accessUserOf(user as AccessUser).kind === 'staff'
