/**
 * One-click actions on a request from a portal page: approve, request changes, reject. A plain
 * form POST (the form token was checked before this runs) carrying the step the person saw; the
 * workflow service decides. Success goes back to the page (a composed page or the request's own
 * page) with a flash message; a refusal
 * (the request moved on: 409, not theirs to act on, a reason missing) shows the same page with a
 * friendly message and the refusal's status, and nothing changes.
 */
import type { Request, Response } from 'express'
import type { Payload } from 'payload'
import { toHttpError } from '../../src/http/errors'
import { actOnRequest } from '../../src/workflows/service'
import { portalLocals, type PageView } from './portalPage'
import { pageOfPath, requestOfPath, sendPortalPage, type PageContext } from './pageRoutes'
import { sendRequestPage } from './requestPage'
import { safeNext } from './safeNext'

const ACTIONS = { approve: 'approved', requestChanges: 'changesRequested', reject: 'rejected' } as const

/** The flash of a redirect after an action (`?done=`). */
export const ACT_FLASHES: Readonly<Record<string, NonNullable<PageView['flash']>>> = {
  approved: { kind: 'info', message: 'Approved. Thank you.' },
  changesRequested: { kind: 'info', message: 'Changes requested. The requester has been told.' },
  rejected: { kind: 'info', message: 'Rejected. The requester has been told.' },
}

const FRIENDLY: Readonly<Record<string, string>> = {
  request_changed:
    'This request moved on since you opened the page (someone may have acted on it already), so nothing was changed. Here is where things stand now.',
  request_not_found: 'That request is no longer there, or you cannot see it. Nothing was changed.',
  invalid_workflow_action: 'That action is not one we know, so nothing was changed.',
}

/** POST <base>/requests/:id/act */
export async function actRoute(payload: Payload, page: PageContext, req: Request, res: Response): Promise<void> {
  const { base, user } = portalLocals(res)
  const body = (req.body ?? {}) as Record<string, unknown>
  const back = safeNext(body.back, base).split('?')[0]!
  const type =
    typeof body.type === 'string' && Object.hasOwn(ACTIONS, body.type) ? (body.type as keyof typeof ACTIONS) : undefined
  const step = typeof body.step === 'string' && /^\d{1,9}$/.test(body.step) ? Number(body.step) : undefined
  const reason = typeof body.reason === 'string' && body.reason ? body.reason : undefined
  try {
    if (!type || step === undefined) throw toHttpError({ status: 400 })
    await actOnRequest(
      { payload, user: user! },
      String(req.params.id ?? ''),
      { type, ...(type !== 'approve' && reason ? { reason } : {}) },
      { step },
    )
    res.redirect(303, `${back}?done=${ACTIONS[type]}`)
  } catch (error) {
    const httpError = toHttpError(error)
    if (httpError.status >= 500) throw error
    const message =
      FRIENDLY[httpError.id] ?? (type && step !== undefined ? httpError.message : FRIENDLY.invalid_workflow_action!)
    const flash = { kind: 'error' as const, message }
    const onRequestPage = requestOfPath(back, base)
    if (onRequestPage)
      await sendRequestPage(payload, page, req, res, onRequestPage, { status: httpError.status, flash })
    else
      await sendPortalPage(payload, page, req, res, pageOfPath(back, base), {
        pagePath: back,
        status: httpError.status,
        flash,
      })
  }
}
