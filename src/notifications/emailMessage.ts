/**
 * The email of one notification: its template (the rule's, else the generic "notification")
 * rendered from plain data for the person (their locale and time zone), with the deep link to the
 * item, a link to their preferences and the one-click unsubscribe headers of RFC 8058.
 */
import type { Payload, PayloadRequest } from 'payload'
import { logOverrideFailure, templateOverrides } from '../../collections/Templates/templateOverrides'
import { Slugs } from '../../collections/slugs'
import { idOf } from '../access/ids'
import {
  emailTemplateNames,
  renderEmailTemplate,
  type EmailOverrides,
  type RenderedEmail,
} from '../email/emailTemplates'
import type { Request as RequestDoc, RequestType, Tenant, User } from '../payload-types'
import type { EventType } from '../plugin/notifications'
import { requestEmailContext } from '../workflows/service/emailContext'
import type { NotificationEvent } from './events'
import { itemPath, itemTitle, portalBase } from './links'
import { formatFor } from './timeZones'
import { unsubscribeToken } from './unsubscribe'

/** The lines every email to a person ends with: their preferences and the unsubscribe link. */
const FOOTER_TEMPLATE = 'notification-footer'
/** The digest email's template: a rule cannot send it either (it needs a digest's items). */
export const DIGEST_TEMPLATE = 'notification-digest'

/** Whether an email template of `name` exists (a folder under templates/emails) that a rule may send. */
export const notificationTemplateExists = async (_req: PayloadRequest, name: string): Promise<boolean> =>
  name !== FOOTER_TEMPLATE && name !== DIGEST_TEMPLATE && emailTemplateNames().includes(name)

/** What the email is about and for whom. */
export interface NotificationEmailSource {
  template: string
  type: EventType
  event: NotificationEvent
  item: Record<string, unknown>
  tenant: Tenant | null
  /** a person (with unsubscribe and preference links), or a vendor mailbox (an address only) */
  user: User | null
}

/** A rendered email and the headers it is sent with. */
export interface NotificationEmail extends RenderedEmail {
  headers: Record<string, string>
}

/** The server's address for links in email (PUBLIC_URL, else as Payload was told). */
export const serverOf = (payload: Payload) => payload.config.serverURL || ''

/**
 * The links of a person's email: the unsubscribe link (without signing in) and their preference
 * center, both in the tenant's portal, where the preferences they change live. An email of no
 * tenant has neither (there is no portal, nor preferences of a tenant, to point at).
 */
export function personalLinks(payload: Payload, user: User, type: string, tenant: Tenant | null) {
  if (!tenant) return { unsubscribeUrl: null, preferencesUrl: null }
  const portal = `${serverOf(payload)}${portalBase(tenant)}`
  const token = unsubscribeToken(payload, { user: String(user.id), type })
  return {
    unsubscribeUrl: `${portal}/unsubscribe?token=${encodeURIComponent(token)}`,
    preferencesUrl: `${portal}/notifications/preferences`,
  }
}

/** Renders the email of `source`. */
export async function notificationEmail(payload: Payload, source: NotificationEmailSource): Promise<NotificationEmail> {
  const { template, type, event, item, tenant, user } = source
  const server = serverOf(payload)
  const url = `${server}${await itemPath(payload, type.item, item, tenant, user?.kind ?? 'staff')}`
  const links = user ? personalLinks(payload, user, type.key, tenant) : { unsubscribeUrl: null, preferencesUrl: null }
  const detail = event.detail ?? {}
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null)
  const context: Record<string, unknown> = {
    recipient: { name: user?.name ?? null },
    tenant: { name: tenant?.name ?? null },
    notification: {
      label: type.label,
      title: itemTitle(type.item, item),
      url,
      at: formatFor(event.at, user?.locale, user?.timeZone),
    },
    event: { reason: text(detail.reason), comment: text(detail.comment) },
    request: null,
  }
  // The workflow's own templates speak of the request: give them what they have always had.
  if (type.item === Slugs.requests && tenant) {
    const requestType = (await payload.findByID({
      collection: Slugs.requestTypes,
      id: idOf(item.requestType)!,
      depth: 0,
      overrideAccess: true,
    })) as RequestType
    const own = requestEmailContext({
      serverURL: server,
      request: item as unknown as RequestDoc,
      user: user ?? { id: 0, name: '', kind: 'staff' },
      tenant,
      type: requestType,
      note: { reason: text(detail.reason) ?? undefined, comment: text(detail.comment) ?? undefined },
    })
    context.request = own.request
  }
  const stored = await storedTemplates(payload, tenant)
  return withFooter(renderEmailTemplate(template, context, stored), links, type.label, stored)
}

/** Which stored templates may override the files of an email about `tenant`. */
export async function storedTemplates(payload: Payload, tenant: Tenant | null): Promise<EmailOverrides> {
  return { overrides: await templateOverrides(payload), tenant: tenant?.id, onFailure: logOverrideFailure(payload) }
}

/**
 * `email` with the footer of a person's email (their preferences, the unsubscribe link for
 * `label`) and the one-click unsubscribe headers; as it is for a mailbox without links.
 */
export function withFooter(
  email: RenderedEmail,
  links: { unsubscribeUrl: string | null; preferencesUrl: string | null },
  label: string,
  stored: EmailOverrides,
): NotificationEmail {
  if (!links.unsubscribeUrl) return { ...email, headers: {} }
  const footer = renderEmailTemplate(FOOTER_TEMPLATE, { ...links, label }, stored)
  return {
    subject: email.subject,
    html: email.html + footer.html,
    text: email.text + footer.text,
    headers: { 'List-Unsubscribe': `<${links.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  }
}
