import type { CollectionConfig, Field } from 'payload'
import { ALL_SUBJECTS } from '../../src/access/rules'

const withOptions = (fields: Field[], slugs: string[]): Field[] =>
  fields.map((field) => {
    if (field.type === 'select' && field.name === 'subject') {
      return {
        ...field,
        options: [
          { label: 'every collection', value: ALL_SUBJECTS },
          ...slugs.map((slug) => ({ label: slug, value: slug })),
        ],
      }
    }
    return 'fields' in field ? ({ ...field, fields: withOptions(field.fields, slugs) } as Field) : field
  })

/** The Roles collection with every collection of the platform offered as a rule's subject. */
export function withSubjectOptions(roles: CollectionConfig, slugs: string[]): CollectionConfig {
  return { ...roles, fields: withOptions(roles.fields, slugs) }
}
