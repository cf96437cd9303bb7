/**
 * Invitations: a tenant's administrator (or staff) invites someone by email with roles in that
 * tenant; the email's link (src/auth/signInTokens.ts: single use, 7 days, stored as a hash) lets
 * them set up their sign-in (acceptInvitation.ts). Nobody is created at invitation: the person and
 * their membership are made when they accept, so an invitation not taken up leaves no account
 * behind, grants nothing meanwhile, and is revoked by deleting it.
 *
 * Who may invite whom with what is decided as for creating that client user, by the one access
 * path: the inviter's rules must let them create a client user with that membership, and the
 * guard on access changes (collections/Users/hooks/guardAccessChanges.ts) must let them grant
 * those roles in that tenant. It is asked at invitation, resend and revocation, and again as the
 * inviter at acceptance (their rights may have shrunk meanwhile).
 */
import { createLocalReq, type Payload, type TypedUser } from 'payload'
import { Slugs } from '../../collections/slugs'
import { guardAccessChanges } from '../../collections/Users/hooks/guardAccessChanges'
import { abilityOf, mayCreate } from '../access/collectionAccess'
import { storableId, type Id } from '../access/ids'
import { renderEmailTemplate } from '../email/emailTemplates'
import { Errors } from '../http/errors'
import { serverOf, storedTemplates } from '../notifications/emailMessage'
import { portalBase } from '../notifications/links'
import type { Tenant, User } from '../payload-types'
import { emailAddressInput } from './emailInput'
import { recordSignInEvent } from './signInLog'
import { deleteToken, issueToken, reissueToken, tokenById, type StoredSignInToken } from './signInTokens'

/** Most roles one invitation may hold (a form offers a handful). */
const MAX_ROLES = 20

/** An open invitation as its managers see it. */
export interface InvitationView {
  id: Id
  email: string
  tenant: Id
  roles: Id[]
  expiresAt: string
}

const viewOf = (token: StoredSignInToken): InvitationView => ({
  id: token.id,
  email: token.email,
  tenant: token.tenant,
  roles: token.roles,
  expiresAt: token.expiresAt,
})

/** The client user an invitation would make, as the access checks judge it. */
const invitedUser = (email: string, tenant: Id, roles: Id[]) => ({
  email,
  kind: 'client' as const,
  memberships: [{ tenant, roles }],
})

/**
 * Throws 403 unless `actor` may create a client user holding `roles` in `tenant`: their rules'
 * create on users, then the access-change guard as a create of that user would run it.
 */
export async function checkMayInvite(payload: Payload, actor: User, tenant: Id, roles: Id[]): Promise<void> {
  const req = await createLocalReq({ user: { ...actor, collection: Slugs.users } as unknown as TypedUser }, payload)
  const data = invitedUser('invitee@invalid', tenant, roles)
  if (!mayCreate(await abilityOf(req), Slugs.users, data)) {
    throw Errors.forbidden('You cannot invite people to this tenant')
  }
  await guardAccessChanges({
    collection: payload.collections[Slugs.users].config,
    context: {},
    data,
    operation: 'create',
    originalDoc: undefined,
    req,
  })
}

/**
 * Logs what `actor` did with an invitation of `email` to `tenant` (the person, who has no account
 * yet, is the email; who acted is in the reason).
 */
function logInvitation(
  payload: Payload,
  actor: User,
  kind: 'invitation-sent' | 'invitation-revoked',
  what: string,
  invitation: { tenant: Id; email: string },
) {
  const { tenant, email } = invitation
  return recordSignInEvent(payload, {
    kind,
    outcome: 'success',
    method: 'invitation',
    email,
    tenant,
    reason: `${what} by ${actor.email} (user ${String(actor.id)})`,
  })
}

/** What an invitation form or request body holds, checked. */
function invitationInput(payload: Payload, input: Record<string, unknown>) {
  const email = emailAddressInput(input.email, Errors.invalidInvitation)
  const tenant = storableId(payload, input.tenant)
  if (tenant === undefined) throw Errors.invalidInvitation('The tenant must be the id of a tenant')
  const raw = Array.isArray(input.roles) ? input.roles : []
  const roles = [...new Set(raw.map((role) => storableId(payload, role)))]
  if (roles.length === 0) throw Errors.invalidInvitation('Choose at least one role')
  if (roles.length > MAX_ROLES || roles.some((role) => role === undefined)) {
    throw Errors.invalidInvitation(`The roles must be 1 to ${MAX_ROLES} role ids`)
  }
  return { email, tenant, roles: roles as Id[] }
}

