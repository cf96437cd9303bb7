import { convertLexicalToHTML, defaultHTMLConverters, type HTMLConverters } from '@payloadcms/richtext-lexical/html'
import type { SerializedEditorState } from 'lexical'
import { defineBlock } from '../../../src/plugin/blocks'
import { safeUrl } from '../../../src/templates/helpers'

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

interface LinkArgs {
  node: { children: unknown[]; fields: { url?: string; newTab?: boolean; linkType?: string } }
  nodesToHTML: (args: { nodes: unknown[] }) => string[]
}

/** A link or autolink: its URL through `safeUrl`; internal links (to documents) are not portal addresses. */
function link({ node, nodesToHTML }: LinkArgs): string {
  const { url, newTab, linkType } = node.fields
  const href = linkType === 'internal' ? '#' : safeUrl(url ?? '')
  const target = newTab ? ' rel="noopener noreferrer" target="_blank"' : ''
  return `<a href="${escapeAttribute(href)}"${target}>${nodesToHTML({ nodes: node.children }).join('')}</a>`
}

/**
 * Lexical's converters with two changes for the portal: links pass through `safeUrl` (the same
 * rule as every template's href), and no converter writes a style attribute, which the portal's
 * CSP would refuse anyway (underline and strike-through become <u> and <s>).
 */
const converters: HTMLConverters = {
  ...defaultHTMLConverters,
  link: link as unknown as HTMLConverters['link'],
  autolink: link as unknown as HTMLConverters['autolink'],
}

/** The HTML of stored rich text; text is escaped by the converters, styles are dropped. */
export function richTextHtml(value: unknown): string {
  if (!value || typeof value !== 'object' || !('root' in value)) return ''
  const html = convertLexicalToHTML({
    data: value as SerializedEditorState,
    converters,
    disableContainer: true,
    disableIndent: true,
    disableTextAlign: true,
  })
  // Attribute values are escaped by the converters, so a quoted style attribute ends at its quote.
  return html
    .replace(/<span style="text-decoration: line-through;">(.*?)<\/span>/g, '<s>$1</s>')
    .replace(/<span style="text-decoration: underline;">(.*?)<\/span>/g, '<u>$1</u>')
    .replace(/\sstyle="[^"]*"/g, '')
}

/** Text staff write in the admin's rich text editor: headings, lists, links. */
export const richTextBlock = defineBlock({
  slug: 'richText',
  block: {
    slug: 'richText',
    labels: { singular: 'Rich text', plural: 'Rich text' },
    fields: [{ name: 'content', type: 'richText' }],
  },
  template: 'templates/portal/blocks/rich-text.hbs',
  load: ({ config }) => ({ html: richTextHtml(config.content) }),
  markup: { names: ['richText'], build: (data) => ({ richText: data.html }) },
})
