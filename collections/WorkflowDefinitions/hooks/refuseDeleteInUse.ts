import type { CollectionBeforeDeleteHook } from 'payload'
import { Errors } from '../../../src/http/errors'
import { Slugs } from '../../slugs'

/** A version that requests run on, or that was ever published, stays: history refers to it. */
export const refuseDeleteInUse: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const doc = await req.payload.findByID({ collection: Slugs.workflowDefinitions, id, depth: 0, req })
  if (doc.status !== 'draft') throw Errors.workflowInUse('A published or retired version cannot be deleted; retire it')
  const { totalDocs } = await req.payload.count({
    collection: Slugs.requests,
    where: { workflow: { equals: id } },
    overrideAccess: true,
    req,
  })
  if (totalDocs > 0) throw Errors.workflowInUse(`${totalDocs} requests run on this version`)
}
