/**
 * Accepting an invitation (invitations.ts) in the tenant's portal: the person gives their name and
 * either a password that keeps the password rules or "sign me in by email links" (they get a
 * random password nobody knows). Everything the form says is checked before the link is used, so
 * a typo does not burn it; then the link is used up (once, atomically) and the person is created
 * as the inviter would create them, through the one access path. Someone who has an account
 * already (a member of another client account) keeps their sign-in and gains the membership.
 */
import { randomBytes } from 'node:crypto'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { idOf, idsOf, type Id } from '../access/ids'
import { Errors, HttpError } from '../http/errors'
import type { User } from '../payload-types'
import { checkMayInvite } from './invitations'
import { checkPasswordRules } from './passwordRules'
import { consumeToken, readToken } from './signInTokens'

/** How the person will sign in. */
export type SignInMethod = 'password' | 'link'

/** What the acceptance form posts. */
export interface AcceptanceForm {
  name?: unknown
  method?: unknown
  password?: unknown
}

/** The tenant of the portal the invitation is accepted in. */
export interface AcceptingTenant {
  id: Id
  allowPasswords: boolean
}

const refuse = (field: string, problem: string) =>
  new HttpError(400, 'invalid_invitation_acceptance', `${problem}; nothing was changed`, {}, { [field]: problem })

/** The new person's name and password, checked; a random password for someone signing in by link. */
function newPersonOf(form: AcceptanceForm, tenant: AcceptingTenant): { name: string; password: string } {
  const name = typeof form.name === 'string' ? form.name.trim() : ''
  if (name === '' || name.length > 200) throw refuse('name', 'Give your name (at most 200 characters)')
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) throw refuse('name', 'The name contains a line break or control character')
  const method: SignInMethod = form.method === 'password' ? 'password' : 'link'
  if (method === 'link') return { name, password: randomBytes(32).toString('base64url') }
  if (!tenant.allowPasswords) throw Errors.passwordSignInDisabled()
  checkPasswordRules(form.password)
  return { name, password: form.password as string }
}

/**
 * Accepts invitation `token` in `tenant`'s portal; returns the id of the person, to be signed in.
 * Throws the token's refusal (wrong kind, unknown or replaced, other portal, used, expired), a
 * form problem (400 with the field), or 403 when the inviter may no longer grant this access.
 */
export async function acceptInvitation(
  payload: Payload,
  tenant: AcceptingTenant,
  token: unknown,
  form: AcceptanceForm,
): Promise<Id> {
  const invitation = await readToken(payload, token, 'invitation', tenant.id)
  const [existing, inviter] = (await Promise.all([
    payload.db.findOne({ collection: Slugs.users, where: { email: { equals: invitation.email } } }),
    invitation.invitedBy === undefined
      ? null
      : payload.db.findOne({ collection: Slugs.users, where: { id: { equals: invitation.invitedBy } } }),
  ])) as [User | null, User | null]
  if (existing && existing.kind !== 'client') {
    throw Errors.forbidden("This address belongs to a staff account, which does not join a client's portal")
  }
  const person = existing ? undefined : newPersonOf(form, tenant)
  const noLonger = () => Errors.forbidden('The person who invited you can no longer grant this access: ask them again')
  if (!inviter || inviter.active === false) throw noLonger()
  await checkMayInvite(payload, inviter, tenant.id, invitation.roles).catch((error: unknown) => {
    throw error instanceof HttpError && error.status === 403 ? noLonger() : error
  })
  await consumeToken(payload, invitation)
  const membership = { tenant: tenant.id, roles: invitation.roles }
  if (!existing) {
    const created = await payload.create({
      collection: Slugs.users,
      // Payload's generated types say number (SQL); on MongoDB ids are text and pass through untouched.
      data: { email: invitation.email, ...person!, kind: 'client', memberships: [membership] } as never,
      depth: 0,
      // As the inviter would create them: their rules and the access-change guard decide.
      user: { ...inviter, collection: Slugs.users },
      overrideAccess: false,
    })
    return created.id
  }
  const memberships = (existing.memberships ?? []).map((m) => ({
    ...m,
    tenant: idOf(m.tenant)!,
    roles: idsOf(m.roles as unknown[]),
  }))
  if (memberships.some((m) => String(m.tenant) === String(tenant.id))) return existing.id
  // Written as the system: the inviter cannot see a person of another client account, and their
  // right to grant this membership was checked just above, as for a new person.
  await payload.update({
    collection: Slugs.users,
    id: existing.id,
    data: { memberships: [...memberships, membership] } as never,
    depth: 0,
    overrideAccess: true,
  })
  return existing.id
}
