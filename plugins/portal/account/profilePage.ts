/**
 * The profile page (<base>/profile): who the signed-in person is in this portal (name, email, the
 * roles they hold here, how much they may approve) and a form to change their name. Read and
 * written as the person, through their rules (a client may change their own name, nothing that
 * decides their access).
 */
import { Router, type Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { idOf } from '../../../src/access/ids'
import type { User } from '../../../src/payload-types'
import { portalLocals, sendPage, type PageView } from '../portalPage'
import type { PortalTemplates } from '../portalTemplates'
import { formRefusal } from './formErrors'
import { readableRoles, rolesIn } from './roleNames'

/** The flash after the profile was saved. */
const SAVED: NonNullable<PageView['flash']> = { kind: 'info', message: 'Your profile was saved.' }

async function sendProfile(
  payload: Payload,
  templates: PortalTemplates,
  res: Response,
  form: { name?: string; error?: string; status?: number; flash?: PageView['flash'] } = {},
): Promise<void> {
  const { user, tenant, base } = portalLocals(res)
  const me = (await payload.findByID({
    collection: Slugs.users,
    id: user!.id,
    depth: 0,
    user: user!,
    overrideAccess: false,
  })) as User
  const membership = (me.memberships ?? []).find((m) => String(idOf(m.tenant)) === String(tenant!.id))
  const roles = me.kind === 'client' ? await readableRoles(payload, user!) : new Map()
  const limit = me.kind === 'staff' ? me : membership
  sendPage(res, templates, {
    template: 'profile',
    title: 'Your profile',
    status: form.status,
    flash: form.flash,
    data: {
      action: `${base}/profile`,
      signOutEverywhere: `${base}/sign-out-everywhere`,
      name: form.name ?? me.name,
      nameError: form.error ?? '',
      email: me.email,
      staff: me.kind === 'staff',
      tenantName: tenant!.name,
      roles: rolesIn(me, tenant!.id).map((id) => roles.get(String(id))?.name ?? String(id)),
      approvalLimit: limit?.approvalUnlimited ? 'Any amount' : (limit?.approvalLimit ?? null),
    },
  })
}

/** GET and POST <base>/profile (the session and the form token are checked before). */
export function profileRoutes(payload: Payload, templates: PortalTemplates): Router {
  const router = Router()
  router.get('/profile', async (req, res) => {
    const done = req.query.done === 'saved'
    await sendProfile(payload, templates, res, done ? { flash: SAVED } : {})
  })
  router.post('/profile', async (req, res) => {
    const { user, base } = portalLocals(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    const name = typeof body.name === 'string' ? body.name.trim() : ''
    try {
      await payload.update({
        collection: Slugs.users,
        id: user!.id,
        data: { name },
        depth: 0,
        user: user!,
        overrideAccess: false,
      })
      res.redirect(303, `${base}/profile?done=saved`)
    } catch (error) {
      const refusal = formRefusal(error)
      await sendProfile(payload, templates, res, {
        name: name.slice(0, 300),
        error: refusal.fields.name ?? refusal.message,
        status: refusal.status,
        flash: { kind: 'error', message: 'Your profile was not saved.' },
      })
    }
  })
  return router
}
