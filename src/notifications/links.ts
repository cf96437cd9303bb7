import type { Payload } from 'payload'
import { recordTypeSnapshot } from '../../collections/RecordTypes/recordTypeSnapshot'
import { Slugs } from '../../collections/slugs'
import { idOf } from '../access/ids'

/** What a link to an item needs to know of its tenant. */
export interface LinkTenant {
  id: string | number
  slug?: string | null
}

/** The path of the tenant's portal, e.g. `/t/northwind`. */
export const portalBase = (tenant: LinkTenant) => `/t/${encodeURIComponent(String(tenant.slug ?? tenant.id))}`

/**
 * Where a person opens `item` (a document of `collection`): staff the admin's page of it, client
 * users its page in their tenant's portal (a request's, a record's), which leads through sign-in
 * and back. A path: the email adds the server's address, the bell uses it as it is.
 */
export async function itemPath(
  payload: Payload,
  collection: string,
  item: Record<string, unknown>,
  tenant: LinkTenant | null,
  userKind: string | null | undefined,
): Promise<string> {
  const id = encodeURIComponent(String(item.id))
  if (userKind === 'staff' || !tenant) return `/admin/collections/${collection}/${id}`
  const base = portalBase(tenant)
  if (collection === Slugs.requests) return `${base}/requests/${id}`
  if (collection === Slugs.tasks && idOf(item.request) !== undefined)
    return `${base}/requests/${String(idOf(item.request))}`
  if (collection === Slugs.records) {
    const typeId = String(idOf(item.type))
    for (const type of (await recordTypeSnapshot.current(payload)).values())
      if (String(type.id) === typeId) return `${base}/records/${encodeURIComponent(type.key)}/${id}`
  }
  return `${base}/`
}

/** What people read as the item's name. */
export function itemTitle(collection: string, item: Record<string, unknown>): string {
  const title = collection === Slugs.users ? item.name : item.title
  return typeof title === 'string' && title !== '' ? title : `#${String(item.id)}`
}
