/**
 * The plain data a request's email templates see: built here from the documents, never the
 * documents themselves (a template can then print nothing it was not meant to). Every key is
 * always present (null when empty), because the templates render in strict mode.
 */
import { Slugs } from '../../../collections/slugs'
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
 * users the request's page in their portal (its state, history and, when it waits on them, the
 * approve and request-changes buttons); a link opened signed out leads through sign-in to it.
 */
export function requestEmailContext({ serverURL, request, user, tenant, type, note }: EmailContextSource) {
  const url =
    user.kind === 'staff'
      ? `${serverURL}/admin/collections/${Slugs.requests}/${request.id}`
      : `${serverURL}/t/${encodeURIComponent(String(tenant.slug ?? tenant.id))}/requests/${request.id}`
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
