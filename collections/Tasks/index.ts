import type { CollectionConfig } from 'payload'
import { tenantOwned } from '../../src/access/tenantOwned'
import { Slugs } from '../slugs'
import { publishTaskAssigned } from './publishTaskAssigned'

/** What a task can be. */
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const

/**
 * Tasks: things someone must do, made by a workflow's createTask action (linked to the request)
 * or by hand. Tenant-owned; who may see and close them is up to the rules (an assignee closing
 * their own task is a rule on `status` with `assignee = ${user.id}`).
 */
export const Tasks: CollectionConfig = tenantOwned({
  slug: Slugs.tasks,
  labels: { singular: 'Task', plural: 'Tasks' },
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'assignee', 'due', 'status', 'tenant'], group: 'Workflows' },
  indexes: [{ fields: ['assignee', 'status'] }],
  hooks: { afterChange: [publishTaskAssigned] },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    { name: 'assignee', type: 'relationship', relationTo: Slugs.users, index: true },
    { name: 'due', type: 'date' },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'open',
      options: TASK_STATUSES.map((value) => ({ label: value[0]!.toUpperCase() + value.slice(1), value })),
    },
    { name: 'request', type: 'relationship', relationTo: Slugs.requests, index: true },
    { name: 'notes', type: 'textarea', maxLength: 5000 },
  ],
})
