/**
 * The typed extension point through which Atrium's portal and integrators add page blocks. A
 * block is three parts: its Payload Block config (the fields staff fill in a page's layout), a
 * handlebars template file, and a loader that builds the plain data the template renders, reading
 * as the signed-in user through the one access path (Local API with `overrideAccess: false` and
 * the user, or the workflow service), never as the system.
 */
import path from 'node:path'
import type { Block, Config, Payload, PayloadRequest, SanitizedConfig } from 'payload'
import type { Id } from '../access/ids'
import type { User } from '../payload-types'

/** What a block's loader gets. */
export interface BlockLoadContext {
  payload: Payload
  /** The signed-in person; read on their behalf only. */
  user: User & { collection: 'users' }
  /**
   * The page's request as Payload sees it, signed in as `user`: pass it to Local API calls (`req`)
   * and fast read paths (src/access/rowsForUser.ts), so that the person's access is worked out
   * once per page rather than once per call.
   */
  req: PayloadRequest
  tenant: { id: Id; slug: string; name: string; locale: string; timeZone: string }
  /** The path the tenant's portal lives under ('/t/<slug>' or '' on a custom domain), for links. */
  base: string
  /** The block as stored in the page's layout (its fields, `blockType`, `id`). */
  config: Record<string, unknown>
  /** The form token the block's forms carry (hidden input named `csrf`). */
  csrf: string
  /** The page path, for forms that come back to it. */
  pagePath: string
  /**
   * The page address's query parameters as express parsed them (text, lists or objects: check
   * them): what a visitor asked a block for, e.g. a list's search. A block namespaces its own.
   */
  query: Readonly<Record<string, unknown>>
  /** A form of this page that was posted and refused: shown again with what was typed and why. */
  posted?: PostedForm
}

/** A refused form post, for the block that shows the form to render it again. */
export interface PostedForm {
  /** the id of the block (in the page's layout) whose form it was */
  block: string
  /** the posted inputs by name, as typed */
  values: Readonly<Record<string, string>>
  /** the problem of each input, by its field key; `_data` for the form as a whole */
  errors: Readonly<Record<string, string>>
}

/** A page block: Payload config, template, loader. */
export interface PortalBlock<Data = unknown> {
  /** The block type stored in pages, e.g. 'richText'; the same as `block.slug`. */
  slug: string
  /** The fields staff fill in. Atrium adds an `audience` field (roles) to every block. */
  block: Block
  /** The template file, absolute or relative to the project root (checked and compiled at boot). */
  template: string
  /** The plain data the template renders (objects, arrays, strings, numbers, booleans). */
  load: (ctx: BlockLoadContext) => Data | Promise<Data>
  /**
   * Markup built by code, not by a template, that the template places with `{{> name}}`: rich
   * text's HTML from Lexical's converter. `names` are the partials the template may include.
   */
  // Method syntax on purpose: a block of any Data then registers where PortalBlock (of unknown) is asked for.
  markup?: { names: readonly string[]; build(data: Data): Record<string, string> }
}

/**
 * The name a stored template of kind `block` overrides `block`'s template by: its file's name
 * without `.hbs` (`status-summary` for templates/portal/blocks/status-summary.hbs).
 */
export const blockTemplateName = (block: Pick<PortalBlock, 'template'>): string => path.basename(block.template, '.hbs')

/** The partials a template named `name` of kind `block` may include: its block's markup (rich text's HTML). */
export const blockPartials = (config: Config | SanitizedConfig, name: string): readonly string[] =>
  pluginBlocks(config).find((block) => blockTemplateName(block) === name)?.markup?.names ?? []

/** Types a block definition (returns its argument; the point is the editor's help). */
export const defineBlock = <Data>(block: PortalBlock<Data>): PortalBlock<Data> => block

interface AtriumCustom {
  blocks?: PortalBlock[]
}

const customOf = (config: Config | SanitizedConfig) => ((config.custom ?? {}) as { atrium?: AtriumCustom }).atrium ?? {}

/** A config with `blocks` added to the ones plugins registered before (use inside a Payload plugin). */
export function addBlocks(config: Config, ...blocks: PortalBlock[]): Config {
  const custom = (config.custom ?? {}) as { atrium?: AtriumCustom }
  return {
    ...config,
    custom: { ...custom, atrium: { ...custom.atrium, blocks: [...(custom.atrium?.blocks ?? []), ...blocks] } },
  }
}

/** The blocks plugins registered, in order. Throws at boot on a slug used twice or not matching its config. */
export function pluginBlocks(config: Config | SanitizedConfig): PortalBlock[] {
  const blocks = customOf(config).blocks ?? []
  const seen = new Set<string>()
  for (const block of blocks) {
    if (block.slug !== block.block.slug || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(block.slug)) {
      throw new Error(
        `The page block "${block.slug}" must be a camelCase slug equal to its Payload block's slug ("${block.block.slug}")`,
      )
    }
    if (seen.has(block.slug)) throw new Error(`Two page blocks are registered as "${block.slug}"`)
    seen.add(block.slug)
  }
  return blocks
}
