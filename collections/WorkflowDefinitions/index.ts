import type { CollectionConfig } from 'payload'
import { Slugs } from '../slugs'
import { workflowDefinitionFields } from './fields'
import { prepareDefinitionSave } from './hooks/prepareDefinitionSave'
import { refuseDeleteInUse } from './hooks/refuseDeleteInUse'
import { simulateEndpoint } from './simulateEndpoint'

/**
 * Workflow definitions: the states a request moves through and who approves it (src/workflows).
 * Shared by all tenants and edited by staff. Versions of one key are separate documents:
 * publishing freezes a version, requests run on the version they started with, and a new
 * version is a new document (the next number is given on create).
 */
export const WorkflowDefinitions: CollectionConfig = {
  slug: Slugs.workflowDefinitions,
  labels: { singular: 'Workflow', plural: 'Workflows' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'key', 'version', 'status', 'updatedAt'],
    group: 'Workflows',
  },
  // Two saves of a new version of one key at once: one gets the number, the other a clear refusal.
  indexes: [{ fields: ['key', 'version'], unique: true }],
  hooks: { beforeChange: [prepareDefinitionSave], beforeDelete: [refuseDeleteInUse] },
  endpoints: [simulateEndpoint],
  fields: workflowDefinitionFields,
}
