import type { Config } from 'payload'
import { addBlocks, defineBlock, pluginBlocks } from '../../src/plugin/blocks'

const block = (slug: string, configSlug = slug) =>
  defineBlock({ slug, block: { slug: configSlug, fields: [] }, template: 'x.hbs', load: () => ({}) })

describe('page block registry', () => {
  it('keeps the blocks and routes of earlier plugins when a later one adds its own', () => {
    const config = addBlocks(
      addBlocks({ custom: { atrium: { routes: [] }, other: 1 } } as unknown as Config, block('a')),
      block('b'),
    )
    expect(pluginBlocks(config).map((b) => b.slug)).toEqual(['a', 'b'])
    expect(config.custom).toMatchObject({ other: 1, atrium: { routes: [] } })
  })

  it('refuses to boot with a slug registered twice or not matching its Payload block', () => {
    expect(() => pluginBlocks(addBlocks({} as Config, block('a'), block('a')))).toThrow(/registered as "a"/)
    expect(() => pluginBlocks(addBlocks({} as Config, block('a', 'b')))).toThrow(/equal to its Payload block/)
    expect(() => pluginBlocks(addBlocks({} as Config, block('bad-slug')))).toThrow(/camelCase/)
  })
})
