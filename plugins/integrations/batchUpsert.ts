/**
 * Upserting many records of one type and source, each on its own: an item that fails stores
 * nothing of itself (its own write is one operation) and does not stop the others.
 */
import { ValidationError, type PayloadRequest } from 'payload'
import { Errors, toHttpError } from '../../src/http/errors'
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

/** Upserts `items` in order (an external id given twice is created, then updated). */
export async function batchUpsert(
  req: PayloadRequest,
  common: Omit<UpsertInput, 'externalId' | 'data'>,
  items: unknown[],
  externalIdMax: number,
): Promise<BatchItemResult[]> {
  if (items.length > BATCH_LIMIT) throw Errors.batchTooLarge(items.length, BATCH_LIMIT)
  const results: BatchItemResult[] = []
  for (const item of items) {
    const { externalId, data } = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>
    if (typeof externalId !== 'string' || externalId === '' || externalId.length > externalIdMax) {
      const message = `must be text of 1 to ${externalIdMax} characters`
      results.push({ externalId, status: 400, errors: [{ path: 'externalId', message }] })
      continue
    }
    try {
      const { status, doc } = await upsertRecord(req, { ...common, externalId, data })
      results.push({ externalId, status, id: doc.id })
    } catch (err) {
      const { status } = toHttpError(err)
      if (status >= 500) req.payload.logger.error({ err, externalId }, 'batch item failed')
      results.push({ externalId, status, errors: errorsOf(err) })
    }
  }
  return results
}
