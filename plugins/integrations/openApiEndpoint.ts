import type { Endpoint, TypedUser } from 'payload'
import { Slugs } from '../../collections/slugs'
import { parseRecordType, type RecordTypeDefinition } from '../../src/records/typeDefinition'
import { openApiDocument } from './openApiDocument'
import { INTEGRATIONS_PATH } from './recordEndpoints'
import { requireIntegrationAccount } from './requestParts'

/** `GET /api/integrations/v1/openapi.json`: the API as the calling account sees it (its readable types). */
export const openApiEndpoint: Endpoint = {
  path: `${INTEGRATIONS_PATH}/openapi.json`,
  method: 'get',
  handler: async (req) => {
    requireIntegrationAccount(req)
    const { docs } = await req.payload.find({
      collection: Slugs.recordTypes,
      // The page size cap applies to every read; an installation has far fewer types.
      limit: 100,
      pagination: false,
      sort: 'key',
      depth: 0,
      user: req.user as TypedUser,
      overrideAccess: false,
    })
    const types = docs
      .map((doc) => parseRecordType(doc))
      .flatMap((parsed): RecordTypeDefinition[] => (parsed.ok ? [parsed.type] : []))
    return Response.json(openApiDocument(`/api${INTEGRATIONS_PATH}`, types))
  },
}
