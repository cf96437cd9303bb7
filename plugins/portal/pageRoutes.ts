/**
 * The portal's composed pages: the first screen at <base>/ and any page at <base>/p/<slug>. A
 * page the person's roles do not reach is answered like one that does not exist (404).
 */
import type { Request, Response } from 'express'
import { createLocalReq, type Payload } from 'payload'
import { HOME_PAGE } from '../../collections/Pages'
import type { PostedForm } from '../../src/plugin/blocks'
import { portalLocals, sendPage, type PageView } from './portalPage'
import { findPortalPage, inAudience, portalRoles } from './portalPages'
import type { PortalTemplates } from './portalTemplates'
import { renderBlocks, type LoadedBlock, type StoredBlock } from './renderBlocks'

/** The first screen of a tenant that has no published home page (shared or its own). */
export const DEFAULT_HOME_LAYOUT: readonly StoredBlock[] = [
  { blockType: 'pendingApprovals' },
  { blockType: 'myRequests' },
]

/** What composing a page needs: the portal's templates and the registered blocks. */
export interface PageContext {
  templates: PortalTemplates
  blocks: ReadonlyMap<string, LoadedBlock>
  /** Flash messages a redirect back to a page may ask for (`?done=<key>`): never text from the URL. */
  flashes: Readonly<Record<string, NonNullable<PageView['flash']>>>
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The page slug a path of the portal shows: home, or <slug> for <base>/p/<slug>. */
export function pageOfPath(path: string, base: string): string {
  const match = new RegExp(`^${escapeRegExp(base)}/p/([a-z0-9][a-z0-9-]*)$`).exec(path)
  return match?.[1] ?? HOME_PAGE
}

/** The request id a path of the portal shows (<base>/requests/<id>), if it is a request's page. */
export function requestOfPath(path: string, base: string): string | undefined {
  return new RegExp(`^${escapeRegExp(base)}/requests/([\\w-]{1,64})$`).exec(path)?.[1]
}

/** Sends page `slug` of the request's tenant for its signed-in person. */
export async function sendPortalPage(
  payload: Payload,
  { templates, blocks, flashes }: PageContext,
  req: Request,
  res: Response,
  slug: string,
  override: Pick<PageView, 'status' | 'flash'> & { pagePath?: string; posted?: PostedForm } = {},
): Promise<void> {
  const { tenant, user, base, csrf, stored, payloadReq: signedIn } = portalLocals(res)
  const page = await findPortalPage(payload, tenant!, slug)
  const roles = portalRoles(user!, tenant!)
  if ((!page && slug !== HOME_PAGE) || (page && !inAudience(page.audience, roles))) {
    sendPage(res, templates, { template: 'not-found', title: 'Page not found', status: 404 })
    return
  }
  const layout = page
    ? ((page.layout ?? []) as unknown as StoredBlock[])
    : DEFAULT_HOME_LAYOUT.filter((stored) => blocks.has(String(stored.blockType)))
  // One Payload request for every block's reads: the person's access is worked out once per page.
  const payloadReq = signedIn ?? (await createLocalReq({ user: user! }, payload))
  const html = await renderBlocks(
    {
      load: {
        payload,
        user: user!,
        req: payloadReq,
        tenant: tenant!,
        base,
        csrf,
        pagePath: override.pagePath ?? `${base}${req.path}`,
        query: req.query as Record<string, unknown>,
        posted: override.posted,
      },
      blocks,
      templates,
      stored,
      roles,
    },
    layout,
  )
  const title = page?.title ?? tenant!.name
  const done = typeof req.query.done === 'string' ? req.query.done : ''
  sendPage(res, templates, {
    template: 'page',
    title,
    data: { heading: title },
    blocks: html,
    status: override.status,
    flash: override.flash ?? (Object.hasOwn(flashes, done) ? flashes[done] : undefined),
  })
}
