/**
 * Delegated administration (<base>/people): a client administrator lists their organisation's
 * people, adds one or invites one by email (and resends or revokes open invitations), changes the
 * roles someone holds here and deactivates or reactivates them.
 * Every read and write goes through the tenancy API as the administrator (Local API with their
 * user and `overrideAccess: false`), so its rules decide: only people of tenants they manage,
 * only roles they hold themselves, never their own access (guardAccessChanges).
 */
import { Router, type Request, type Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { grantableRoles } from '../../../collections/Users/hooks/guardAccessChanges'
import { abilityFor } from '../../../src/access/ability'
import { idOf, idsOf, storableId, type Id } from '../../../src/access/ids'
import { invite, openInvitations, resendInvitation, revokeInvitation } from '../../../src/auth/invitations'
import { Errors } from '../../../src/http/errors'
import type { User } from '../../../src/payload-types'
import { portalLocals, sendPage, type PageView } from '../portalPage'
import type { PortalUser } from '../portalSession'
import type { PortalTemplates } from '../portalTemplates'
import type { PortalTenant } from '../portalTenants'
import { formRefusal, type FormRefusal } from './formErrors'
import { readableRoles, rolesIn } from './roleNames'

/** The most people the page lists (an organisation's portal users, not a directory). */
export const PEOPLE_SHOWN = 100

const FLASHES: Readonly<Record<string, NonNullable<PageView['flash']>>> = {
  added: { kind: 'info', message: 'The person was added. Give them their email and initial password.' },
  saved: { kind: 'info', message: 'Saved.' },
  invited: { kind: 'info', message: 'The invitation is on its way. Its link works for 7 days.' },
  resent: { kind: 'info', message: 'The invitation was sent again with a new link; the old link no longer works.' },
  revoked: { kind: 'info', message: 'The invitation was revoked; its link no longer works.' },
}

/**
 * Whether `user` administers people in this portal: a client user whose rules let them add users
 * (everyone may update their own name, so that is no sign).
 */
export async function managesPeople(payload: Payload, user: PortalUser): Promise<boolean> {
  return user.kind === 'client' && (await abilityFor(payload, user)).can('create', Slugs.users)
}

/** The roles `admin` may grant in `tenant` (the tenancy guard's own reckoning). */
async function grantableHere(payload: Payload, admin: PortalUser, tenant: PortalTenant): Promise<Set<string>> {
  return (await grantableRoles(payload, admin)).get(String(tenant.id)) ?? new Set()
}

/** The role ids a form chose (checkboxes named `roles`), limited to those offered, as stored ids. */
function chosenRoles(payload: Payload, body: Record<string, unknown>, offered: Set<string>): Id[] {
  const raw = Array.isArray(body.roles) ? body.roles : body.roles === undefined ? [] : [body.roles]
  const offeredIds = [...new Set(raw.filter((role): role is string => typeof role === 'string' && offered.has(role)))]
  return offeredIds.map((role) => storableId(payload, role)).filter((id): id is Id => id !== undefined)
}

interface PeopleForm {
  refusal?: FormRefusal
  /** What the add form held, to show again after a refusal. */
  added?: { name: string; email: string; roles: Id[] }
  /** What the invitation form held, to show again after a refusal. */
  invited?: { email: string; roles: Id[] }
  flash?: PageView['flash']
}

async function sendPeople(payload: Payload, templates: PortalTemplates, res: Response, form: PeopleForm = {}) {
  const { user, tenant, base } = portalLocals(res)
  const [{ docs }, roles, grantable, invitations] = await Promise.all([
    payload.find({
      collection: Slugs.users,
      where: { 'memberships.tenant': { equals: tenant!.id } },
      sort: 'name',
      depth: 0,
      limit: PEOPLE_SHOWN,
      pagination: false,
      user: user!,
      overrideAccess: false,
    }),
    readableRoles(payload, user!),
    grantableHere(payload, user!, tenant!),
    openInvitations(payload, tenant!.id),
  ])
  const offered = [...grantable].filter((id) => roles.has(id)).map((id) => ({ id, name: roles.get(id)!.name }))
  const people = (docs as User[]).map((person) => {
    const held = new Set(rolesIn(person, tenant!.id).map(String))
    return {
      id: String(person.id),
      name: person.name,
      email: person.email,
      active: person.active !== false,
      self: String(person.id) === String(user!.id),
      action: `${base}/people/${person.id}`,
      roles: offered.map((role) => ({ ...role, held: held.has(role.id) })),
      otherRoles: [...held].filter((id) => !grantable.has(id)).map((id) => roles.get(id)?.name ?? `Role ${id}`),
    }
  })
  const added = form.added ?? { name: '', email: '', roles: [] }
  const invited = form.invited ?? { email: '', roles: [] }
  sendPage(res, templates, {
    template: 'people',
    title: 'People',
    status: form.refusal?.status,
    flash: form.flash ?? (form.refusal ? { kind: 'error', message: form.refusal.message } : undefined),
    data: {
      tenantName: tenant!.name,
      people,
      truncated: docs.length >= PEOPLE_SHOWN,
      add: {
        action: `${base}/people`,
        name: added.name,
        email: added.email,
        roles: offered.map((role) => ({ ...role, held: added.roles.some((id) => String(id) === role.id) })),
        errors: form.refusal?.fields ?? {},
      },
      invite: {
        action: `${base}/people/invite`,
        email: invited.email,
        roles: offered.map((role) => ({ ...role, held: invited.roles.some((id) => String(id) === role.id) })),
      },
      invitations: invitations.map((invitation) => ({
        email: invitation.email,
        expires: invitation.expiresAt.slice(0, 10),
        roles: invitation.roles.map((id) => roles.get(String(id))?.name ?? `Role ${id}`).join(', '),
        resend: `${base}/people/invitations/${invitation.id}/resend`,
        revoke: `${base}/people/invitations/${invitation.id}/revoke`,
      })),
    },
  })
}

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '')

