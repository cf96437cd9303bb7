/**
 * A tenant's logo, served by its portal at <base>/logo for the header of every page, the sign-in
 * page included (branding is public, like brand.css). The file is the Media document the tenant's
 * branding names, read as configuration; only one of that tenant's own images is served, so a
 * logo field pointing at another tenant's file shows nothing rather than that file.
 */
import path from 'node:path'
import type { Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { idOf } from '../../src/access/ids'
import type { Media } from '../../src/payload-types'
import type { PortalTenant } from './portalTenants'

/** Image types a logo may be (the ones Media accepts, without PDF). */
const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif'])

/** Sends `tenant`'s logo, or 404 when it has none that may be shown. */
export async function sendLogo(payload: Payload, tenant: PortalTenant, res: Response): Promise<void> {
  const media =
    tenant.logo === undefined
      ? null
      : ((await payload.findByID({
          collection: Slugs.media,
          id: tenant.logo,
          depth: 0,
          disableErrors: true,
        })) as Media | null)
  const ownFile =
    media?.filename &&
    media.mimeType &&
    LOGO_TYPES.has(media.mimeType) &&
    String(idOf(media.tenant)) === String(tenant.id)
  if (!media || !ownFile) {
    res.status(404).type('text/plain').set('Cache-Control', 'no-store').send('No logo')
    return
  }
  const directory = String(payload.collections[Slugs.media].config.upload.staticDir)
  res
    .type(media.mimeType!)
    .set({ 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' })
    .sendFile(path.basename(media.filename!), { root: path.resolve(directory) })
}
