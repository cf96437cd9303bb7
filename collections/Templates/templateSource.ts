/**
 * Stored templates as the render path takes them: each handlebars part as a TemplateSource keyed
 * by the document and its updatedAt, so the compile cache holds one compiled template per
 * revision. Which template a tenant gets is templateOverrides.ts's to answer.
 */
import type { TemplateSource } from '../../src/templates/compileCache'
import type { Template } from '../../src/payload-types'
import { Slugs } from '../slugs'
import { templateParts, type TemplatePart } from './templateParts'

/** The compile cache's id of a stored template's part. */
export const templateCacheId = (id: unknown, field: string): string => `${Slugs.templates}:${String(id)}:${field}`

/** Part `field` of a stored template, or undefined when the template leaves it empty. */
export function storedTemplateSource(
  doc: Template,
  field: TemplatePart['field'] = 'source',
): TemplateSource | undefined {
  const part = templateParts(doc.kind).find((candidate) => candidate.field === field)
  const source = doc[field]
  if (!part || typeof source !== 'string' || source === '') return undefined
  return {
    id: templateCacheId(doc.id, field),
    revision: doc.updatedAt,
    source,
    html: part.html,
    partials: part.partials,
  }
}
