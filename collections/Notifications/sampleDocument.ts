import { randomBytes } from 'node:crypto'
import type { Payload } from 'payload'
import { Slugs } from '../slugs'

/** A person for a sample document to belong to (a staff user with no roles: they can do nothing). */
export async function samplePerson(payload: Payload): Promise<number | string> {
  const unique = randomBytes(4).toString('hex')
  const person = await payload.create({
    collection: Slugs.users,
    data: {
      email: `sample-${unique}@example.com`,
      password: `sample-${unique}-password`,
      name: 'Sample',
      kind: 'staff',
    },
  })
  return person.id
}

/** A bell entry of `tenant` for suites generated from the config: its recipient is made first. */
export async function sampleNotification(tenant: number | string, payload: Payload): Promise<Record<string, unknown>> {
  return {
    tenant,
    key: `sample:${randomBytes(4).toString('hex')}`,
    recipient: await samplePerson(payload),
    type: 'request.approved',
    tier: 'informational',
    title: 'Sample',
    url: '/',
    itemCollection: Slugs.requests,
    itemId: '1',
  }
}

/** A person's preferences in `tenant`, for suites generated from the config. */
export async function samplePreferences(tenant: number | string, payload: Payload): Promise<Record<string, unknown>> {
  return { tenant, user: await samplePerson(payload), choices: { 'request.approved': { email: false } } }
}
