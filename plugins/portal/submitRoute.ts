/**
 * Submitting a request from a portal form (requestForm block): a plain form POST (the form token
 * was checked before this runs) submitted through the workflow service as the signed-in person,
 * for the portal's tenant. Success goes to the new request's page with a flash; a refusal shows
 * the page the form was on again, with what was typed and each problem at its input (400), or a
 * message saying why the person may not submit it (unknown type: 400, not allowed: 403). A
 * refused submission stores nothing.
 */
import type { Request, Response } from 'express'
import type { Payload } from 'payload'
import { toHttpError } from '../../src/http/errors'
import { submitRequest } from '../../src/workflows/service'
import { pageOfPath, sendPortalPage, type PageContext } from './pageRoutes'
import { portalLocals, type PageView } from './portalPage'
import { postedData, readableRequestType } from './requestFormFields'
import { safeNext } from './safeNext'

/** The flash of the request page after a submission (`?done=submitted`). */
export const SUBMIT_FLASHES: Readonly<Record<string, NonNullable<PageView['flash']>>> = {
  submitted: { kind: 'info', message: 'Your request was sent. You can follow it on this page.' },
}

const FIX_FIELDS = 'Your request was not sent yet.'

/** POST <base>/requests */
export async function submitRoute(payload: Payload, page: PageContext, req: Request, res: Response): Promise<void> {
  const { base, user, tenant } = portalLocals(res)
  const body = (req.body ?? {}) as Record<string, unknown>
  const back = safeNext(body.back, base).split('?')[0]!
  const block = typeof body.block === 'string' ? body.block.slice(0, 64) : ''
  const key = typeof body.requestType === 'string' ? body.requestType.slice(0, 40) : ''
  const refuse = (
    status: number,
    message: string,
    posted?: { values: Record<string, string>; errors: Record<string, string> },
  ) =>
    sendPortalPage(payload, page, req, res, pageOfPath(back, base), {
      pagePath: back,
      status,
      flash: { kind: 'error', message },
      ...(posted ? { posted: { block, ...posted } } : {}),
    })
  const found = await readableRequestType(payload, user!, key)
  if (!found) {
    await refuse(400, `There is no request form "${key}" that you can use here, so nothing was sent.`)
    return
  }
  const { data, values, problems } = postedData(found.form, body, tenant!.timeZone)
  try {
    const request = await submitRequest({ payload, user: user! }, { type: key, data, tenant: tenant!.id })
    res.redirect(303, `${base}/requests/${String(request.id)}?done=submitted`)
  } catch (error) {
    const httpError = toHttpError(error)
    if (httpError.status >= 500) throw error
    if (httpError.fieldErrors) {
      await refuse(httpError.status, FIX_FIELDS, { values, errors: { ...httpError.fieldErrors, ...problems } })
      return
    }
    await refuse(httpError.status, `${httpError.message.replace(/\.?$/, '.')} Nothing was sent.`, {
      values,
      errors: problems,
    })
  }
}
