/**
 * Sign-in links by email ("magic links"), the default way client users sign in to a portal.
 *
 * Asking for a link answers the same, in the same time, whatever the address: the request only
 * queues a job with what was typed (one insert, for every address alike), and the job, off the
 * response path, looks the person up and sends a link only to an active client user who is a
 * member of that portal's tenant. The link (src/auth/signInTokens.ts) works once, within 15
 * minutes, in that tenant's portal only, and leads to a confirmation page whose button signs in
 * (plugins/portal/signInLinkRoutes.ts): a mail scanner that follows it with GET changes nothing.
 */
import { userRequiresSso } from '../../collections/Users/hooks/refuseSsoOnlySignIn'
import type { Payload, TaskConfig } from 'payload'
import { Slugs } from '../../collections/slugs'
import { tenantsOf, type AccessUser } from '../access/ability'
import { storableId, type Id } from '../access/ids'
import { renderEmailTemplate } from '../email/emailTemplates'
import { serverOf, storedTemplates } from '../notifications/emailMessage'
import { portalBase } from '../notifications/links'
import type { Tenant, User } from '../payload-types'
import { issueToken } from './signInTokens'

/** The job that looks up the address and sends the link. */
export const SIGN_IN_LINK_TASK = 'sendSignInLink'

/** What a person asked for on a portal's sign-in page. */
export interface SignInLinkRequest {
  /** the address as typed (checked for shape, not for existence) */
  email: string
  tenant: string
  /** where to go after sign-in, already made safe (safeNext) */
  next: string
}

/** Queues the lookup and the email; what the caller answers does not depend on the address. */
export async function requestSignInLink(payload: Payload, request: SignInLinkRequest): Promise<void> {
  await payload.jobs.queue({ task: SIGN_IN_LINK_TASK, input: { ...request } })
}

/**
 * Whether `user` may get a sign-in link for `tenant`: an active client member of it while it is
 * active, and of no account that requires single sign-on. Staff sign in with their password (and
 * their second factor), never by link.
 */
async function mayGetLink(payload: Payload, user: User | null, tenant: Id): Promise<boolean> {
  if (!user || user.kind !== 'client' || user.active === false) return false
  const member = (await tenantsOf(payload, user as unknown as AccessUser)).some((id) => String(id) === String(tenant))
  return member && !(await userRequiresSso(payload, user))
}

/** The email of a sign-in link `url` for `user` in `tenant`. */
async function signInLinkEmail(payload: Payload, user: User, tenant: Tenant, url: string) {
  const context = {
    recipient: { name: user.name },
    tenant: { name: tenant.name },
    link: { url, lifetime: '15 minutes' },
  }
  return renderEmailTemplate('sign-in-link', context, await storedTemplates(payload, tenant))
}

/**
 * Sends a sign-in link for `request`, if the address is a member's; otherwise nothing (and nothing
 * is stored). Runs as the system, inside the job.
 */
export async function sendSignInLink(payload: Payload, request: SignInLinkRequest): Promise<void> {
  const tenantId: Id | undefined = storableId(payload, request.tenant)
  if (tenantId === undefined) return
  const [tenant, user] = await Promise.all([
    payload.db.findOne({ collection: Slugs.tenants, where: { id: { equals: tenantId } } }) as Promise<Tenant | null>,
    payload.db.findOne({
      collection: Slugs.users,
      where: { email: { equals: request.email.toLowerCase().trim() } },
    }) as Promise<User | null>,
  ])
  if (!tenant || !(await mayGetLink(payload, user, tenant.id))) return
  const { token } = await issueToken(payload, {
    kind: 'magic-link',
    tenant: tenant.id,
    email: user!.email,
    user: user!.id,
    next: request.next,
  })
  const url = `${serverOf(payload)}${portalBase(tenant)}/sign-in/link?token=${encodeURIComponent(token)}`
  await payload.sendEmail({ to: user!.email, ...(await signInLinkEmail(payload, user!, tenant, url)) })
}

/**
 * The job. No retries: a link that arrives minutes late is worth little, and the person can ask
 * again; a failure is in the log.
 */
export const sendSignInLinkTask = {
  slug: SIGN_IN_LINK_TASK,
  label: 'Send a sign-in link, if the address belongs to a member',
  inputSchema: [
    { name: 'email', type: 'text', required: true },
    { name: 'tenant', type: 'text', required: true },
    { name: 'next', type: 'text', required: true },
  ],
  retries: 0,
  handler: async ({ input, req }) => {
    await sendSignInLink(req.payload, input as SignInLinkRequest)
    return { output: {} }
  },
} satisfies TaskConfig
