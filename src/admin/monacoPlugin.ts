import type { Config, Field, Plugin } from 'payload'
import { MONACO_VS_URL } from './monacoAssets'

const COMPONENTS = '/admin/MonacoFields'
const FIELD_COMPONENT = { json: 'MonacoJsonField', code: 'MonacoCodeField' } as const

// Nested fields are walked through; json and code fields without an input of their own get ours.
function withMonacoFields(fields: Field[]): Field[] {
  return fields.map((field): Field => {
    if (field.type === 'json' || field.type === 'code') {
      if (field.admin?.components?.Field) return field
      const Field = { path: `${COMPONENTS}#${FIELD_COMPONENT[field.type]}`, clientProps: { vsPath: MONACO_VS_URL } }
      return { ...field, admin: { ...field.admin, components: { ...field.admin?.components, Field } } } as Field
    }
    if (field.type === 'tabs')
      return { ...field, tabs: field.tabs.map((tab) => ({ ...tab, fields: withMonacoFields(tab.fields) })) }
    if (field.type === 'blocks') {
      return { ...field, blocks: field.blocks.map((block) => ({ ...block, fields: withMonacoFields(block.fields) })) }
    }
    if ('fields' in field) return { ...field, fields: withMonacoFields(field.fields) } as Field
    return field
  })
}

/**
 * A plugin, applied after all others, that makes every json and code field of the admin UI load
 * Monaco from Atrium itself rather than from a CDN (see MonacoFields.tsx).
 */
export function monacoPlugin(): Plugin {
  return (config: Config): Config => ({
    ...config,
    collections: (config.collections ?? []).map((collection) => ({
      ...collection,
      fields: withMonacoFields(collection.fields),
    })),
    globals: (config.globals ?? []).map((global) => ({ ...global, fields: withMonacoFields(global.fields) })),
  })
}
