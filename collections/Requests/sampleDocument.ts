import type { Payload } from 'payload'
import { Slugs } from '../slugs'

const SAMPLE = 'sample-request'

async function findOrCreate<T extends { id: number | string }>(
  payload: Payload,
  find: () => Promise<{ docs: unknown[] }>,
  create: () => Promise<unknown>,
): Promise<T> {
  const { docs } = await find()
  return (docs[0] ?? (await create())) as T
}

/**
 * A minimal request for `tenant`, for suites generated from the config (tenant isolation): a
 * request needs a published workflow, a request type and a requester of the tenant, made the first
 * time they are needed. Written as the system writes requests (the workflow service).
 */
export async function sampleRequest(tenant: number | string, payload: Payload): Promise<Record<string, unknown>> {
  const workflow = await findOrCreate<{ id: number }>(
    payload,
    () =>
      payload.find({ collection: Slugs.workflowDefinitions, where: { key: { equals: SAMPLE } }, limit: 1, depth: 0 }),
    () =>
      payload.create({
        collection: Slugs.workflowDefinitions,
        data: {
          key: SAMPLE,
          title: 'Sample',
          status: 'published',
          definition: {
            initial: 'open',
            states: [
              { key: 'open', kind: 'form', onSubmit: 'done' },
              { key: 'done', kind: 'final', outcome: 'done' },
            ],
          },
        },
      }),
  )
  const type = await findOrCreate<{ id: number }>(
    payload,
    () =>
      payload.find({
        collection: Slugs.requestTypes,
        where: { key: { equals: 'sample_request' } },
        limit: 1,
        depth: 0,
      }),
    () =>
      payload.create({
        collection: Slugs.requestTypes,
        data: {
          key: 'sample_request',
          singularLabel: 'Sample',
          pluralLabel: 'Samples',
          titleField: 'title',
          workflow: SAMPLE,
          fields: [{ key: 'title', label: 'Title', kind: 'text', required: true }],
        },
      }),
  )
  const requester = await sampleMember(payload, tenant, 'requester')
  return {
    title: 'Sample request',
    requestType: type.id,
    workflow: workflow.id,
    requester: requester.id,
    state: 'open',
    data: { title: 'Sample request' },
    revision: 1,
    stepEpoch: 1,
  }
}

/** A client user of `tenant` without roles, made the first time (`name` tells several apart). */
export async function sampleMember(payload: Payload, tenant: number | string, name: string) {
  const email = `sample-${name}-${String(tenant)}@example.com`
  const role = await findOrCreate<{ id: number }>(
    payload,
    () => payload.find({ collection: Slugs.roles, where: { key: { equals: 'sample-client' } }, limit: 1, depth: 0 }),
    () =>
      payload.create({
        collection: Slugs.roles,
        data: { key: 'sample-client', name: 'Sample client', audience: 'client' },
      }),
  )
  return findOrCreate<{ id: number }>(
    payload,
    () => payload.find({ collection: Slugs.users, where: { email: { equals: email } }, limit: 1, depth: 0 }),
    () =>
      payload.create({
        collection: Slugs.users,
        data: {
          email,
          password: `sample-${String(tenant)}-password`,
          name,
          kind: 'client',
          memberships: [{ tenant: tenant as number, roles: [role.id] }],
        },
      }),
  )
}
