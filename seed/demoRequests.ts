/**
 * Plays the demo requests (demoRequestData.ts) through the workflow service as the people they
 * name: submitted by their requester, then approved, rejected or sent back by whoever the workflow
 * asked, so their state, history, tasks, events and queued emails are what real use would leave.
 * The effects are only queued: the server's job runner carries them out (and sends the emails)
 * when it runs, so seeding never waits for a mail server.
 *
 * Idempotent: a request is found again by its tenant and title; one that exists is left alone.
 * An installation seeded before may have changed what a demo request relies on (a built-in role
 * seeded before it granted something, a workflow staff have edited): a request the service refuses,
 * or that ends elsewhere than planned, is reported and logged, and the seed goes on.
 */
import type { Payload, Where } from 'payload'
import { Slugs } from '../collections/slugs'
import { HttpError } from '../src/http/errors'
import { actOnRequest, submitRequest, type Caller } from '../src/workflows/service'
import { DEMO_DELEGATION, DEMO_REQUESTS, type DemoReference, type DemoRequest } from './demoRequestData'

const DAY = 24 * 60 * 60 * 1000

/** The seeded people the demo requests name, as callers of the service, by email. */
async function callers(payload: Payload): Promise<Map<string, Caller>> {
  const emails = [
    ...new Set([...DEMO_REQUESTS.flatMap((r) => [r.requester, ...r.steps.map((step) => step.as)])]),
    DEMO_DELEGATION.user,
    DEMO_DELEGATION.substitute,
  ]
  const { docs } = await payload.find({
    collection: Slugs.users,
    where: { email: { in: emails } },
    pagination: false,
    depth: 0,
  })
  return new Map(docs.map((user) => [user.email, { payload, user: { ...user, collection: Slugs.users } } as Caller]))
}

/** The id of the record a demo request is about: the one named, or the first with the status, or the first at all. */
async function recordFor(payload: Payload, tenant: number, about: DemoReference): Promise<number | undefined> {
  const base: Where[] = [{ tenant: { equals: tenant } }, { 'type.key': { equals: about.recordType } }]
  const tries: Where[][] = [
    ...(about.externalId ? [[{ externalId: { equals: about.externalId } }]] : []),
    ...(about.status ? [[{ status: { equals: about.status } }]] : []),
    [],
  ]
  for (const extra of tries) {
    const { docs } = await payload.find({
      collection: Slugs.records,
      where: { and: [...base, ...extra] },
      sort: 'externalId',
      limit: 1,
      depth: 0,
      select: { externalId: true },
    })
    if (docs[0]) return docs[0].id
  }
  return undefined
}

/**
 * Creates the demo delegation where missing, as the finance lead who delegates (their own rules
 * allow naming a substitute); returns whether it was created.
 */
async function seedDelegation(payload: Payload, people: Map<string, Caller>, tenant: number, now: Date) {
  const user = people.get(DEMO_DELEGATION.user)
  const substitute = people.get(DEMO_DELEGATION.substitute)
  if (!user || !substitute) return false
  const { totalDocs } = await payload.count({
    collection: Slugs.delegations,
    where: { and: [{ user: { equals: user.user.id } }, { substitute: { equals: substitute.user.id } }] },
  })
  if (totalDocs > 0) return false
  await payload.create({
    collection: Slugs.delegations,
    data: {
      tenant,
      user: user.user.id as number,
      substitute: substitute.user.id as number,
      from: new Date(now.getTime() - DEMO_DELEGATION.daysBefore * DAY).toISOString(),
      to: new Date(now.getTime() + DEMO_DELEGATION.daysAfter * DAY).toISOString(),
      amountLimit: DEMO_DELEGATION.amountLimit,
      note: DEMO_DELEGATION.note,
    },
    user: user.user,
    overrideAccess: false,
    depth: 0,
  })
  return true
}

/** Submits one demo request as its requester, then plays its steps; returns the state it ends in. */
async function play(payload: Payload, demo: DemoRequest, tenant: number, people: Map<string, Caller>) {
  const person = (email: string) => {
    const caller = people.get(email)
    if (!caller) throw new Error(`demo request "${demo.data.title}": nobody signs in as ${email}`)
    return caller
  }
  const data: Record<string, unknown> = { ...demo.data }
  const record = demo.about && (await recordFor(payload, tenant, demo.about))
  if (demo.about && record !== undefined) data[demo.about.field] = record
  let request = await submitRequest(person(demo.requester), { type: demo.type, tenant, data, comment: demo.comment })
  for (const step of demo.steps) request = await actOnRequest(person(step.as), request.id, step.event)
  return request.state
}

/** What seeding the demo requests did. */
export interface DemoRequestsReport {
  delegations: number
  requests: number
  /** demo requests that could not be played as planned, each with why */
  skipped: string[]
}

/**
 * Creates the demo delegation and plays the demo requests that do not exist yet. Needs the demo
 * tenants, people, records, workflows and request types; a request whose tenant is missing is skipped.
 */
export async function seedDemoRequests(
  payload: Payload,
  tenants: Map<string, number>,
  now = new Date(),
): Promise<DemoRequestsReport> {
  const people = await callers(payload)
  const northwind = tenants.get('northwind')
  const delegations = northwind !== undefined && (await seedDelegation(payload, people, northwind, now)) ? 1 : 0
  const { docs } = await payload.find({
    collection: Slugs.requests,
    where: { title: { in: DEMO_REQUESTS.map((demo) => demo.data.title) } },
    pagination: false,
    depth: 0,
    select: { title: true, tenant: true },
  })
  const seen = new Set(docs.map((doc) => `${String(doc.tenant)}:${doc.title}`))
  let requests = 0
  const skipped: string[] = []
  for (const demo of DEMO_REQUESTS) {
    const tenant = tenants.get(demo.tenant)
    if (tenant === undefined || seen.has(`${tenant}:${demo.data.title}`)) continue
    const problem = await play(payload, demo, tenant, people).then(
      (state) => (state === demo.state ? undefined : `it ended in ${state}, not ${demo.state}`),
      (err: unknown) => {
        // Refusals are the installation differing from what the demo expects; anything else is a bug.
        if (err instanceof HttpError) return `${err.id}: ${err.message}`
        throw err
      },
    )
    if (problem === undefined) requests++
    else {
      skipped.push(`${demo.data.title}: ${problem}`)
      payload.logger.warn(`demo request "${demo.data.title}" not seeded as planned: ${problem}`)
    }
  }
  return { delegations, requests, skipped }
}
