import type { Payload } from 'payload'
import { sampleRequest } from '../Requests/sampleDocument'
import { Slugs } from '../slugs'

/** A history entry of a new sample request of `tenant`, for suites generated from the config. */
export async function sampleWorkflowEvent(tenant: number | string, payload: Payload): Promise<Record<string, unknown>> {
  const request = await payload.create({
    collection: Slugs.requests,
    data: { ...(await sampleRequest(tenant, payload)), tenant } as never,
  })
  return { request: request.id, action: 'comment', state: 'open', at: new Date().toISOString() }
}
