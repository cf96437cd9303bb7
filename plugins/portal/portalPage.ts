/**
 * Sends a portal page: its content template rendered from plain data, placed in the layout with
 * the tenant, the signed-in person and the links every page shows.
 */
import type { Response } from 'express'
import { renderTemplate } from '../../src/templates/renderTemplate'
import { LAYOUT, portalTemplate, type PortalTemplates } from './portalTemplates'
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

/** Renders `view` inside the layout and sends it. */
export function sendPage(res: Response, templates: PortalTemplates, view: PageView): void {
  const { tenant, base, user, csrf, managesPeople } = portalLocals(res)
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
    },
    user: user ? { name: user.name } : null,
    csrf,
    flash: view.flash ?? null,
  }
  const head = renderTemplate(portalTemplate(templates, view.template), { user: layoutData.user, csrf, ...view.data })
  const content = [head, ...(view.blocks ?? [])].join('\n')
  const html = renderTemplate(portalTemplate(templates, LAYOUT), layoutData, { partials: { content } })
  res
    .status(view.status ?? 200)
    .type('html')
    .set('Cache-Control', user ? 'private, no-store' : 'no-store')
    .send(html)
}
