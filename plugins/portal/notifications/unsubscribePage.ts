/**
 * One-click unsubscribe (RFC 8058) in the tenant's portal: <base>/unsubscribe?token=…, the link in
 * every notification email's footer and List-Unsubscribe header. GET shows what the link would
 * turn off and a button; only a POST changes anything (mail scanners follow links), and a POST
 * with the body `List-Unsubscribe=One-Click` from a mail provider does the same. Nobody needs to
 * be signed in: the signed token (src/notifications/unsubscribe.ts) is the credential, and it
 * names one person and one event type, so these routes sit before the session and form guards.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { storableId } from '../../../src/access/ids'
import { Errors } from '../../../src/http/errors'
import { eventCatalogue } from '../../../src/notifications/catalogue'
import type { Choice, Choices } from '../../../src/notifications/preferences'
import { readUnsubscribeToken } from '../../../src/notifications/unsubscribe'
import type { EventType } from '../../../src/plugin/notifications'
import type { NotificationPreference } from '../../../src/payload-types'
import { portalLocals, sendPage } from '../portalPage'
import { mayUsePortal, type PortalUser } from '../portalSession'
import type { PortalTemplates } from '../portalTemplates'
import type { PortalTenant } from '../portalTenants'

/** Who and what a valid link of this portal names. */
interface Unsubscribe {
  person: PortalUser
  type: EventType
  token: string
}

const tokenOf = (req: Request): unknown => req.query.token ?? ((req.body ?? {}) as Record<string, unknown>).token

/**
 * What the link's token says, if Atrium signed it, it names an event type of the catalogue and a
 * person who belongs to this portal's client account; otherwise 400 `invalid_unsubscribe_link`.
 */
async function unsubscribeOf(payload: Payload, tenant: PortalTenant, token: unknown): Promise<Unsubscribe> {
  const claim = readUnsubscribeToken(payload, token)
  const type = claim ? eventCatalogue(payload.config).get(claim.type) : undefined
  const id = claim ? storableId(payload, claim.user) : undefined
  if (!claim || !type || id === undefined) throw Errors.invalidUnsubscribeLink()
  // Nobody is signed in: the person is read as the system, to check they belong here at all.
  const person = (await payload
    .findByID({ collection: Slugs.users, id, depth: 0, overrideAccess: true })
    .catch((error: unknown) => {
      if ((error as { status?: number }).status === 404) return undefined
      throw error
    })) as PortalUser | undefined
  // A person of another client account (a token of theirs carried to this portal) is refused.
  if (!person || !mayUsePortal(person, tenant)) throw Errors.invalidUnsubscribeLink()
  return { person, type, token: token as string }
}

/**
 * Turns email off for `type` in `person`'s preferences for `tenant`. Written as the system
 * (`overrideAccess: true`): nobody is signed in, and the person's signed token, checked above, is
 * what entitles the change; it touches that one person's document for this tenant and only the
 * email of that one type, and the collection's own checks (checkPreferencesSave) still run.
 */
async function turnEmailOff(payload: Payload, person: PortalUser, tenant: PortalTenant, type: EventType) {
  const { docs } = await payload.find({
    collection: Slugs.notificationPreferences,
    where: { key: { equals: `${person.id}:${tenant.id}` } },
    limit: 1,
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  const mine = docs[0] as NotificationPreference | undefined
  const choices = { ...((mine?.choices ?? {}) as Choices) }
  const choice: Choice = { ...choices[type.key] }
  choice.email = false
  choices[type.key] = choice
  if (mine)
    await payload.update({
      collection: Slugs.notificationPreferences,
      id: mine.id,
      data: { choices },
      depth: 0,
      overrideAccess: true,
    })
  else
    await payload.create({
      collection: Slugs.notificationPreferences,
      // Payload's generated types say number (SQL); on MongoDB ids are text and pass through untouched.
      data: { user: person.id, tenant: tenant.id as number, choices },
      depth: 0,
      overrideAccess: true,
    })
}

function sendUnsubscribe(templates: PortalTemplates, res: Response, found: Unsubscribe, done: boolean) {
  const { tenant, base } = portalLocals(res)
  sendPage(res, templates, {
    template: 'unsubscribe',
    title: done ? 'Unsubscribed' : 'Unsubscribe',
    data: {
      done,
      label: found.type.label,
      tenantName: tenant!.name,
      mustAct: Boolean(found.type.mustAct),
      action: `${base}/unsubscribe?token=${encodeURIComponent(found.token)}`,
      preferences: `${base}/notifications/preferences`,
    },
  })
}

/** GET and POST <base>/unsubscribe; `bodies` parse the POST (mail providers send a form body). */
export function unsubscribeRoutes(payload: Payload, templates: PortalTemplates, bodies: RequestHandler[]): Router {
  const router = Router()
  router.get('/unsubscribe', async (req, res) => {
    const found = await unsubscribeOf(payload, portalLocals(res).tenant!, tokenOf(req))
    sendUnsubscribe(templates, res, found, false)
  })
  // The form's button and RFC 8058's `List-Unsubscribe=One-Click` are the same request.
  router.post('/unsubscribe', ...bodies, async (req, res) => {
    const { tenant } = portalLocals(res)
    const found = await unsubscribeOf(payload, tenant!, tokenOf(req))
    await turnEmailOff(payload, found.person, tenant!, found.type)
    sendUnsubscribe(templates, res, found, true)
  })
  return router
}
