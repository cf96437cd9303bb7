/**
 * The bell's page (<base>/notifications): the signed-in person's entries in this portal, newest
 * first, a page at a time, and the forms that mark one or all of them read. Every read and write
 * is the person's own through the Local API (`overrideAccess: false`): their personal rules let
 * them read their notifications and set `readAt`, nothing else, and someone else's is not there.
 */
import { Router, type Request, type Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { idOf, storableId } from '../../../src/access/ids'
import { Errors } from '../../../src/http/errors'
import { formatFor } from '../../../src/notifications/timeZones'
import type { Notification } from '../../../src/payload-types'
import { portalLocals, sendPage, type PageView } from '../portalPage'
import type { PortalUser } from '../portalSession'
import type { PortalTemplates } from '../portalTemplates'
import { markAllRead } from './markAllRead'
import { bellWhere } from './unreadCount'
import { sameOriginHref } from '../../../src/http/sameOriginPath'

/** Entries per page. */
export const NOTIFICATIONS_PER_PAGE = 20
/** The last page one may ask for (a bigger number is not a page anybody reads). */
const MAX_PAGE = 1000

const FLASHES: Readonly<Record<string, NonNullable<PageView['flash']>>> = {
  read: { kind: 'info', message: 'Marked as read.' },
  all: { kind: 'info', message: 'All your notifications here are marked as read.' },
}

/** The page number `value` asks for: 1 unless it is a whole number within reach. */
function pageOf(value: unknown): number {
  const page = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : 1
  return Math.min(Math.max(page, 1), MAX_PAGE)
}

/** The person's own notification `id` (a notification of theirs they can read), or a 404. */
async function ownNotification(payload: Payload, user: PortalUser, id: unknown): Promise<Notification> {
  const stored = storableId(payload, id)
  if (stored === undefined) throw Errors.notificationNotFound()
  const found = (await payload
    .findByID({ collection: Slugs.notifications, id: stored, depth: 0, user, overrideAccess: false })
    .catch((error: unknown) => {
      if ((error as { status?: number }).status === 404) return undefined
      throw error
    })) as Notification | undefined
  // Staff may read everyone's notifications; the bell marks only one's own.
  if (!found || String(idOf(found.recipient)) !== String(user.id)) throw Errors.notificationNotFound()
  return found
}

async function sendNotifications(payload: Payload, templates: PortalTemplates, req: Request, res: Response) {
  const { user, tenant, base } = portalLocals(res)
  const page = pageOf(req.query.page)
  const result = await payload.find({
    collection: Slugs.notifications,
    where: bellWhere(user!, tenant!),
    // One event's entries share their time; the id keeps the order the same from page to page.
    sort: ['-createdAt', '-id'],
    limit: NOTIFICATIONS_PER_PAGE,
    page,
    depth: 0,
    user: user!,
    overrideAccess: false,
  })
  const done = typeof req.query.done === 'string' ? req.query.done : ''
  const here = `${base}/notifications${page > 1 ? `?page=${page}` : ''}`
  sendPage(res, templates, {
    template: 'notifications',
    title: 'Notifications',
    flash: Object.hasOwn(FLASHES, done) ? FLASHES[done] : undefined,
    data: {
      preferences: `${base}/notifications/preferences`,
      readAll: `${base}/notifications/read-all`,
      anyUnread: (portalLocals(res).unread ?? 0) > 0,
      back: here,
      entries: (result.docs as Notification[]).map((entry) => ({
        id: String(entry.id),
        title: entry.title,
        body: entry.body ?? '',
        url: sameOriginHref(entry.url) ?? `${base}/`,
        at: entry.createdAt,
        when: formatFor(entry.createdAt, user!.locale, user!.timeZone),
        unread: !entry.readAt,
        read: `${base}/notifications/${entry.id}/read`,
      })),
      paging: result.totalPages > 1,
      pageNumber: result.page ?? page,
      totalPages: result.totalPages,
      prev: result.hasPrevPage ? `${base}/notifications?page=${result.prevPage}` : null,
      next: result.hasNextPage ? `${base}/notifications?page=${result.nextPage}` : null,
    },
  })
}

/**
 * GET <base>/notifications, POST <base>/notifications/read-all and <base>/notifications/:id/read
 * (the session and the form token are checked before).
 */
export function notificationsRoutes(payload: Payload, templates: PortalTemplates): Router {
  const router = Router()
  router.get('/notifications', (req, res) => sendNotifications(payload, templates, req, res))

  router.post('/notifications/read-all', async (_req, res) => {
    const { user, tenant, base } = portalLocals(res)
    await markAllRead(payload, user!, tenant!)
    res.redirect(303, `${base}/notifications?done=all`)
  })

  router.post('/notifications/:id/read', async (req, res) => {
    const { user, base } = portalLocals(res)
    const entry = await ownNotification(payload, user!, req.params.id)
    // The first reading is the one that counts; marking it again changes nothing.
    if (!entry.readAt) {
      await payload.update({
        collection: Slugs.notifications,
        id: entry.id,
        data: { readAt: new Date().toISOString() },
        depth: 0,
        user: user!,
        overrideAccess: false,
      })
    }
    const body = (req.body ?? {}) as Record<string, unknown>
    const back = sameOriginHref(body.back)
    const list = back?.startsWith(`${base}/notifications`) ? back : `${base}/notifications`
    const item = body.go === 'item' ? sameOriginHref(entry.url) : undefined
    res.redirect(303, item ?? `${list}${list.includes('?') ? '&' : '?'}done=read`)
  })
  return router
}
