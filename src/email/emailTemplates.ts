/**
 * Email templates: the handlebars files under templates/emails/<name>/ (subject.hbs, html.hbs,
 * text.hbs), compiled once per process and rendered from plain objects the caller builds.
 *
 * Templates run in their own handlebars environment with the built-in block helpers only
 * (`knownHelpersOnly`), in strict mode (a misspelt variable fails the render instead of
 * printing nothing), and `{{ }}` escapes HTML; the subject and text parts are rendered without
 * escaping (they are not HTML) and the subject is made one line (prepareEmail.ts refuses CR/LF).
 */
import Handlebars from 'handlebars'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../config/paths'

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

type Compiled = Record<(typeof PARTS)[number], Handlebars.TemplateDelegate>

const environment = Handlebars.create()
let names: readonly string[] | undefined
const compiled = new Map<string, Compiled>()

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

function compile(name: string): Compiled {
  const cached = compiled.get(name)
  if (cached) return cached
  if (!emailTemplateNames().includes(name)) throw new Error(`There is no email template "${name}"`)
  const part = (file: (typeof PARTS)[number]) =>
    environment.compile(readFileSync(path.join(EMAIL_TEMPLATE_DIR, name, `${file}.hbs`), 'utf8'), {
      strict: true,
      knownHelpersOnly: true,
      // Only HTML is HTML: escaping a subject would show "&amp;" to the reader.
      noEscape: file !== 'html',
    })
  const result: Compiled = { subject: part('subject'), html: part('html'), text: part('text') }
  compiled.set(name, result)
  return result
}

/** Renders template `name` with `context` (plain data only: the templates can call no code). */
export function renderEmailTemplate(name: string, context: Record<string, unknown>): RenderedEmail {
  const template = compile(name)
  const options = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }
  return {
    // A subject is one line whatever the data held (prepareEmail refuses line breaks in headers).
    subject: template.subject(context, options).replace(/\s+/g, ' ').trim(),
    html: template.html(context, options),
    text: template.text(context, options),
  }
}