/** Sends (or sends again) the invitation email with `token`. */
async function sendInvitation(payload: Payload, inviter: User, tenant: Tenant, email: string, token: string) {
  const url = `${serverOf(payload)}${portalBase(tenant)}/invitation?token=${encodeURIComponent(token)}`
  const context = { inviter: { name: inviter.name }, tenant: { name: tenant.name }, link: { url, lifetime: '7 days' } }
  await payload.sendEmail({
    to: email,
    ...renderEmailTemplate('invitation', context, await storedTemplates(payload, tenant)),
  })
}

/** The tenant `actor` can see by `id`, or a 400 naming the problem (one they cannot see does not exist). */
async function visibleTenant(payload: Payload, actor: User, id: Id): Promise<Tenant> {
  const tenant = (await payload
    .findByID({ collection: Slugs.tenants, id, depth: 0, user: actor, overrideAccess: false, disableErrors: true })
    .catch(() => null)) as Tenant | null
  if (!tenant || tenant.status !== 'active')
    throw Errors.invalidInvitation('There is no such active tenant that you manage')
  return tenant
}

/**
 * Invites `input.email` to `input.tenant` with `input.roles`, on behalf of `actor`; an open
 * invitation of the same address to the same tenant is replaced (its link stops working).
 */
export async function invite(payload: Payload, actor: User, input: Record<string, unknown>): Promise<InvitationView> {
  const { email, tenant: tenantId, roles } = invitationInput(payload, input)
  const tenant = await visibleTenant(payload, actor, tenantId)
  await checkMayInvite(payload, actor, tenant.id, roles)
  await payload.db.deleteMany({
    collection: Slugs.signInTokens,
    where: {
      and: [
        { kind: { equals: 'invitation' } },
        { state: { equals: 'pending' } },
        { tenant: { equals: tenant.id } },
        { email: { equals: email } },
      ],
    },
  })
  const grant = { kind: 'invitation' as const, tenant: tenant.id, email, roles, invitedBy: actor.id }
  const { token, id } = await issueToken(payload, grant)
  try {
    await sendInvitation(payload, actor, tenant, email, token)
  } catch (error) {
    // An invitation nobody received would only confuse a later resend: take it back.
    await deleteToken(payload, id)
    throw error
  }
  await logInvitation(payload, actor, 'invitation-sent', 'Sent', { tenant: tenant.id, email })
  return viewOf((await tokenById(payload, id))!)
}

/** The open invitation `id` that `actor` manages (may invite its address with its roles), or 404. */
async function managedInvitation(payload: Payload, actor: User, id: unknown): Promise<StoredSignInToken> {
  const stored = storableId(payload, id)
  const invitation = stored === undefined ? undefined : await tokenById(payload, stored)
  if (!invitation || invitation.kind !== 'invitation' || invitation.state !== 'pending') {
    throw Errors.invitationNotFound()
  }
  // Someone who may not manage it learns nothing of it: the same 404 as for none at all.
  await checkMayInvite(payload, actor, invitation.tenant, invitation.roles).catch(() => {
    throw Errors.invitationNotFound()
  })
  return invitation
}

/** Sends invitation `id` again with a new link and a fresh 7 days; the old link is refused from now on. */
export async function resendInvitation(payload: Payload, actor: User, id: unknown): Promise<InvitationView> {
  const invitation = await managedInvitation(payload, actor, id)
  const tenant = await visibleTenant(payload, actor, invitation.tenant)
  const token = await reissueToken(payload, invitation)
  if (!token) throw Errors.invitationNotFound()
  await sendInvitation(payload, actor, tenant, invitation.email, token)
  await logInvitation(payload, actor, 'invitation-sent', 'Sent again (the old link no longer works)', invitation)
  return viewOf((await tokenById(payload, invitation.id))!)
}

/** Revokes open invitation `id`: its link is refused from now on. */
export async function revokeInvitation(payload: Payload, actor: User, id: unknown): Promise<void> {
  const invitation = await managedInvitation(payload, actor, id)
  await deleteToken(payload, invitation.id)
  await logInvitation(payload, actor, 'invitation-revoked', 'Revoked', invitation)
}

/** The open invitations of `tenant` (for its People page; the caller checked who asks). */
export async function openInvitations(payload: Payload, tenant: Id): Promise<InvitationView[]> {
  const { docs } = await payload.find({
    collection: Slugs.signInTokens,
    where: {
      and: [{ kind: { equals: 'invitation' } }, { state: { equals: 'pending' } }, { tenant: { equals: tenant } }],
    },
    sort: 'email',
    limit: 100,
    depth: 0,
    overrideAccess: true,
  })
  return docs.map((doc) => ({
    id: doc.id,
    email: doc.email,
    tenant,
    roles: (doc.roles ?? []).map((role) => (typeof role === 'object' ? role.id : role)),
    expiresAt: doc.expiresAt,
  }))
}
