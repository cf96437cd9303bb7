/**
 * The portal's default markup: the handlebars files in templates/portal/ (and blocks/ below it),
 * read once, checked like a staff-edited template and compiled at boot, so a bad file stops the
 * boot naming its line, and no page request ever compiles (templateCompileCount stays put).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { LAYOUT_CONTENT_PARTIAL } from '../../collections/Templates/templateParts'
import { PROJECT_ROOT } from '../../src/config/paths'
import { checkTemplate } from '../../src/templates/checkTemplate'
import { compiledTemplate, revisionOf, type TemplateSource } from '../../src/templates/compileCache'
import { describeProblem } from '../../src/templates/templateErrors'

/** Where the portal's default templates live. */
export const PORTAL_TEMPLATE_DIR = path.join(PROJECT_ROOT, 'templates', 'portal')

/** The layout every portal page is placed in. */
export const LAYOUT = 'layout'

/** The portal's templates by name (`layout`, `sign-in`, `blocks/status-summary`, …). */
export type PortalTemplates = ReadonlyMap<string, TemplateSource>

function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : entry.name.endsWith('.hbs')
        ? [`${prefix}${entry.name}`]
        : [],
  )
}

/**
 * Reads, checks and compiles every file under `dir`. Throws at the first file with problems,
 * naming the file and each problem's line: a broken default must never reach a page.
 */
export function loadPortalTemplates(dir: string = PORTAL_TEMPLATE_DIR): PortalTemplates {
  const templates = new Map<string, TemplateSource>()
  for (const file of filesUnder(dir).sort()) {
    const name = file.slice(0, -'.hbs'.length)
    const source = readFileSync(path.join(dir, file), 'utf8')
    const partials = name === LAYOUT ? [LAYOUT_CONTENT_PARTIAL] : []
    const problems = checkTemplate(source, { html: true, partials })
    if (problems.length > 0) {
      throw new Error(
        `The portal template ${path.relative(PROJECT_ROOT, path.join(dir, file))} is not safe to render: ${problems.map(describeProblem).join('; ')}`,
      )
    }
    const template: TemplateSource = { id: `file:portal/${name}`, revision: revisionOf(source), source, partials }
    compiledTemplate(template)
    templates.set(name, template)
  }
  if (!templates.has(LAYOUT)) throw new Error(`The portal has no layout: ${path.join(dir, `${LAYOUT}.hbs`)} is missing`)
  return templates
}

/** Template `name`, which must exist (the names are the portal's own constants). */
export function portalTemplate(templates: PortalTemplates, name: string): TemplateSource {
  const template = templates.get(name)
  if (!template) throw new Error(`There is no portal template "${name}" in templates/portal`)
  return template
}
