import { randomBytes } from 'node:crypto'
import type { Payload } from 'payload'
import { Slugs } from '../slugs'

/** A bell entry of `tenant` for suites generated from the config: its recipient is made first. */
export async function sampleNotification(tenant: number | string, payload: Payload): Promise<Record<string, unknown>> {
  const unique = randomBytes(4).toString('hex')
  const recipient = await payload.create({
    collection: Slugs.users,
    data: {
      email: `sample-${unique}@example.com`,
      password: `sample-${unique}-password`,
      name: 'Sample',
      kind: 'staff',
    },
  })
  return {
    tenant,
    key: `sample:${unique}`,
    recipient: recipient.id,
    type: 'request.approved',
    tier: 'informational',
    title: 'Sample',
    url: '/',
    itemCollection: Slugs.requests,
    itemId: '1',
  }
}
