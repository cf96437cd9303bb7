import type { Block, CollectionConfig, Config, Field, Plugin } from 'payload'
import { pluginBlocks } from '../../src/plugin/blocks'
import { Slugs } from '../slugs'
import { LAYOUT_FIELD } from '.'

/** Every block's audience: the roles that see it; empty, everyone who sees the page. */
const audienceField: Field = {
  name: 'audience',
  type: 'relationship',
  relationTo: Slugs.roles,
  hasMany: true,
  admin: { description: 'Roles that see this block. Empty: everyone who sees the page.' },
}

const withAudience = (block: Block): Block => ({
  ...block,
  fields: [...block.fields.filter((field) => !('name' in field && field.name === 'audience')), audienceField],
})

/**
 * Fills the Pages layout with the blocks plugins registered (src/plugin/blocks.ts). It runs after
 * every plugin that may add blocks, so an integrator's blocks are offered like Atrium's own.
 */
export const pageBlocksPlugin =
  (): Plugin =>
  (config: Config): Config => {
    const blocks = pluginBlocks(config).map((entry) => withAudience(entry.block))
    const fillLayout = (collection: CollectionConfig): CollectionConfig =>
      collection.slug !== Slugs.pages
        ? collection
        : {
            ...collection,
            fields: collection.fields.map((field) =>
              'name' in field && field.name === LAYOUT_FIELD && field.type === 'blocks' ? { ...field, blocks } : field,
            ),
          }
    return { ...config, collections: (config.collections ?? []).map(fillLayout) }
  }
