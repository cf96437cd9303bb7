import type { CollectionConfig } from 'payload'
import { tenantOwned } from '../../src/access/tenantOwned'
import { Slugs } from '../slugs'

/** File types a tenant may upload: images for branding and pages, PDFs for documents. */
export const MEDIA_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf']

/**
 * Uploaded files (logos, images). Tenant-owned like every collection of client data: a file is
 * listed, downloaded and changed only through its tenant's access, its URL included.
 * @param directory where the files are stored (DATA_DIR/media)
 */
export function mediaCollection(directory: string): CollectionConfig {
  return tenantOwned({
    slug: Slugs.media,
    admin: { useAsTitle: 'filename' },
    upload: { staticDir: directory, mimeTypes: MEDIA_MIME_TYPES },
    fields: [
      { name: 'alt', type: 'text', maxLength: 300, admin: { description: 'Describes the image for screen readers.' } },
    ],
  })
}
