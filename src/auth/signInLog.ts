/**
 * The sign-in log: every sign-in and its failure, every link asked for, single sign-on link, second
 * factor change and session end, with who, which tenant, from where and how it went. Staff read it
 * all; a tenant's administrators read their tenant's (collections/SignInEvents). Written only here.
 */
import type { Payload, PayloadRequest } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { Id } from '../access/ids'
import { currentRequestContext } from '../logging/requestContext'

/** What happened. Add a kind here when a new door or step is built. */
export const SIGN_IN_EVENT_KINDS = [
  'sign-in',
  'sign-out',
  'session-ended',
  'link-requested',
  'link-used',
  'sso-linked',
  'sso-user-created',
  'mfa-enrolled',
  'mfa-removed',
  'mfa-challenge',
  'password-changed',
  'password-reset-requested',
  'password-reset',
  'invitation-sent',
  'invitation-accepted',
  'invitation-revoked',
] as const

/** How someone proved who they are. */
export const SIGN_IN_METHODS = [
  'password',
  'email-link',
  'sso',
  'totp',
  'recovery-code',
  'invitation',
  'api-key',
] as const

/** One entry of the log. The client's address and user agent default to the current request's. */
export interface SignInEvent {
  kind: (typeof SIGN_IN_EVENT_KINDS)[number]
  outcome: 'success' | 'failure'
  method?: (typeof SIGN_IN_METHODS)[number]
  /** the person, when known (never guessed from an email that does not exist) */
  user?: Id | null
  /** the address that was typed or that a link was sent to */
  email?: string | null
  /** the client account the event belongs to: the portal it happened on, the invitation's tenant */
  tenant?: Id | null
  /** why it failed or ended, in words an administrator understands */
  reason?: string | null
}

const MAX_EMAIL = 320
const MAX_USER_AGENT = 500
const MAX_REASON = 500

// The generated types spell ids as numbers (SQL); on MongoDB they are text, and stored as given.
const asRelation = (id: Id | null | undefined) => (id ?? undefined) as number | undefined

/**
 * `req`'s transaction without its user: the log is Atrium's own write, not the signed-in person's,
 * whose field rules (src/access/collectionAccess.ts) would refuse it.
 */
const asSystem = (req: PayloadRequest): PayloadRequest => ({ ...req, user: null }) as PayloadRequest

const clip = (value: string | null | undefined, max: number) =>
  typeof value === 'string' ? value.slice(0, max) : undefined

/**
 * Records `event` and returns its id. Without `req` it is written on its own, whatever becomes of
 * the caller's transaction (a failed sign-in is logged although the sign-in throws); with `req` it
 * is written in the caller's transaction and disappears if that rolls back. A log that cannot be
 * written is reported in the server log and never fails the sign-in itself.
 */
export async function recordSignInEvent(
  payload: Payload,
  event: SignInEvent,
  req?: PayloadRequest,
): Promise<Id | undefined> {
  const context = currentRequestContext()
  try {
    const doc = await payload.create({
      collection: Slugs.signInEvents,
      data: {
        kind: event.kind,
        outcome: event.outcome,
        method: event.method,
        user: asRelation(event.user),
        email: clip(event.email, MAX_EMAIL),
        tenant: asRelation(event.tenant),
        reason: clip(event.reason, MAX_REASON),
        ipAddress: context?.clientAddress,
        userAgent: clip(context?.userAgent, MAX_USER_AGENT),
      },
      depth: 0,
      overrideAccess: true,
      ...(req ? { req: asSystem(req) } : {}),
    })
    return doc.id
  } catch (err) {
    payload.logger.error({ err, kind: event.kind }, 'could not record a sign-in event')
    return undefined
  }
}

/**
 * Settles an entry recorded before its outcome was known (a password sign-in is logged as failed
 * before the password is checked, then marked a success): pass the sign-in's `req` so the change
 * lives and dies with it.
 */
export async function settleSignInEvent(
  payload: Payload,
  id: Id | undefined,
  changes: Pick<SignInEvent, 'outcome' | 'reason' | 'user' | 'tenant'>,
  req?: PayloadRequest,
): Promise<void> {
  if (id === undefined) return
  try {
    // Below the collection's hooks: nothing to validate, and no user's field rules apply to the log.
    await payload.db.updateOne({
      collection: Slugs.signInEvents,
      id,
      data: {
        outcome: changes.outcome,
        ...('reason' in changes ? { reason: clip(changes.reason, MAX_REASON) ?? null } : {}),
        ...('user' in changes ? { user: asRelation(changes.user) ?? null } : {}),
        ...('tenant' in changes ? { tenant: asRelation(changes.tenant) ?? null } : {}),
      },
      ...(req ? { req } : {}),
    })
  } catch (err) {
    payload.logger.error({ err, id }, 'could not settle a sign-in event')
  }
}
