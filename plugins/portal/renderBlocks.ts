/**
 * A page's blocks, rendered one by one: each block's loader reads as the signed-in user, its
 * template renders the plain data. A block type no longer registered, a loader that throws or a
 * render that fails (TemplateRenderError: too slow, too large, a mistake in the template) gives a
 * friendly block in its place; the rest of the page renders.
 */
import type { Payload } from 'payload'
import type { BlockLoadContext, PortalBlock } from '../../src/plugin/blocks'
import type { TemplateSource } from '../../src/templates/compileCache'
import { renderTemplate } from '../../src/templates/renderTemplate'
import { portalTemplate, type PortalTemplates } from './portalTemplates'
import { inAudience } from './portalPages'

/** A registered block with its checked, compiled template. */
export interface LoadedBlock {
  block: PortalBlock
  template: TemplateSource
}

/** A block as stored in a page's layout. */
export type StoredBlock = Record<string, unknown> & { blockType?: unknown; audience?: unknown }

/** What rendering a page's blocks needs besides the blocks. */
export interface RenderBlocksContext {
  /** What every loader gets besides its block's stored config. */
  load: Omit<BlockLoadContext, 'config'>
  blocks: ReadonlyMap<string, LoadedBlock>
  templates: PortalTemplates
  /** The viewer's roles in the tenant (undefined: staff, who see every block). */
  roles: Set<string> | undefined
}

async function renderOne(ctx: RenderBlocksContext, stored: StoredBlock): Promise<string> {
  const type = typeof stored.blockType === 'string' ? stored.blockType : ''
  const loaded = ctx.blocks.get(type)
  if (!loaded) return renderTemplate(portalTemplate(ctx.templates, 'block-unavailable'), { type })
  try {
    const data = await loaded.block.load({ ...ctx.load, config: stored })
    const partials = loaded.block.markup?.build(data)
    return renderTemplate(loaded.template, data, { partials })
  } catch (error) {
    logBlockFailure(ctx.load.payload, type, error)
    return renderTemplate(portalTemplate(ctx.templates, 'block-error'), { type })
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
