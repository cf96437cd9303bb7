/**
 * What a stored template is made of, by kind: which of its fields are handlebars, whether each is
 * HTML, and which partials it may include. Read by the save check and by whoever renders them, so
 * both agree.
 */

/** What a template renders. */
export const TEMPLATE_KINDS = ['layout', 'block', 'email'] as const

/** A kind of template. */
export type TemplateKind = (typeof TEMPLATE_KINDS)[number]

/** A handlebars field of a template. */
export interface TemplatePart {
  field: 'source' | 'subject' | 'text'
  html: boolean
  partials: readonly string[]
}

/**
 * The partial a layout places its page's rendered blocks with: `{{> content}}`. Blocks and emails
 * include none: a block's markup comes from its own template, never from one that data names.
 */
export const LAYOUT_CONTENT_PARTIAL = 'content'

/** The handlebars parts of a template of `kind`. */
export function templateParts(kind: TemplateKind): TemplatePart[] {
  switch (kind) {
    case 'layout':
      return [{ field: 'source', html: true, partials: [LAYOUT_CONTENT_PARTIAL] }]
    case 'block':
      return [{ field: 'source', html: true, partials: [] }]
    case 'email':
      // An email's HTML is `source`; its subject and plain text are not HTML.
      return [
        { field: 'subject', html: false, partials: [] },
        { field: 'source', html: true, partials: [] },
        { field: 'text', html: false, partials: [] },
      ]
  }
}
