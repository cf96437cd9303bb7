/**
 * A page's blocks, rendered one by one: each block's loader reads as the signed-in user, its
 * template (the tenant's stored override, else the shared one, else the block's file) renders the
 * plain data. A block type no longer registered, a loader that throws or a render that fails
 * (TemplateRenderError: too slow, too large, a mistake in an override) gives a friendly block in
 * its place; the rest of the page renders.
 */
import type { Payload } from 'payload'
import type { BlockLoadContext, PortalBlock } from '../../src/plugin/blocks'
import type { TemplateSource } from '../../src/templates/compileCache'
import { renderOverridable } from '../../collections/Templates/templateOverrides'
import { renderTemplate } from '../../src/templates/renderTemplate'
import { portalTemplate, type PortalTemplates, type StoredTemplates } from './portalTemplates'
import { inAudience } from './portalPages'

/** A registered block with its checked, compiled template. */
export interface LoadedBlock {
  block: PortalBlock
  /** The default: the block's file. */
  template: TemplateSource
  /** The name a stored override of kind `block` replaces it by (blockTemplateName). */
  name: string
}

/** A block as stored in a page's layout. */
export type StoredBlock = Record<string, unknown> & { blockType?: unknown; audience?: unknown }

/** What rendering a page's blocks needs besides the blocks. */
export interface RenderBlocksContext {
  /** What every loader gets besides its block's stored config. */
  load: Omit<BlockLoadContext, 'config'>
  blocks: ReadonlyMap<string, LoadedBlock>
  templates: PortalTemplates
  /** The stored templates as of the request (none: the files only). */
  stored?: StoredTemplates
  /** The viewer's roles in the tenant (undefined: staff, who see every block). */
  roles: Set<string> | undefined
}

/** A page template in a block's place (block-error, block-unavailable), overridable like the others. */
function notice(ctx: RenderBlocksContext, name: string, type: string): string {
  return renderOverridable(
    ctx.stored?.overrides,
    { kind: 'layout', name, tenant: ctx.load.tenant.id },
    portalTemplate(ctx.templates, name),
    { type },
    { onFailure: (error) => ctx.stored?.onFailure(error) },
  )
}

async function renderOne(ctx: RenderBlocksContext, stored: StoredBlock): Promise<string> {
  const type = typeof stored.blockType === 'string' ? stored.blockType : ''
  const loaded = ctx.blocks.get(type)
  if (!loaded) return notice(ctx, 'block-unavailable', type)
  try {
    const data = await loaded.block.load({ ...ctx.load, config: stored })
    const partials = loaded.block.markup?.build(data)
    const override = ctx.stored?.overrides.source('block', loaded.name, ctx.load.tenant.id)
    // An override may place the block's markup as its file does (checked on save with the same names).
    const template = override ? { ...override, partials: loaded.template.partials } : loaded.template
    return renderTemplate(template, data, { partials })
  } catch (error) {
    logBlockFailure(ctx.load.payload, type, error)
    return notice(ctx, 'block-error', type)
  }
}

function logBlockFailure(payload: Payload, type: string, error: unknown): void {
  payload.logger.warn({ err: error, blockType: type }, 'A portal block failed and was replaced by an error block')
}

/** The HTML of each block of `layout` that the viewer's roles see, in order. */
export async function renderBlocks(ctx: RenderBlocksContext, layout: readonly StoredBlock[]): Promise<string[]> {
  const visible = layout.filter((stored) => inAudience(stored.audience, ctx.roles))
  return Promise.all(visible.map((stored) => renderOne(ctx, stored)))
}
