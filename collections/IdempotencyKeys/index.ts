import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'

/**
 * The Idempotency-Key of each POST an integration account made in the last 24 hours, with the
 * response it got, so that a retry replays it instead of writing twice (plugins/integrations/
 * idempotency.ts). Staff-only bookkeeping: responses hold tenant data, so no rule opens it to
 * clients (see STAFF_ONLY_COLLECTIONS).
 */
export const IdempotencyKeys: CollectionConfig = {
  slug: Slugs.idempotencyKeys,
  admin: { hidden: true },
  // One claim per account and key: the unique index is what makes two concurrent requests one effect.
  indexes: [{ fields: ['account', 'key'], unique: true }],
  fields: [
    { name: 'account', type: 'relationship', relationTo: Slugs.integrationAccounts, required: true },
    { name: 'key', type: 'text', required: true, maxLength: 255 },
    {
      // A hash of method, path and body: the same key with another request is the client's mistake.
      name: 'requestHash',
      type: 'text',
      required: true,
    },
    {
      // Empty while the first request still runs; then the status to replay.
      name: 'status',
      type: 'number',
    },
    { name: 'response', type: 'json' },
    { name: 'expiresAt', type: 'date', required: true, index: true },
  ],
}
