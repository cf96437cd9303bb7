import type { CollectionAfterChangeHook } from 'payload'
import { clearSecondFactor } from '../../../src/auth/secondFactor/secondFactor'

/**
 * A person who lost their authenticator and their recovery codes asks an administrator, who ticks
 * "Reset second factor" on them (whoever may update that user under their rules): the authenticator,
 * its recovery codes and every session that proved it are gone, and the person sets up a new one at
 * their next sign-in. In the update's transaction, and in the sign-in log.
 */
export const resetSecondFactor: CollectionAfterChangeHook = async ({ data, doc, operation, req }) => {
  if (operation !== 'update' || (data as { resetSecondFactor?: unknown }).resetSecondFactor !== true) return doc
  await clearSecondFactor(req.payload, doc as { id: number; email?: string }, req)
  return doc
}
