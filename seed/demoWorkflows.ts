/**
 * The demo installation's workflows: the three example definitions published, a request type for
 * each, the people their approval steps need, and demo requests in several states, played
 * through the workflow service (demoRequests.ts). Never seeded in production.
 *
 * Idempotent: a workflow is found by its key (any version: one staff have edited since stays as
 * it is), a request type by its key, a person by email, a request by its tenant and title.
 */
import type { Payload } from 'payload'
import { Slugs } from '../collections/slugs'
import { EXAMPLE_WORKFLOWS } from '../src/workflows/examples'
import { seedDemoRequests, type DemoRequestsReport } from './demoRequests'
import { DEMO_REQUEST_TYPES } from './demoRequestTypes'
import { seedWorkflowPeople } from './demoWorkflowPeople'
import type { BuiltInRoleKey } from './roles'

/** What a run of seedDemoWorkflows created (all zero on a second run). */
export interface DemoWorkflowsReport extends DemoRequestsReport {
  workflows: number
  requestTypes: number
  people: number
}

/** Publishes version 1 of each example workflow whose key has no version yet; returns how many. */
async function publishExamples(payload: Payload): Promise<number> {
  let created = 0
  for (const { title, input } of EXAMPLE_WORKFLOWS) {
    const { key, version: _version, ...definition } = input
    const { totalDocs } = await payload.count({
      collection: Slugs.workflowDefinitions,
      where: { key: { equals: key } },
    })
    if (totalDocs > 0) continue
    await payload.create({
      collection: Slugs.workflowDefinitions,
      data: { key, title, status: 'published', definition },
      depth: 0,
    })
    created++
  }
  return created
}

/** Creates the demo request types that do not exist yet; returns how many. */
async function seedRequestTypes(payload: Payload): Promise<number> {
  const { docs } = await payload.find({
    collection: Slugs.requestTypes,
    where: { key: { in: DEMO_REQUEST_TYPES.map((type) => type.key) } },
    pagination: false,
    depth: 0,
    select: { key: true },
  })
  const existing = new Set(docs.map((doc) => doc.key))
  const missing = DEMO_REQUEST_TYPES.filter((type) => !existing.has(type.key))
  for (const type of missing) await payload.create({ collection: Slugs.requestTypes, data: type, depth: 0 })
  return missing.length
}

/**
 * Seeds the demo workflows, request types, people and requests where missing. Needs the demo
 * tenants (seedDemoTenants) and records (seedDemoRecords): the change requests are about them.
 */
export async function seedDemoWorkflows(
  payload: Payload,
  roles: Record<BuiltInRoleKey, number>,
  password: string,
  now = new Date(),
): Promise<DemoWorkflowsReport> {
  const workflows = await publishExamples(payload)
  const requestTypes = await seedRequestTypes(payload)
  const { docs } = await payload.find({
    collection: Slugs.tenants,
    where: { slug: { in: ['northwind', 'bluebird'] } },
    pagination: false,
    depth: 0,
    select: { slug: true },
  })
  const tenants = new Map(docs.map((doc) => [doc.slug, doc.id]))
  const people = await seedWorkflowPeople(payload, roles, tenants, password)
  return { workflows, requestTypes, people, ...(await seedDemoRequests(payload, tenants, now)) }
}