// Payload's generated types say number (SQL); on MongoDB ids are text and pass through untouched.
type Memberships = NonNullable<User['memberships']>

/** The memberships of `person` with this tenant's roles replaced by `chosen` (others kept as they are). */
function withRoles(person: User, tenant: Id, grantable: Set<string>, chosen: Id[]): Memberships {
  return (person.memberships ?? []).map((membership) => {
    const tenantId = idOf(membership.tenant)!
    const roles = idsOf(membership.roles as unknown[])
    if (String(tenantId) !== String(tenant)) return { ...membership, tenant: tenantId, roles }
    return { ...membership, tenant: tenantId, roles: [...roles.filter((id) => !grantable.has(String(id))), ...chosen] }
  }) as Memberships
}

/** GET and POST <base>/people, POST <base>/people/:id (session and form token checked before). */
export function peopleRoutes(payload: Payload, templates: PortalTemplates): Router {
  const router = Router()
  // Someone who does not administer people here sees the page as not existing.
  router.use('/people', async (_req, res, next) => {
    const { user } = portalLocals(res)
    if (await managesPeople(payload, user!)) next()
    else sendPage(res, templates, { template: 'not-found', title: 'Page not found', status: 404 })
  })

  router.get('/people', async (req, res) => {
    const done = typeof req.query.done === 'string' ? req.query.done : ''
    await sendPeople(payload, templates, res, { flash: Object.hasOwn(FLASHES, done) ? FLASHES[done] : undefined })
  })

  router.post('/people', async (req: Request, res: Response) => {
    const { user, tenant, base } = portalLocals(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    const grantable = await grantableHere(payload, user!, tenant!)
    const added = {
      name: text(body.name, 200),
      email: text(body.email, 320),
      roles: chosenRoles(payload, body, grantable),
    }
    try {
      if (added.roles.length === 0) throw Errors.rolesRequired('Choose at least one role for the new person')
      await payload.create({
        collection: Slugs.users,
        data: {
          name: added.name,
          email: added.email,
          password: typeof body.password === 'string' ? body.password : '',
          kind: 'client',
          memberships: [{ tenant: tenant!.id, roles: added.roles }] as Memberships,
        },
        depth: 0,
        user: user!,
        overrideAccess: false,
      })
      res.redirect(303, `${base}/people?done=added`)
    } catch (error) {
      await sendPeople(payload, templates, res, { refusal: formRefusal(error), added })
    }
  })

  // Invitations go through src/auth/invitations.ts, which asks the same rules as adding the person.
  router.post('/people/invite', async (req: Request, res: Response) => {
    const { user, tenant, base } = portalLocals(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    const invited = {
      email: text(body.email, 320),
      roles: chosenRoles(payload, body, await grantableHere(payload, user!, tenant!)),
    }
    try {
      await invite(payload, user!, { email: body.email, tenant: tenant!.id, roles: invited.roles })
      res.redirect(303, `${base}/people?done=invited`)
    } catch (error) {
      await sendPeople(payload, templates, res, { refusal: formRefusal(error), invited })
    }
  })
  router.post('/people/invitations/:id/:action', async (req: Request, res: Response) => {
    const { user, base } = portalLocals(res)
    const { id, action } = req.params
    try {
      if (action === 'resend') await resendInvitation(payload, user!, id)
      else if (action === 'revoke') await revokeInvitation(payload, user!, id)
      else throw Errors.invitationNotFound()
      res.redirect(303, `${base}/people?done=${action === 'resend' ? 'resent' : 'revoked'}`)
    } catch (error) {
      await sendPeople(payload, templates, res, { refusal: formRefusal(error) })
    }
  })

  router.post('/people/:id', async (req: Request, res: Response) => {
    const { user, tenant, base } = portalLocals(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    try {
      const person = (await payload.findByID({
        collection: Slugs.users,
        id: String(req.params.id ?? ''),
        depth: 0,
        user: user!,
        overrideAccess: false,
      })) as User
      const grantable = await grantableHere(payload, user!, tenant!)
      const chosen = chosenRoles(payload, body, grantable)
      const memberships = withRoles(person, tenant!.id, grantable, chosen)
      const here = memberships?.find((m) => String(idOf(m.tenant)) === String(tenant!.id))
      if (!here) throw Errors.personNotFound()
      if (idsOf(here.roles as unknown[]).length === 0)
        throw Errors.rolesRequired('Choose at least one role, or deactivate the person instead')
      await payload.update({
        collection: Slugs.users,
        id: person.id,
        data: { memberships, active: body.active === 'on' },
        depth: 0,
        user: user!,
        overrideAccess: false,
      })
      res.redirect(303, `${base}/people?done=saved`)
    } catch (error) {
      await sendPeople(payload, templates, res, { refusal: formRefusal(error) })
    }
  })
  return router
}
