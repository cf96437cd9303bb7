/**
 * What every operation of the workflow service shares: who is acting, a request as the engine
 * sees it, and the definitions requests run on (a published version never changes, so it is
 * parsed once per process).
 */
import type { CollectionSlug, Payload, PayloadRequest, Sort, TypedUser, Where } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { idOf, idsOf, storableId, type Id } from '../../access/ids'
import { inTransaction, type TransactionRequest } from '../../db/inTransaction'
import { LockKinds, lockInTransaction } from '../../db/transactionLock'
import type { Request as RequestDoc, WorkflowDefinition } from '../../payload-types'
import { definitionSchema, type Definition } from '../definition'
import type { Approval, Instance } from '../types'

/** Who calls the service: a signed-in user (people, integration accounts), or a plugin acting for one. */
export interface Caller {
  payload: Payload
  user: TypedUser
  /** The caller's request, signed in as `user`, when reads should share it (a portal page's blocks). */
  req?: PayloadRequest
}

/** A request-scoped `req` for Local API calls inside the service's transaction. */
export type ServiceRequest = Partial<PayloadRequest> & Pick<PayloadRequest, 'payload'>

/** Local API options that make a call on behalf of `caller`'s user, inside `req`'s transaction. */
export const asCaller = (caller: Caller, req: ServiceRequest) =>
  ({ user: caller.user, overrideAccess: false, depth: 0, req }) as const

/** An id the engine holds as text, as the database stores it (a number on SQL, text on MongoDB). */
export function storedId(payload: Payload, id: string): Id {
  const stored = storableId(payload, id)
  if (stored === undefined) throw new Error(`"${id}" is not an id of this database`)
  return stored
}

/**
 * Runs `work` in a transaction that holds request `id`'s lock first: the transitions of one
 * request take turns (PostgreSQL's advisory lock; SQLite has one writer anyway).
 */
export function inRequestTransaction<T>(
  payload: Payload,
  id: Id,
  work: (req: ServiceRequest, tx: TransactionRequest) => Promise<T>,
): Promise<T> {
  return inTransaction(payload, async (tx) => {
    const req: ServiceRequest = { ...tx, payload }
    await lockInTransaction(req as never, LockKinds.workflowRequest, [String(id)])
    return work(req, tx)
  })
}

/** A stored request as the engine's instance. */
export function instanceOf(doc: RequestDoc): Instance {
  const instance: Instance = {
    state: doc.state,
    data: (doc.data ?? {}) as Record<string, unknown>,
    revision: doc.revision,
    stepEpoch: doc.stepEpoch,
    requester: String(idOf(doc.requester)),
    assignees: idsOf(doc.assignees).map(String),
    approvals: (Array.isArray(doc.approvals) ? doc.approvals : []) as unknown as Approval[],
  }
  if (doc.dueAt) instance.dueAt = doc.dueAt
  return instance
}

/** Parsed definitions by id, per Payload (a process may hold several databases, as the test suites do). */
const parsedDefinitions = new WeakMap<Payload, Map<string, Definition>>()

/** The parsed definition of version `id` (cached: published versions are frozen). */
export async function definitionById(payload: Payload, id: Id, req?: ServiceRequest): Promise<Definition> {
  let parsed = parsedDefinitions.get(payload)
  if (!parsed) parsedDefinitions.set(payload, (parsed = new Map()))
  const cached = parsed.get(String(id))
  if (cached) return cached
  const doc = (await payload.findByID({
    collection: Slugs.workflowDefinitions,
    id,
    depth: 0,
    overrideAccess: true,
    req,
  })) as WorkflowDefinition
  const definition = definitionSchema.parse(doc.definition)
  if (doc.status !== 'draft') parsed.set(String(id), definition)
  return definition
}

/** The highest published version of workflow `key`, or undefined. */
export async function latestPublished(
  payload: Payload,
  key: string,
  req?: ServiceRequest,
): Promise<WorkflowDefinition | undefined> {
  const { docs } = await payload.find({
    collection: Slugs.workflowDefinitions,
    where: { and: [{ key: { equals: key } }, { status: { equals: 'published' } }] },
    sort: '-version',
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs[0] as WorkflowDefinition | undefined
}

/** The page size of reads made for a user (the query limits' cap). */
export const PAGE_SIZE = 100

/** Every document of `collection` matching `where` that the caller may read, page by page, up to `max`. */
export async function findAllAs<T>(
  caller: Caller,
  args: { collection: CollectionSlug; where: Where; sort?: Sort },
  max: number,
): Promise<T[]> {
  const docs: T[] = []
  for (let page = 1; docs.length < max; page++) {
    const result = await caller.payload.find({
      ...args,
      page,
      limit: PAGE_SIZE,
      ...asCaller(caller, { payload: caller.payload }),
    })
    docs.push(...(result.docs as T[]))
    if (!result.hasNextPage) break
  }
  return docs.slice(0, max)
}
