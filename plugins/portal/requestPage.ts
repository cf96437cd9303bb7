/**
 * A request's own page, GET <base>/requests/<id>: where it stands, who it waits on and what comes
 * next, the data submitted, the records it names (linked to their pages), its history, and, when
 * it waits on the viewer, the pending approvals block's one-click forms coming back here.
 * Everything is read as the signed-in person; a request of another tenant, one they may not read
 * or an unknown id answers the same 404 page.
 */
import type { Request, Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { displayValue } from '../../collections/Records/admin/recordFormValues'
import { idOf, idsOf, storableId, type Id } from '../../src/access/ids'
import type { Request as RequestDoc, RequestType, WorkflowEvent } from '../../src/payload-types'
import type { RecordTypeDefinition } from '../../src/records/typeDefinition'
import type { TemplateSource } from '../../src/templates/compileCache'
import { renderTemplate } from '../../src/templates/renderTemplate'
import { pendingApprovals, requestForm, requestHistory } from '../../src/workflows/service'
import { definitionById } from '../../src/workflows/service/context'
import { approvalItem } from './blocks/pendingApprovalsBlock'
import { stateLabel, stepOf, waitingOn } from './blocks/requestSteps'
import type { PageContext } from './pageRoutes'
import { portalLocals, sendPage, type PageView } from './portalPage'
import type { PortalUser } from './portalSession'
import { portalTemplate } from './portalTemplates'

/** The pending approvals block's slug: its template shows the decision forms on the request page. */
const DECISION_BLOCK = 'pendingApprovals'

/** What a history entry's action says to a client. */
const ACTION_LABELS: Readonly<Record<string, string>> = {
  submit: 'Sent',
  approve: 'Approved',
  reject: 'Rejected',
  requestChanges: 'Changes requested',
  cancel: 'Cancelled',
  escalated: 'Escalated',
  reminded: 'Reminder sent',
  understaffed: 'Nobody could be assigned',
}

/**
 * Whether a history entry means something to a client: not the engine's bookkeeping (a timer
 * ignored), nor routing through a decision, nor the empty form a request starts in.
 */
function shownInHistory(event: WorkflowEvent, index: number, kindOf: (state: string) => string | undefined): boolean {
  if (event.action === 'timerIgnored') return false
  if (event.action !== 'entered') return true
  const kind = kindOf(event.state)
  return kind !== 'decision' && !(index === 0 && kind === 'form')
}

/** A date-time as people in the tenant's time zone read it: "3 Mar 2026, 14:05". */
function dateTimeText(iso: string, timeZone: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  try {
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date)
  } catch {
    return date.toISOString()
  }
}

/** The request `id` of the portal's tenant, as `user` may read it; undefined otherwise. */
async function readRequest(payload: Payload, user: PortalUser, tenant: Id, id: string) {
  const stored = storableId(payload, id)
  if (stored === undefined) return undefined
  const request = (await payload
    .findByID({ collection: Slugs.requests, id: stored, depth: 0, user, overrideAccess: false })
    .catch(() => null)) as RequestDoc | null
  return request && String(idOf(request.tenant)) === String(tenant) ? request : undefined
}

/** The records the request names that the person may read: title, type key, page link. */
async function namedRecords(payload: Payload, user: PortalUser, base: string, ids: Id[]) {
  if (ids.length === 0) return []
  const asUser = { depth: 0, user, overrideAccess: false, pagination: false } as const
  const { docs } = await payload.find({
    collection: Slugs.records,
    where: { id: { in: ids } },
    limit: ids.length,
    ...asUser,
  })
  const typeIds = [...new Set(docs.map((doc) => idOf(doc.type)).filter((type): type is Id => type !== undefined))]
  const { docs: types } = await payload.find({
    collection: Slugs.recordTypes,
    where: { id: { in: typeIds } },
    limit: typeIds.length,
    ...asUser,
  })
  const typeOf = new Map(types.map((type) => [String(type.id), type]))
  return docs.flatMap((doc) => {
    const type = typeOf.get(String(idOf(doc.type)))
    if (!type) return []
    return [
      {
        id: String(doc.id),
        title: doc.title || `#${doc.id}`,
        typeLabel: type.singularLabel,
        href: `${base}/records/${encodeURIComponent(type.key)}/${String(doc.id)}`,
      },
    ]
  })
}

