/**
 * The portal's markup: the default handlebars files in templates/portal/, and each registered
 * block's file, read once, checked like a staff-edited template and compiled at boot, so a bad
 * file stops the boot naming its line; and the stored templates (collection Templates) that
 * override them per tenant or for all, as of the request (templateOverrides.ts: no database read
 * per page). A page request compiles nothing but an override's first render after it was saved.
 *
 * How overrides are named: kind `layout` with the file's name for the page frame (`layout`, which
 * places the page with `{{> content}}`) and the page templates (`page`, `sign-in`, `error`,
 * `not-found`, `block-error`, `block-unavailable`); kind `block` with the name of the block's
 * template file without `.hbs` (`status-summary` for templates/portal/blocks/status-summary.hbs).
 */
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { LAYOUT_CONTENT_PARTIAL } from '../../collections/Templates/templateParts'
import { PROJECT_ROOT } from '../../src/config/paths'
import type { TemplateSource } from '../../src/templates/compileCache'
import { loadTemplateFile } from '../../src/templates/templateFile'
import type { Payload } from 'payload'
import {
  logOverrideFailure,
  templateOverrides,
  type TemplateOverrides,
} from '../../collections/Templates/templateOverrides'
import type { TemplateRenderError } from '../../src/templates/templateErrors'

export { loadTemplateFile }

/** Where the portal's default templates live. */
export const PORTAL_TEMPLATE_DIR = path.join(PROJECT_ROOT, 'templates', 'portal')

/** The layout every portal page is placed in. */
export const LAYOUT = 'layout'

/** The portal's page templates by name (`layout`, `sign-in`, `page`, …). */
export type PortalTemplates = ReadonlyMap<string, TemplateSource>

// Only the folder's own files: block templates (blocks/) are loaded through the block registry.
const templateFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith('.hbs'))
        .map((entry) => entry.name)
    : []

/**
 * Reads, checks and compiles every file under `dir`. Throws at the first file with problems,
 * naming the file and each problem's line: a broken default must never reach a page.
 */
export function loadPortalTemplates(dir: string = PORTAL_TEMPLATE_DIR): PortalTemplates {
  const templates = new Map<string, TemplateSource>()
  for (const file of templateFiles(dir).sort()) {
    const name = file.slice(0, -'.hbs'.length)
    const partials = name === LAYOUT ? [LAYOUT_CONTENT_PARTIAL] : []
    templates.set(name, loadTemplateFile(path.join(dir, file), `file:portal/${name}`, partials))
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

/** The stored templates a request renders with, and where an override that fails is reported. */
export interface StoredTemplates {
  overrides: TemplateOverrides
  onFailure: (error: TemplateRenderError) => void
}

/** The stored templates as of now (from memory; see templateOverrides.ts). */
export async function storedTemplates(payload: Payload): Promise<StoredTemplates> {
  return {
    overrides: await templateOverrides(payload),
    onFailure: logOverrideFailure(payload),
  }
}
