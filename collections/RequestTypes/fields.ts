import type { Field } from 'payload'
import { DEFINITION_LIMITS } from '../../src/records/typeDefinition'
import { dataFieldsField } from '../RecordTypes/fields'

/** The fields of the RequestTypes collection. */
export const requestTypeFields: Field[] = [
  {
    type: 'row',
    fields: [
      {
        name: 'key',
        type: 'text',
        required: true,
        unique: true,
        index: true,
        maxLength: 40,
        admin: { description: 'What the API names the type by, e.g. purchase.' },
      },
      { name: 'singularLabel', type: 'text', label: 'Name', required: true, maxLength: DEFINITION_LIMITS.label },
      { name: 'pluralLabel', type: 'text', label: 'Plural name', required: true, maxLength: DEFINITION_LIMITS.label },
    ],
  },
  { name: 'description', type: 'textarea', maxLength: 2000, admin: { description: 'Shown above the form.' } },
  dataFieldsField({ recordFlags: false }),
  {
    type: 'row',
    fields: [
      {
        name: 'titleField',
        type: 'text',
        required: true,
        maxLength: 40,
        admin: { description: 'The key of the required text field that titles each request.' },
      },
      {
        name: 'workflow',
        type: 'text',
        required: true,
        maxLength: 64,
        admin: { description: 'The key of the workflow its requests run (its highest published version).' },
      },
      {
        name: 'promisedWithin',
        type: 'text',
        maxLength: 20,
        admin: { description: 'The answer time promised to the client, e.g. P3D (3 days) or PT8H.' },
      },
    ],
  },
  {
    name: 'active',
    type: 'checkbox',
    defaultValue: true,
    admin: { position: 'sidebar', description: 'Only active types can be submitted.' },
  },
]