/** The submitted data, field by field in the form's order, formatted per kind. */
function dataRows(
  form: RecordTypeDefinition | undefined,
  data: Record<string, unknown>,
  records: { id: string; title: string; href: string }[],
  timeZone: string,
) {
  if (!form) return []
  const titles = new Map(records.map((record) => [record.id, record.title]))
  return form.fields.flatMap((field) => {
    const stored = Object.hasOwn(data, field.key) ? data[field.key] : undefined
    if (stored === undefined || stored === null || stored === '') return []
    const linked = field.kind === 'reference' ? records.find((record) => record.id === String(stored)) : undefined
    const value =
      field.kind === 'date_time' && typeof stored === 'string'
        ? dateTimeText(stored, timeZone)
        : displayValue(field, stored, titles)
    const isLink = field.kind === 'link' && typeof stored === 'string'
    return [
      {
        label: field.label,
        value,
        href: linked?.href ?? (isLink ? stored : ''),
        longText: field.kind === 'long_text',
      },
    ]
  })
}

/** The request's form, if its type is still one the person may read. */
async function formOf(payload: Payload, user: PortalUser, request: RequestDoc) {
  const typeId = idOf(request.requestType)
  if (typeId === undefined) return undefined
  const type = (await payload
    .findByID({ collection: Slugs.requestTypes, id: typeId, depth: 0, user, overrideAccess: false })
    .catch(() => null)) as RequestType | null
  return type ? { type, form: requestForm(type) } : undefined
}

/** Sends the page of request `id`, or the 404 page. */
export async function sendRequestPage(
  payload: Payload,
  { templates, blocks, flashes }: PageContext,
  req: Request,
  res: Response,
  id: string,
  override: Pick<PageView, 'status' | 'flash'> = {},
): Promise<void> {
  const { tenant, user, base, csrf } = portalLocals(res)
  const request = await readRequest(payload, user!, tenant!.id, id)
  if (!request) {
    sendPage(res, templates, { template: 'not-found', title: 'Page not found', status: 404 })
    return
  }
  const caller = { payload, user: user! }
  const path = `${base}/requests/${String(request.id)}`
  const [found, step, history, pending] = await Promise.all([
    formOf(payload, user!, request),
    stepOf(payload, request),
    requestHistory(caller, request.id),
    pendingApprovals(caller),
  ])
  const records = await namedRecords(payload, user!, base, idsOf(request.records))
  const workflow = idOf(request.workflow)
  const states = workflow === undefined ? [] : (await definitionById(payload, workflow)).states
  const kindOf = (key: string) => states.find((state) => state.key === key)?.kind
  const waiting = waitingOn(request, step, user!.id)
  const me = String(user!.id)
  const data = {
    heading: request.title,
    typeName: found?.type.singularLabel ?? 'Request',
    state: stateLabel(request.state),
    outcome: request.outcome ? stateLabel(request.outcome) : '',
    open: !request.outcome,
    owner: waiting.owner,
    nextStep: waiting.nextStep,
    dueAt: request.outcome ? '' : (request.dueAt ?? ''),
    promisedBy: request.outcome ? '' : (request.promisedBy ?? ''),
    submittedAt: request.submittedAt ?? '',
    closedAt: request.closedAt ?? '',
    fields: dataRows(found?.form, (request.data ?? {}) as Record<string, unknown>, records, tenant!.timeZone),
    records,
    history: history
      .filter((event, i) => shownInHistory(event, i, kindOf))
      .map((event) => ({
        at: event.at,
        atText: dateTimeText(event.at, tenant!.timeZone),
        what:
          event.action === 'entered'
            ? `Moved to ${stateLabel(event.state).toLowerCase()}`
            : (ACTION_LABELS[event.action] ?? stateLabel(event.action)),
        byYou: String(idOf(event.actor)) === me,
        reason: event.reason ? stateLabel(event.reason) : '',
        comment: event.comment ?? '',
      })),
    home: `${base}/`,
  }
  // Each part fails alone, like a page's blocks: the rest of the request's page still shows.
  const part = (template: TemplateSource, partData: Record<string, unknown>) => {
    try {
      return renderTemplate(template, partData)
    } catch (error) {
      payload.logger.warn({ err: error, template: template.id }, 'A part of a request page failed to render')
      return renderTemplate(portalTemplate(templates, 'block-error'), {})
    }
  }
  const mine = pending.find((approval) => String(approval.request.id) === String(request.id))
  const decision = blocks.get(DECISION_BLOCK)
  const decisionHtml =
    mine && decision
      ? part(decision.template, {
          heading: 'Your decision',
          items: [await approvalItem(payload, base, mine)],
          csrf,
          back: path,
        })
      : undefined
  const done = typeof req.query.done === 'string' ? req.query.done : ''
  sendPage(res, templates, {
    template: 'request',
    title: request.title,
    data,
    blocks: [...(decisionHtml ? [decisionHtml] : []), part(portalTemplate(templates, 'request-details'), data)],
    status: override.status,
    flash: override.flash ?? (Object.hasOwn(flashes, done) ? flashes[done] : undefined),
  })
}
