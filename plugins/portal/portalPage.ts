/**
 * Sends a portal page: its content template rendered from plain data, placed in the layout with
 * the tenant, the signed-in person and the links every page shows.
 */
import type { Response } from 'express'
import type { PayloadRequest } from 'payload'
import { renderOverridable } from '../../collections/Templates/templateOverrides'
import { LAYOUT, portalTemplate, type PortalTemplates, type StoredTemplates } from './portalTemplates'
import type { PortalUser } from './portalSession'
import type { PortalTenant } from './portalTenants'

/** What a request knows about its portal, kept in `res.locals.portal`. */
export interface PortalLocals {
  tenant?: PortalTenant
  /** The path the tenant's portal lives under: `/t/<slug>`, or '' on a custom domain. */
  base: string
  user?: PortalUser
  /** The token the page's forms carry. */
  csrf: string
  /** Whether the signed-in person administers this organisation's people (the People link). */
  managesPeople?: boolean
  /** The composed pages the signed-in person sees besides the first screen, for the menu. */
  menu?: { title: string; href: string; current: boolean }[]
  /** The signed-in person's Payload request, which their reads during this request go through. */
  payloadReq?: PayloadRequest
  /** How many of the signed-in person's bell entries here are unread (the header's bell). */
  unread?: number
  /** The stored templates as of this request (none: the default files only). */
  stored?: StoredTemplates
}

/** One page to send. */
export interface PageView {
  template: string
  title: string
  data?: Record<string, unknown>
  status?: number
  flash?: { kind: 'info' | 'error'; message: string }
  /** Blocks already rendered (renderBlocks.ts), placed after the template's content. */
  blocks?: readonly string[]
}

/** The portal locals of a response (set by the tenant resolution middleware). */
export const portalLocals = (res: Response): PortalLocals =>
  (res.locals.portal as PortalLocals | undefined) ?? { base: '', csrf: '' }

/**
 * Renders page template `name` (`layout`, `page`, `sign-in`, …): the tenant's stored layout of that
 * name, else the shared one, else the file; an override that fails renders the file instead.
 */
export function renderPageTemplate(
  res: Response,
  templates: PortalTemplates,
  name: string,
  data: unknown,
  partials?: Record<string, string>,
): string {
  const { tenant, stored } = portalLocals(res)
  return renderOverridable(
    stored?.overrides,
    { kind: 'layout', name, tenant: tenant?.id },
    portalTemplate(templates, name),
    data,
    { partials, onFailure: (error) => stored?.onFailure(error) },
  )
}

/** What the header's bell shows: the number (none at zero) and what a screen reader says. */
function bellOf(unread: number) {
  return {
    count: unread > 99 ? '99+' : unread > 0 ? String(unread) : '',
    label: unread > 0 ? `Notifications, ${unread} unread` : 'Notifications, none unread',
  }
}

/** Renders `view` inside the layout and sends it. */
export function sendPage(res: Response, templates: PortalTemplates, view: PageView): void {
  const { tenant, base, user, csrf, managesPeople, menu, unread } = portalLocals(res)
  const layoutData = {
    lang: tenant?.locale ?? 'en',
    title: view.title,
    siteName: tenant?.name ?? 'Client portal',
    links: {
      home: tenant ? `${base}/` : null,
      brandCss: tenant ? `${base}/brand.css` : null,
      signOut: `${base}/sign-out`,
      profile: `${base}/profile`,
      people: managesPeople ? `${base}/people` : null,
      logo: tenant?.logo !== undefined ? `${base}/logo` : null,
      pages: menu ?? [],
      notifications: `${base}/notifications`,
    },
    user: user ? { name: user.name } : null,
    bell: user ? bellOf(unread ?? 0) : null,
    csrf,
    flash: view.flash ?? null,
  }
  const head = renderPageTemplate(res, templates, view.template, { user: layoutData.user, csrf, ...view.data })
  const content = [head, ...(view.blocks ?? [])].join('\n')
  const html = renderPageTemplate(res, templates, LAYOUT, layoutData, { content })
  res
    .status(view.status ?? 200)
    .type('html')
    .set('Cache-Control', user ? 'private, no-store' : 'no-store')
    .send(html)
}
