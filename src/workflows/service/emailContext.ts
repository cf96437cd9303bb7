/**
 * The plain data a request's email templates see: built here from the documents, never the
 * documents themselves (a template can then print nothing it was not meant to). Every key is
 * always present (null when empty), because the templates render in strict mode.
 */
import { Slugs } from '../../../collections/slugs'
import { idOf } from '../../access/ids'
import type { Request as RequestDoc, RequestType, Tenant, User } from '../../payload-types'

/** What the context is built from. */
export interface EmailContextSource {
  serverURL: string
  request: Pick<RequestDoc, 'id' | 'title' | 'state' | 'dueAt' | 'promisedBy' | 'requester'>
  user: Pick<User, 'id' | 'name' | 'kind'>
  tenant: Pick<Tenant, 'id' | 'name' | 'slug'>
  type: Pick<RequestType, 'singularLabel'>
  note: { reason?: string; comment?: string }
}

/**
 * The context of an email about a request: staff get the admin's page of the request, client
 * users the portal's home at the request's card (the approvals waiting on them, or their own
 * requests): the portal has no page per request yet, and its home lists both.
 */
export function requestEmailContext({ serverURL, request, user, tenant, type, note }: EmailContextSource) {
  const mine = String(idOf(request.requester)) === String(user.id)
  const url =
    user.kind === 'staff'
      ? `${serverURL}/admin/collections/${Slugs.requests}/${request.id}`
      : `${serverURL}/t/${encodeURIComponent(String(tenant.slug ?? tenant.id))}/#${mine ? 'my-request' : 'request'}-${request.id}`
  return {
    recipient: { name: user.name },
    tenant: { name: tenant.name },
    request: {
      title: request.title,
      typeName: type.singularLabel,
      state: request.state,
      url,
      dueAt: request.dueAt ?? null,
      promisedBy: request.promisedBy ?? null,
    },
    event: { reason: note.reason ?? null, comment: note.comment ?? null },
  }
}
