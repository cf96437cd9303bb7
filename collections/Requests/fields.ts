import type { Field } from 'payload'
import { Slugs } from '../slugs'

const readOnly = { readOnly: true } as const

/** The fields of the Requests collection: the request, and its place in the workflow (src/workflows/types.ts Instance). */
export const requestFields: Field[] = [
  { name: 'title', type: 'text', required: true, maxLength: 500, admin: readOnly },
  {
    type: 'row',
    fields: [
      { name: 'requestType', type: 'relationship', relationTo: Slugs.requestTypes, required: true, admin: readOnly },
      {
        // The exact version it runs on: republishing the workflow does not move running requests.
        name: 'workflow',
        type: 'relationship',
        relationTo: Slugs.workflowDefinitions,
        required: true,
        admin: readOnly,
      },
    ],
  },
  {
    type: 'row',
    fields: [
      { name: 'state', type: 'text', required: true, index: true, admin: readOnly },
      {
        name: 'outcome',
        type: 'select',
        options: ['approved', 'rejected', 'cancelled', 'done'],
        admin: { ...readOnly, description: 'Set when the request reaches a final state.' },
      },
    ],
  },
  { name: 'data', type: 'json', required: true, admin: readOnly },
  {
    // The records the request is about (its form's reference fields), e.g. the order to change.
    name: 'records',
    type: 'relationship',
    relationTo: Slugs.records,
    hasMany: true,
    admin: readOnly,
  },
  { name: 'requester', type: 'relationship', relationTo: Slugs.users, required: true, index: true, admin: readOnly },
  {
    // Who must act on the current approval step; "my pending approvals" reads it.
    name: 'assignees',
    type: 'relationship',
    relationTo: Slugs.users,
    hasMany: true,
    index: true,
    admin: readOnly,
  },
  { name: 'approvals', type: 'json', admin: { ...readOnly, description: "The current step's approvals." } },
  {
    type: 'row',
    fields: [
      {
        // Bumped on every change: the service writes with compare-and-set on it.
        name: 'revision',
        type: 'number',
        required: true,
        admin: readOnly,
      },
      {
        // Bumped on every state entered: an SLA timer carries the epoch that armed it.
        name: 'stepEpoch',
        type: 'number',
        required: true,
        admin: readOnly,
      },
    ],
  },
  {
    type: 'row',
    fields: [
      { name: 'dueAt', type: 'date', admin: { ...readOnly, description: "When the current step's SLA is due." } },
      {
        name: 'promisedBy',
        type: 'date',
        admin: { ...readOnly, description: 'When the answer was promised to the client.' },
      },
      { name: 'submittedAt', type: 'date', admin: readOnly },
      { name: 'closedAt', type: 'date', admin: readOnly },
    ],
  },
]
