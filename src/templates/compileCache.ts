/**
 * Compiled templates, kept per template and revision: a template compiles once per revision per
 * process, on its first render, and never again until it changes. The revision is part of what a
 * caller passes (a document's updatedAt, or a hash of a file's source), so an edit made on another
 * process is seen at the next render without any message between processes; `invalidateTemplate`
 * frees a changed or deleted template at once on this one. The cache is bounded (least recently
 * used out first), since tenants' overrides could otherwise grow it without end.
 */
import type { TemplateDelegate } from 'handlebars'
import { createHash } from 'node:crypto'
import { checkTemplate, type CheckOptions } from './checkTemplate'
import { compileOptions, templateEnvironment } from './environment'
import { describeProblem, TemplateRenderError } from './templateErrors'

/** A template as the cache and render see it. */
export interface TemplateSource {
  /** Stable identity, e.g. `templates:12` or `file:emails/request-approved/html`. */
  id: string
  /** Changes whenever the source does: updatedAt, or {@link revisionOf} the source. */
  revision: string
  source: string
  /** Whether the output is HTML and `{{ }}` escapes. @default true */
  html?: boolean
  /** Partial names the template may include (CheckOptions.partials). */
  partials?: readonly string[]
}

/** How many compiled templates are kept. */
export const TEMPLATE_CACHE_SIZE = 500

interface Entry {
  revision: string
  render: TemplateDelegate
}

const entries = new Map<string, Entry>()
let compiles = 0

/** A revision for a source that has no updatedAt (a file): a short hash of it. */
export const revisionOf = (source: string): string =>
  createHash('sha256').update(source).digest('base64url').slice(0, 16)

/** The compiled template, from the cache or compiled now (checked first: only safe sources compile). */
export function compiledTemplate(template: TemplateSource): TemplateDelegate {
  const entry = entries.get(template.id)
  if (entry && entry.revision === template.revision) {
    // Most recently used last: Map keeps insertion order, so the oldest is the first key.
    entries.delete(template.id)
    entries.set(template.id, entry)
    return entry.render
  }
  const html = template.html ?? true
  const options: CheckOptions = { html, partials: template.partials ?? [] }
  const problems = checkTemplate(template.source, options)
  if (problems.length > 0) {
    throw new TemplateRenderError(template.id, 'invalid_template', problems.map(describeProblem).join('; '))
  }
  compiles += 1
  // Handlebars' own compile() defers the work to the first render, which would spend it inside
  // that render's time budget: precompiling and loading the result does it now, the same way.
  const spec = templateEnvironment.precompile(template.source, compileOptions(html))
  // The spec is the JavaScript handlebars generated from a checked source: loading it is what compile() does.
  const render = templateEnvironment.template(
    new Function(`return ${spec}`)() as Parameters<typeof templateEnvironment.template>[0],
  )
  entries.delete(template.id)
  entries.set(template.id, { revision: template.revision, render })
  while (entries.size > TEMPLATE_CACHE_SIZE) entries.delete(entries.keys().next().value!)
  return render
}

/** Forgets template `id` (call when it changes or is deleted). */
export function invalidateTemplate(id: string): void {
  entries.delete(id)
}

/** How many compiles this process has done: the request path should add none after warm-up. */
export const templateCompileCount = (): number => compiles

/** How many compiled templates are kept now. */
export const cachedTemplateCount = (): number => entries.size
