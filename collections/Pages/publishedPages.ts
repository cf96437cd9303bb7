/**
 * The published pages, held in memory (src/db/collectionSnapshot.ts): the portal looks a page up
 * on every request, and pages are configuration staff change now and then. A save or delete here
 * applies to the next request (the collection's hooks forget the snapshot), one elsewhere within
 * about a second.
 */
import { idOf, type Id } from '../../src/access/ids'
import { CollectionSnapshot, type SnapshotDoc } from '../../src/db/collectionSnapshot'
import type { Page } from '../../src/payload-types'
import { Slugs } from '../slugs'

/** The published pages by tenant and slug. */
export class PublishedPages {
  private readonly bySlug = new Map<string, Page>()

  constructor(docs: readonly Page[]) {
    for (const page of docs)
      if (page.status === 'published') this.bySlug.set(`${String(idOf(page.tenant) ?? '')}/${page.slug}`, page)
  }

  /** The published page `slug` that `tenant` gets: its own, else the shared default (no tenant). */
  find(tenant: Id, slug: string): Page | undefined {
    return this.bySlug.get(`${String(tenant)}/${slug}`) ?? this.bySlug.get(`/${slug}`)
  }

  /** Every published page `tenant` gets but `except` (its own, and the shared ones it has none of), oldest first. */
  all(tenant: Id, except: string): Page[] {
    const slugs = new Set<string>()
    for (const key of this.bySlug.keys()) {
      const [owner, slug] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)]
      if ((owner === '' || owner === String(tenant)) && slug !== except) slugs.add(slug)
    }
    return [...slugs]
      .map((slug) => this.find(tenant, slug)!)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || String(a.id).localeCompare(String(b.id)))
  }
}

/** The Pages collection in memory; its hooks forget it on every save and delete. */
export const pageSnapshot = new CollectionSnapshot<PublishedPages>(
  Slugs.pages,
  (docs: SnapshotDoc[]) => new PublishedPages(docs as unknown as Page[]),
)
