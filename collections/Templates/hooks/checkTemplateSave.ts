import type { CollectionBeforeValidateHook, Where } from 'payload'
import { idOf } from '../../../src/access/ids'
import { Errors } from '../../../src/http/errors'
import { blockPartials } from '../../../src/plugin/blocks'
import { checkTemplate } from '../../../src/templates/checkTemplate'
import { describeProblem } from '../../../src/templates/templateErrors'
import { Slugs } from '../../slugs'
import { templateParts, type TemplateKind } from '../templateParts'

/**
 * Refuses (422, every problem with its part and line) a template that is not safe to render, and
 * (409) a second template of the same kind and name for the same tenant or the shared default,
 * which would make the one a page gets a matter of chance. Nothing is stored on refusal: this runs
 * before Payload writes.
 */
export const checkTemplateSave: CollectionBeforeValidateHook = async ({ data, originalDoc, req, operation }) => {
  if (!data) return data
  const merged = { ...(originalDoc as Record<string, unknown> | undefined), ...data }
  const kind = merged.kind as TemplateKind | undefined
  if (!kind || typeof merged.name !== 'string') return data // Payload's required fields say what is missing
  // A block's override may place what its block's code builds (rich text's HTML) as its file does.
  const blockMarkup = kind === 'block' ? blockPartials(req.payload.config, merged.name) : []
  const problems = templateParts(kind).flatMap(({ field, html, partials }) => {
    const source = merged[field]
    if (typeof source !== 'string' || source === '') return []
    return checkTemplate(source, { html, partials: [...partials, ...blockMarkup] }).map(
      (problem) => `${field} ${describeProblem(problem)}`,
    )
  })
  if (problems.length > 0) throw Errors.invalidTemplate(problems)

  const tenant = idOf(merged.tenant)
  const same: Where[] = [
    { kind: { equals: kind } },
    { name: { equals: merged.name } },
    tenant === undefined || tenant === null ? { tenant: { exists: false } } : { tenant: { equals: tenant } },
  ]
  if (operation === 'update' && originalDoc) same.push({ id: { not_equals: (originalDoc as { id: unknown }).id } })
  // Another tenant's template counts even when the user cannot see it: the check is of the data.
  const { totalDocs } = await req.payload.count({ collection: Slugs.templates, where: { and: same }, req })
  if (totalDocs > 0) throw Errors.templateExists(kind, merged.name)
  return data
}
