/** Atrium's own template files (the portal's pages, the staff sign-in pages): read, checked and compiled at boot. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../config/paths'
import { checkTemplate } from './checkTemplate'
import { compiledTemplate, revisionOf, type TemplateSource } from './compileCache'
import { describeProblem } from './templateErrors'

/**
 * Reads, checks and compiles the template `file` (an absolute path) as `id`; throws naming the
 * file and each problem's line when it is not safe to render.
 */
export function loadTemplateFile(file: string, id: string, partials: readonly string[] = []): TemplateSource {
  const source = readFileSync(file, 'utf8')
  const problems = checkTemplate(source, { html: true, partials })
  if (problems.length > 0) {
    throw new Error(
      `The template ${path.relative(PROJECT_ROOT, file)} is not safe to render: ${problems.map(describeProblem).join('; ')}`,
    )
  }
  const template: TemplateSource = { id, revision: revisionOf(source), source, partials }
  compiledTemplate(template)
  return template
}
