import type { Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { idsOf } from '../../src/access/ids'
import type { Tenant } from '../../src/payload-types'
import { portalLocals, sendPage } from './portalPage'
import type { PortalUser } from './portalSession'
import type { PortalTemplates } from './portalTemplates'

/**
 * The page for someone signed in who opens another client's portal (a deep link forwarded to them,
 * a second account): 404, as for anything of an account one is not part of, naming who they are
 * signed in as and linking to their own portals and to this one's sign-in; nothing of this tenant
 * beyond its name.
 */
export async function sendNotMember(
  payload: Payload,
  templates: PortalTemplates,
  res: Response,
  user: PortalUser,
  signInHref: string,
): Promise<void> {
  const { tenant } = portalLocals(res)
  const ids = idsOf((user.memberships ?? []).map((membership) => membership.tenant))
  const { docs } =
    ids.length === 0
      ? { docs: [] as Tenant[] }
      : await payload.find({
          collection: Slugs.tenants,
          where: { and: [{ id: { in: ids } }, { status: { equals: 'active' } }] },
          depth: 0,
          limit: 20,
          overrideAccess: false,
          user: { ...user, collection: Slugs.users },
        })
  res.set('X-Atrium-Error', 'not_a_member')
  sendPage(res, templates, {
    template: 'not-member',
    title: 'This link is for another portal',
    // 404 like any page of a client account one is not part of; the page says why in words.
    status: 404,
    data: {
      signedInAs: user.email,
      tenantName: tenant?.name ?? '',
      ownPortals: (docs as Tenant[]).map((own) => ({ name: own.name, href: `/t/${own.slug}/` })),
      signInHref,
    },
  })
}
