/**
 * Batch upserts written together on the SQL databases, each item decided exactly as the single
 * upsert (upsertRecord.ts) would decide it, one by one and in order, so that 500 records cost a
 * few statements instead of thousands of queries and hooks.
 *
 * A batch is written in segments, each in one transaction of its own (inTransaction, through the
 * adapter, so the SQLite write lock and PostgreSQL's transaction turns apply). A segment
 * (bulkSegment.ts) looks up the records its items name as the account sees them (its read Where,
 * and which of those its update Where allows), judges each item in order with the access path's
 * own functions (mayCreate, refusedFieldWrite), the type's validator and the checks the
 * single-record hook uses (RecordWriteChecks), and writes the accepted items with multi-row
 * statements (recordRows.ts).
 *
 * What a segment does not write itself:
 * - items the access path refuses, or whose copied text Payload would find too long, go through
 *   the single path after the commit, for its own answer: they store nothing wherever they run;
 * - an item whose record the account sees in another tenant, or twice (an account of a parent
 *   tenant), ends the segment and goes through the single path, before any item after it;
 * - items another writer got to first (a concurrent create of the same external id, a delete) are
 *   judged again in the next segment, which sees that writer's record; a second time, one by one;
 * - when a segment's transaction fails (a deadlock, a foreign key), nothing of it is stored and its
 *   items go one by one.
 * The whole batch goes one by one on MongoDB (no row writer), and when the account's tenant is not
 * one number, or the account may not read and query records (the single path's lookup would fail).
 */
import type { PayloadRequest } from 'payload'
import { recordRowsOf } from '../../collections/Records/recordRows'
import { Slugs } from '../../collections/slugs'
import { tenantsOf, type AccessUser } from '../../src/access/ability'
import { abilityOf, accessWhere, conditionFields } from '../../src/access/collectionAccess'
import { TENANT_FIELD } from '../../src/access/tenantOwned'
import { inTransaction } from '../../src/db/inTransaction'
import type { BatchItem, BatchItemResult } from './batchUpsert'
import { Segment, type BulkPlan, type Validations } from './bulkSegment'
import type { UpsertInput } from './upsertRecord'

const READ = 'read'

/**
 * The plan of a batch, or undefined when it must go one by one (see the module comment). The
 * single path's lookup (findByExternalId) is refused when the account may not read records (403)
 * or query the fields it names (Payload checks them against field read access), so then is this.
 */
async function planOf(
  req: PayloadRequest,
  common: Omit<UpsertInput, 'externalId' | 'data'>,
): Promise<BulkPlan | undefined> {
  if (!recordRowsOf(req.payload, req)) return undefined
  const ability = await abilityOf(req)
  // As tenantOwned's defaultTenant: the account's own tenant, when it acts for exactly one.
  const own = common.tenant === undefined ? await tenantsOf(req.payload, req.user as unknown as AccessUser) : []
  const tenant = common.tenant ?? (own.length === 1 ? own[0] : undefined)
  if (typeof tenant !== 'number' || !Number.isSafeInteger(tenant) || tenant < 1) return undefined
  const readWhere = accessWhere(ability, READ, Slugs.records)
  const queried = ['type', 'source', 'externalId', ...(common.tenant === undefined ? [] : [TENANT_FIELD])]
  if (readWhere === false || !queried.every((field) => ability.can(READ, Slugs.records, field))) return undefined
  const updateWhere = accessWhere(ability, 'update', Slugs.records)
  return {
    ability,
    tenant,
    tenantNamed: common.tenant !== undefined,
    type: common.type,
    source: common.source,
    syncedAt: common.syncedAt,
    readWhere,
    updateWhere,
    updateIsRead: JSON.stringify(updateWhere) === JSON.stringify(readWhere),
    fields: req.payload.collections[Slugs.records].config.fields,
    select: selectFor(conditionFields(ability, 'update', Slugs.records)),
  }
}

/**
 * The fields an update is judged by: how the record is found, what the upsert changes (compared
 * with the stored values), and what the rules' conditions read. Selecting them alone spares
 * Payload's read transform most of a record's 30 columns, per record.
 */
function selectFor(conditions: string[] | undefined): Record<string, true> | undefined {
  if (!conditions) return undefined
  const fields = ['id', 'externalId', TENANT_FIELD, 'data', 'syncedAt', ...conditions]
  return Object.fromEntries(fields.map((field) => [field, true]))
}

/** What a segment answered, what it leaves to the single path, and what is left for the next one. */
interface SegmentOutcome {
  results: Map<number, BatchItemResult>
  oneByOne: number[]
  rest: number[]
}

async function writeSegment(
  req: PayloadRequest,
  plan: BulkPlan,
  items: readonly BatchItem[],
  state: { validated: Validations; retried: Set<number> },
  queue: number[],
): Promise<SegmentOutcome> {
  let taken = 0
  try {
    // A transaction of its own: the request keeps none, so the single path's upserts after it begin theirs.
    return await inTransaction(req.payload, async (tx) => {
      const segment = new Segment({ ...tx, payload: req.payload } as PayloadRequest, plan, items, state)
      await segment.open(queue)
      while (taken < queue.length) {
        const index = queue[taken++]!
        if ((await segment.take(index)) === 'stop') {
          segment.oneByOne.push(index)
          break
        }
      }
      await segment.flush()
      const oneByOne = segment.oneByOne.sort((a, b) => a - b)
      return { results: segment.results, oneByOne, rest: [...segment.retry, ...queue.slice(taken)] }
    })
  } catch (err) {
    // Failed before judging any item (reading the type, the lookups): the rest goes one by one.
    if (taken === 0) taken = queue.length
    req.payload.logger.warn({ err }, `batch upsert: a bulk write failed; its ${taken} items are upserted one by one`)
    return { results: new Map(), oneByOne: queue.slice(0, taken), rest: queue.slice(taken) }
  }
}

/**
 * Upserts `items` as the single path would, one by one and in order, but writing them together
 * where it can (see the module comment). `one` is the single path for one item.
 */
export async function bulkUpsert(
  req: PayloadRequest,
  common: Omit<UpsertInput, 'externalId' | 'data'>,
  items: readonly BatchItem[],
  one: (item: BatchItem) => Promise<BatchItemResult>,
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = []
  const plan = await planOf(req, common)
  if (!plan) {
    for (const item of items) results.push(await one(item))
    req.payload.logger.debug({ items: items.length, oneByOne: items.length }, 'batch upsert written')
    return results
  }
  const state = { validated: [] as Validations, retried: new Set<number>() }
  let queue = items.map((_, index) => index)
  let oneByOne = 0
  while (queue.length > 0) {
    const outcome = await writeSegment(req, plan, items, state, queue)
    for (const [index, result] of outcome.results) results[index] = result
    for (const index of outcome.oneByOne) results[index] = await one(items[index]!)
    oneByOne += outcome.oneByOne.length
    queue = outcome.rest
  }
  req.payload.logger.debug({ items: items.length, oneByOne }, 'batch upsert written')
  return results
}
