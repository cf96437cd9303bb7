/**
 * Email templates: the handlebars files under templates/emails/<name>/ (subject.hbs, html.hbs,
 * text.hbs), rendered from plain objects the caller builds.
 *
 * They go through Atrium's one template path (src/templates): checked like a staff-edited
 * template, compiled once per process and revision in the shared cache, rendered within a budget,
 * in strict mode (a misspelt variable fails the render instead of printing nothing). `{{ }}` escapes
 * HTML in the HTML part only; the subject and text parts are not HTML, and the subject is made one
 * line (prepareEmail.ts refuses CR/LF).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../config/paths'
import { revisionOf, type TemplateSource } from '../templates/compileCache'
import { renderTemplate } from '../templates/renderTemplate'

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

/** Renders template `name` with `context` (plain data only: the templates can call no code). */
export function renderEmailTemplate(name: string, context: Record<string, unknown>): RenderedEmail {
  const template = sourcesOf(name)
  return {
    // A subject is one line whatever the data held (prepareEmail refuses line breaks in headers).
    subject: renderTemplate(template.subject, context).replace(/\s+/g, ' ').trim(),
    html: renderTemplate(template.html, context),
    text: renderTemplate(template.text, context),
  }
}
