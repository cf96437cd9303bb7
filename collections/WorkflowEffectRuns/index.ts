import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'

/**
 * One row per workflow effect carried out (a task made, an event recorded, an email sent), keyed
 * by the request, revision and position of the effect: a job that runs again after its process
 * died finds the key and skips what was done. Staff read it; only Atrium writes it.
 */
export const WorkflowEffectRuns: CollectionConfig = {
  slug: Slugs.workflowEffectRuns,
  admin: { hidden: true },
  fields: [
    // The unique index is what makes an effect happen once, even when two runners race.
    { name: 'key', type: 'text', required: true, unique: true, maxLength: 200 },
    { name: 'kind', type: 'text', required: true },
    { name: 'request', type: 'text', index: true },
  ],
}
