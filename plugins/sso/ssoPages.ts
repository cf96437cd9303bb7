/**
 * How a single sign-on refusal is shown: the portal's error page (branded for a tenant), with the
 * error's id and the request's reference, a way back, and the X-Atrium-Error header tests and
 * support read. The refusal is logged (a server-side failure with its cause).
 */
import type { Request, Response } from 'express'
import type { Payload } from 'payload'
import { logRequestError } from '../../src/http/errors'
import { currentRequestContext } from '../../src/logging/requestContext'
import { sendPage } from '../portal/portalPage'
import type { PortalTemplates } from '../portal/portalTemplates'

/** Sends the page of a refused single sign-on; `retry` is where "try again" leads. */
export function sendSsoRefusal(
  payload: Payload,
  templates: PortalTemplates,
  req: Request,
  res: Response,
  error: unknown,
  retry: string,
): void {
  const shown = logRequestError(payload, error, req)
  // What the provider's library said, for whoever reads the log: the page says only which check failed.
  const cause = (error as { cause?: unknown } | undefined)?.cause
  if (cause) payload.logger.warn({ err: cause, errorId: shown.id }, 'single sign-on failed')
  res.set({ ...shown.headers, 'X-Atrium-Error': shown.id })
  sendPage(res, templates, {
    template: 'error',
    title: 'Single sign-on did not work',
    status: shown.status,
    data: {
      heading: shown.status >= 500 ? 'Single sign-on is not available right now' : 'Single sign-on did not work',
      message: shown.message,
      retry,
      errorId: shown.id,
      requestId: currentRequestContext()?.requestId ?? '',
    },
  })
}

/**
 * The origin the browser used, which the provider sends it back to: PUBLIC_URL's when the request
 * came to its host (behind a proxy that ends TLS, express may not know the scheme), else the
 * request's own (a tenant's custom domain; TRUST_PROXY decides whether X-Forwarded-* count).
 */
export function requestOrigin(payload: Payload, req: Request): string {
  const host = req.get('host') ?? 'localhost'
  const publicUrl = payload.config.serverURL
  if (publicUrl && URL.canParse(publicUrl) && new URL(publicUrl).host === host) return new URL(publicUrl).origin
  return `${req.protocol}://${host}`
}
