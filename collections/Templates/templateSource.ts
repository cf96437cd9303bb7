/**
 * Stored templates as the render path takes them: the one a tenant sees for a kind and name (its
 * own override, else the shared default), and each handlebars part as a TemplateSource keyed by
 * the document and its updatedAt, so the compile cache holds one compiled template per revision.
 */
import type { Payload } from 'payload'
import type { Id } from '../../src/access/ids'
import type { TemplateSource } from '../../src/templates/compileCache'
import type { Template } from '../../src/payload-types'
import { Slugs } from '../slugs'
import { templateParts, type TemplateKind, type TemplatePart } from './templateParts'

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

/**
 * The template of `kind` and `name` that `tenant` gets: its own when it has one, otherwise the
 * shared default; undefined when neither exists (the caller falls back to the file in templates/).
 * Read as the system: which template a page uses is configuration, not the signed-in user's data.
 */
export async function findTemplate(
  payload: Payload,
  kind: TemplateKind,
  name: string,
  tenant?: Id,
): Promise<Template | undefined> {
  const { docs } = await payload.find({
    collection: Slugs.templates,
    where: {
      and: [
        { kind: { equals: kind } },
        { name: { equals: name } },
        tenant === undefined
          ? { tenant: { exists: false } }
          : { or: [{ tenant: { equals: tenant } }, { tenant: { exists: false } }] },
      ],
    },
    depth: 0,
    limit: 2,
    pagination: false,
  })
  const templates = docs as Template[]
  return templates.find((doc) => doc.tenant !== null && doc.tenant !== undefined) ?? templates[0]
}
