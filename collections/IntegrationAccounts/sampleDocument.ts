import type { Payload } from 'payload'
import { Slugs } from '../slugs'

/** A valid integration account of `tenant` for suites generated from the config: it needs a client role. */
export async function sampleIntegrationAccount(
  tenant: number | string,
  payload: Payload,
): Promise<Record<string, unknown>> {
  const { docs } = await payload.find({
    collection: Slugs.roles,
    where: { audience: { equals: 'client' } },
    limit: 1,
    depth: 0,
  })
  const role =
    docs[0] ??
    (await payload.create({
      collection: Slugs.roles,
      data: { name: 'Sample client role', audience: 'client', permissions: [] },
    }))
  return { tenant, name: 'Sample integration', roles: [role.id] }
}
