import type { Payload, PayloadRequest } from 'payload'

/** What work inside a transaction passes as `req` to Payload's Local API and database adapter. */
export type TransactionRequest = Partial<PayloadRequest> & Pick<PayloadRequest, 'transactionID'>

/**
 * Runs `work` in one database transaction of its own, outside any request: committed when it
 * resolves, rolled back when it throws. Without transactions (MongoDB on a standalone server)
 * the work runs unguarded.
 */
export async function inTransaction<T>(payload: Payload, work: (req: TransactionRequest) => Promise<T>): Promise<T> {
  const transactionID = (await payload.db.beginTransaction()) ?? undefined
  try {
    const result = await work({ transactionID })
    if (transactionID !== undefined) await payload.db.commitTransaction(transactionID)
    return result
  } catch (error) {
    if (transactionID !== undefined) await payload.db.rollbackTransaction(transactionID)
    throw error
  }
}
