/**
 * Which page a portal address shows: the tenant's own published page of that slug, else the
 * shared default (no tenant), read as configuration, like templates, and held in memory. Whether the signed-in person
 * sees it, and which of its blocks, is decided by the roles they hold in this tenant.
 */
import type { Payload } from 'payload'
import { HOME_PAGE } from '../../collections/Pages'
import { pageSnapshot } from '../../collections/Pages/publishedPages'
import { idsOf } from '../../src/access/ids'
import type { Page } from '../../src/payload-types'
import { rolesIn } from './account/roleNames'
import type { PortalUser } from './portalSession'
import type { PortalTenant } from './portalTenants'

/** The published page `slug` that `tenant` gets, if any (from memory: publishedPages.ts). */
export async function findPortalPage(payload: Payload, tenant: PortalTenant, slug: string): Promise<Page | undefined> {
  return (await pageSnapshot.current(payload)).find(tenant.id, slug)
}

/** The roles `user` holds in `tenant`'s portal; undefined for staff, who see every block. */
export function portalRoles(user: PortalUser, tenant: PortalTenant): Set<string> | undefined {
  if (user.kind === 'staff') return undefined
  return new Set(rolesIn(user, tenant.id).map(String))
}

/** Whether an audience (role ids; empty: everyone) includes someone holding `roles`. */
export function inAudience(audience: unknown, roles: Set<string> | undefined): boolean {
  const wanted = idsOf(Array.isArray(audience) ? audience : [])
  return roles === undefined || wanted.length === 0 || wanted.some((role) => roles.has(String(role)))
}

/** How many composed pages the menu names at most (a portal's few lists, not a site map). */
export const MENU_SIZE = 8

/**
 * The menu of `tenant`'s portal for `user`: its published pages besides the first screen that
 * their roles reach, in the order staff created them, the one at `path` marked current.
 */
export async function portalMenu(
  payload: Payload,
  tenant: PortalTenant,
  user: PortalUser,
  base: string,
  path: string,
): Promise<{ title: string; href: string; current: boolean }[]> {
  const roles = portalRoles(user, tenant)
  return (await pageSnapshot.current(payload))
    .all(tenant.id, HOME_PAGE)
    .filter((page) => inAudience(page.audience, roles))
    .slice(0, MENU_SIZE)
    .map((page) => ({ title: page.title, href: `${base}/p/${page.slug}`, current: path === `/p/${page.slug}` }))
}
