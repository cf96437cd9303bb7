import type { Field, FieldAccess } from 'payload'
import { emailTemplateNames } from '../../src/email/emailTemplates'

/** The admin's workflow components, as Payload's import map names them (from src/, its base directory). */
export const ADMIN_COMPONENTS = '../collections/WorkflowDefinitions/admin'

/** Set by the save hook only. */
const systemOnly: FieldAccess = () => false

/** The statuses of a version: drafts change freely, published ones are frozen, retired ones start no request. */
export const DEFINITION_STATUSES = ['draft', 'published', 'retired'] as const
/** A version's status. */
export type DefinitionStatus = (typeof DEFINITION_STATUSES)[number]

/** The fields of the WorkflowDefinitions collection. */
export const workflowDefinitionFields: Field[] = [
  {
    type: 'row',
    fields: [
      { name: 'title', type: 'text', required: true, maxLength: 200 },
      {
        name: 'key',
        type: 'text',
        required: true,
        index: true,
        maxLength: 64,
        admin: { description: 'What request types name the workflow by, e.g. purchase-approval.' },
      },
      {
        // Numbered on create: the next after the key's highest.
        name: 'version',
        type: 'number',
        access: { create: systemOnly, update: systemOnly },
        admin: { readOnly: true },
      },
    ],
  },
  { name: 'description', type: 'textarea', maxLength: 2000 },
  {
    name: 'status',
    type: 'select',
    required: true,
    defaultValue: 'draft',
    options: DEFINITION_STATUSES.map((value) => ({ label: value[0]!.toUpperCase() + value.slice(1), value })),
    admin: {
      position: 'sidebar',
      description: 'Publishing freezes this version; new requests use the highest published version of the key.',
    },
  },
  {
    name: 'publishedAt',
    type: 'date',
    access: { create: systemOnly, update: systemOnly },
    admin: { position: 'sidebar', readOnly: true, date: { pickerAppearance: 'dayAndTime' } },
  },
  {
    // The definition itself (initial, cancel, states), checked on every save (src/workflows/validate.ts).
    name: 'definition',
    type: 'json',
    required: true,
    admin: {
      description: 'The states, their transitions, approvers and actions.',
      // A structured editor with a diagram and a test run; it stores the same JSON.
      components: {
        Field: {
          path: `${ADMIN_COMPONENTS}/DefinitionField#DefinitionField`,
          clientProps: { templates: [...emailTemplateNames()] },
        },
      },
    },
  },
]
