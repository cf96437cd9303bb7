/**
 * A record's page in the portal, for every record type: GET <base>/records/<typeKey>/<id>. Read as
 * the signed-in person through the one access path, within the portal's tenant: the fields their
 * rules hide are not there to show. Another tenant's record, an unknown id or type, or a record
 * of another type than the address names answers the portal's 404 page, never 403: the address
 * tells nothing about what exists.
 */
import type { Request, Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import { visibleRecordType } from '../../collections/RecordTypes/visibleRecordTypeId'
import { loadRecordType } from '../../collections/RecordTypes/storedRecordType'
import { storableId } from '../../src/access/ids'
import { HttpError } from '../../src/http/errors'
import type { Record as RecordDoc } from '../../src/payload-types'
import { lastSeenOf, staleness } from './blocks/freshness'
import { requestAs } from './blocks/recordList'
import { referenceTitles, statusView, valueView } from './blocks/recordValues'
import { portalLocals, sendPage } from './portalPage'
import type { PortalTemplates } from './portalTemplates'

const notFound = (res: Response, templates: PortalTemplates) =>
  sendPage(res, templates, { template: 'not-found', title: 'Page not found', status: 404 })

/** The type the address names, if the person may read it (a hidden type is a missing one). */
async function typeNamed(req: Awaited<ReturnType<typeof requestAs>>, key: string) {
  try {
    const visible = await visibleRecordType(req, key)
    return await loadRecordType(req, visible.id, visible)
  } catch (error) {
    if (error instanceof HttpError && error.id === 'unknown_record_type') return undefined
    throw error
  }
}

/** Sends the page of the record the address names, or the portal's 404 page. */
export async function sendRecordPage(
  payload: Payload,
  templates: PortalTemplates,
  req: Request,
  res: Response,
): Promise<void> {
  const { tenant, user, base } = portalLocals(res)
  const asUser = await requestAs({ payload, user: user! })
  const key = String(req.params.type ?? '')
  const id = storableId(payload, req.params.id)
  const loaded = id === undefined ? undefined : await typeNamed(asUser, key)
  if (!loaded || id === undefined) return notFound(res, templates)
  const { docs } = await payload.find({
    collection: Slugs.records,
    where: { and: [{ id: { equals: id } }, { type: { equals: loaded.id } }, { tenant: { equals: tenant!.id } }] },
    limit: 1,
    pagination: false,
    depth: 0,
    overrideAccess: false,
    user: asUser.user,
    req: asUser,
  })
  const record = docs[0] as RecordDoc | undefined
  if (!record) return notFound(res, templates)
  const type = loaded.type
  // Data the person's rules hide is not in the document at all: then no field is shown.
  const data = (record.data ?? undefined) as Record<string, unknown> | undefined
  const shown = type.fields.filter(
    (field) => field.key !== type.titleField && field.key !== type.statusField && data && field.key in data,
  )
  const titles = await referenceTitles(asUser, tenant!.id, shown, [record])
  const seen = lastSeenOf(record)
  const title = record.title || `${type.singularLabel} #${String(record.id)}`
  sendPage(res, templates, {
    template: 'record',
    title,
    data: {
      title,
      typeLabel: type.singularLabel,
      status: type.statusField && record.status ? statusView(type, record.status, record.statusCategory) : null,
      fields: shown.map((field) => ({ label: field.label, ...valueView(field, data![field.key], { base, titles }) })),
      dataHidden: data === undefined,
      syncedAt: typeof record.syncedAt === 'string' ? record.syncedAt : '',
      lastSeen: seen,
      stale: staleness(type.staleAfterMinutes)(seen),
      home: `${base}/`,
    },
  })
}
