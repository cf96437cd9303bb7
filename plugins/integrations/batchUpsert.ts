/**
 * Upserting many records of one type and source, each answered on its own: an item that fails
 * stores nothing of itself and does not stop the others (see bulkUpsert.ts for how they are written).
 */
import { ValidationError, type PayloadRequest } from 'payload'
import { Errors, toHttpError } from '../../src/http/errors'
import { isIdText } from '../../src/http/endpointInput'
import { bulkUpsert } from './bulkUpsert'
import { upsertRecord, type UpsertInput } from './upsertRecord'

/** The most items one batch may hold. */
export const BATCH_LIMIT = 1000

/** One item's answer. */
export interface BatchItemResult {
  externalId: unknown
  status: number
  id?: number | string
  errors?: { path: string; message: string }[]
}

const errorsOf = (err: unknown): BatchItemResult['errors'] =>
  err instanceof ValidationError
    ? err.data.errors.map(({ path, message }) => ({ path, message }))
    : [{ path: '', message: toHttpError(err).message }]

/** One item of a batch, once its external id is known to be one. */
export interface BatchItem {
  externalId: string
  data: unknown
}

/** The single path for one item, answered as a batch answers it. */
async function upsertOne(
  req: PayloadRequest,
  common: Omit<UpsertInput, 'externalId' | 'data'>,
  { externalId, data }: BatchItem,
): Promise<BatchItemResult> {
  try {
    const { status, doc } = await upsertRecord(req, { ...common, externalId, data })
    return { externalId, status, id: doc.id }
  } catch (err) {
    const { status } = toHttpError(err)
    if (status >= 500) req.payload.logger.error({ err, externalId }, 'batch item failed')
    return { externalId, status, errors: errorsOf(err) }
  }
}

/**
 * The single path for each item in turn: what batches did before bulk writes, what bulkUpsert
 * leaves items to, and the reference the tests hold bulk writes against.
 */
export async function upsertInTurn(
  req: PayloadRequest,
  common: Omit<UpsertInput, 'externalId' | 'data'>,
  items: readonly BatchItem[],
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = []
  for (const item of items) results.push(await upsertOne(req, common, item))
  return results
}

/**
 * Upserts `items` as if one by one, in order (an external id given twice is created, then
 * updated); bulkUpsert writes them together where the database allows.
 */
export async function batchUpsert(
  req: PayloadRequest,
  common: Omit<UpsertInput, 'externalId' | 'data'>,
  items: unknown[],
  externalIdMax: number,
): Promise<BatchItemResult[]> {
  if (items.length > BATCH_LIMIT) throw Errors.batchTooLarge(items.length, BATCH_LIMIT)
  const results: BatchItemResult[] = []
  const valid: { index: number; item: BatchItem }[] = []
  for (const [index, item] of items.entries()) {
    const { externalId, data } = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>
    if (!isIdText(externalId, externalIdMax)) {
      const message = `must be text of 1 to ${externalIdMax} characters, without NUL or unpaired surrogates`
      results[index] = { externalId, status: 400, errors: [{ path: 'externalId', message }] }
    } else valid.push({ index, item: { externalId, data } })
  }
  const upserted = await bulkUpsert(
    req,
    common,
    valid.map(({ item }) => item),
    (item) => upsertOne(req, common, item),
  )
  for (const [k, { index }] of valid.entries()) results[index] = upserted[k]!
  return results
}
