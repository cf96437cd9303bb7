/**
 * Email templates: the handlebars files under templates/emails/<name>/ (subject.hbs, html.hbs,
 * text.hbs), rendered from plain objects the caller builds.
 *
 * They go through Atrium's one template path (src/templates): checked like a staff-edited
 * template, compiled once per process and revision in the shared cache, rendered within a budget,
 * in strict mode (a misspelt variable fails the render instead of printing nothing). `{{ }}` escapes
 * HTML in the HTML part only; the subject and text parts are not HTML, and the subject is made one
 * line (prepareEmail.ts refuses CR/LF).
 *
 * A stored template of kind `email` named like the folder (collection Templates) overrides the
 * files part by part, the recipient tenant's own before the shared one, resolved as the portal
 * resolves its templates (templateOverrides.ts); a part it leaves empty, or one that fails to
 * render, comes from the file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../config/paths'
import { renderOverridable, type TemplateOverrides } from '../../collections/Templates/templateOverrides'
import type { Id } from '../access/ids'
import { revisionOf, type TemplateSource } from '../templates/compileCache'
import type { TemplateRenderError } from '../templates/templateErrors'

/** Where the default email templates live. */
export const EMAIL_TEMPLATE_DIR = path.join(PROJECT_ROOT, 'templates', 'emails')

/** The parts every email template has. */
const PARTS = ['subject', 'html', 'text'] as const

/** A rendered email: what payload.sendEmail needs besides the recipient. */
export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

type Sources = Record<(typeof PARTS)[number], TemplateSource>

let names: readonly string[] | undefined
// The files are read once per process: they change only with a deployment.
const sources = new Map<string, Sources>()

/** The names of the email templates that exist (a folder with all three parts). */
export function emailTemplateNames(): readonly string[] {
  names ??= existsSync(EMAIL_TEMPLATE_DIR)
    ? readdirSync(EMAIL_TEMPLATE_DIR, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .filter((name) => PARTS.every((part) => existsSync(path.join(EMAIL_TEMPLATE_DIR, name, `${part}.hbs`))))
        .sort()
    : []
  return names
}

function sourcesOf(name: string): Sources {
  const cached = sources.get(name)
  if (cached) return cached
  if (!emailTemplateNames().includes(name)) throw new Error(`There is no email template "${name}"`)
  const part = (file: (typeof PARTS)[number]): TemplateSource => {
    const source = readFileSync(path.join(EMAIL_TEMPLATE_DIR, name, `${file}.hbs`), 'utf8')
    return { id: `file:emails/${name}/${file}`, revision: revisionOf(source), source, html: file === 'html' }
  }
  const result: Sources = { subject: part('subject'), html: part('html'), text: part('text') }
  sources.set(name, result)
  return result
}

/** Which stored templates may override the files, for whom. */
export interface EmailOverrides {
  overrides: TemplateOverrides
  /** The tenant the email is about: its own override wins over the shared one. */
  tenant: Id | undefined
  /** Told when an override fails to render (the file's part is sent instead). */
  onFailure: (error: TemplateRenderError) => void
}

/** The stored template's field of each part. */
const FIELDS = { subject: 'subject', html: 'source', text: 'text' } as const

/** Renders template `name` with `context` (plain data only: the templates can call no code). */
export function renderEmailTemplate(
  name: string,
  context: Record<string, unknown>,
  stored?: EmailOverrides,
): RenderedEmail {
  const template = sourcesOf(name)
  const render = (part: (typeof PARTS)[number]) =>
    renderOverridable(
      stored?.overrides,
      { kind: 'email', name, tenant: stored?.tenant, field: FIELDS[part] },
      template[part],
      context,
      { onFailure: (error) => stored?.onFailure(error) },
    )
  return {
    // A subject is one line whatever the data held (prepareEmail refuses line breaks in headers).
    subject: render('subject').replace(/\s+/g, ' ').trim(),
    html: render('html'),
    text: render('text'),
  }
}
