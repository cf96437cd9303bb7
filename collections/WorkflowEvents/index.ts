import type { CollectionConfig } from 'payload'
import { tenantOwned } from '../../src/access/tenantOwned'
import { Slugs } from '../slugs'
import { sampleWorkflowEvent } from './sampleDocument'

/**
 * The history of requests, append-only: who did what to which request, on behalf of whom, when,
 * with which reason code and comment, and what the engine did on its own (states entered,
 * escalations, timers ignored, migrations). Written only by the workflow service, in the
 * transaction that changes the request; nobody edits or deletes it over the API.
 */
export const WorkflowEvents: CollectionConfig = tenantOwned({
  slug: Slugs.workflowEvents,
  labels: { singular: 'Workflow event', plural: 'Workflow events' },
  admin: {
    useAsTitle: 'action',
    defaultColumns: ['at', 'request', 'action', 'state', 'actor', 'reason'],
    group: 'Workflows',
  },
  custom: { atrium: { writtenBy: 'system', sampleDocument: sampleWorkflowEvent } },
  indexes: [{ fields: ['request', 'at'] }],
  fields: [
    { name: 'request', type: 'relationship', relationTo: Slugs.requests, required: true, index: true },
    {
      // Empty when the system acted (a timer, an escalation).
      name: 'actor',
      type: 'relationship',
      relationTo: Slugs.users,
    },
    { name: 'onBehalfOf', type: 'relationship', relationTo: Slugs.users },
    { name: 'action', type: 'text', required: true },
    { name: 'state', type: 'text', required: true },
    { name: 'reason', type: 'text' },
    { name: 'comment', type: 'textarea' },
    { name: 'at', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'revision', type: 'number', admin: { description: "The request's revision after this event." } },
    { name: 'detail', type: 'json' },
  ],
})
