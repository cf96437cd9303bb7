import type { Payload } from 'payload'
import { defineBlock, type PortalBlock } from '../../../src/plugin/blocks'
import { revisionOf } from '../../../src/templates/compileCache'
import { loadPortalTemplates } from '../../../plugins/portal/portalTemplates'
import { renderBlocks, type LoadedBlock, type RenderBlocksContext } from '../../../plugins/portal/renderBlocks'

const template = (id: string, source: string) => ({ id: `test:${id}`, revision: revisionOf(source), source })
const loaded = (block: PortalBlock, source: string): LoadedBlock => ({
  block,
  template: template(block.slug, source),
  name: block.slug,
})
const block = (slug: string, load: PortalBlock['load']) =>
  defineBlock({ slug, block: { slug, fields: [] }, template: 'unused.hbs', load })

describe('rendering a page’s blocks', () => {
  const warnings: unknown[] = []
  const ctx: RenderBlocksContext = {
    load: {
      payload: { logger: { warn: (entry: unknown) => warnings.push(entry) } } as unknown as Payload,
      user: { id: 1, collection: 'users' } as never,
      req: {} as never,
      tenant: { id: 1, slug: 'a', name: 'A', locale: 'en', timeZone: 'UTC' },
      base: '/t/a',
      csrf: 'token',
      pagePath: '/t/a/',
      query: {},
    },
    templates: loadPortalTemplates(),
    roles: new Set(['7']),
    blocks: new Map([
      [
        'hello',
        loaded(
          block('hello', () => ({ name: '<b>you</b>' })),
          '<p class="hello">Hello {{name}}</p>',
        ),
      ],
      [
        'throws',
        loaded(
          block('throws', () => {
            throw new Error('database down')
          }),
          '<p>never</p>',
        ),
      ],
      [
        'loops',
        loaded(
          block('loops', () => ({ rows: Array.from({ length: 20_000 }, (_, i) => i) })),
          '{{#each rows}}<i>{{this}}</i>{{/each}}',
        ),
      ],
    ]),
  }

  it('replaces an unknown block, a failing loader and a failing render, rendering the rest', async () => {
    const html = await renderBlocks(ctx, [
      { blockType: 'hello' },
      { blockType: 'gone' },
      { blockType: 'throws' },
      { blockType: 'loops' },
      { blockType: 'hello' },
    ])
    expect(html).toHaveLength(5)
    expect(html[0]).toContain('Hello &lt;b&gt;you&lt;/b&gt;')
    expect(html[1]).toContain('This block is not available.')
    expect(html[2]).toContain('could not be shown just now')
    expect(html[3]).toContain('could not be shown just now')
    expect(html[4]).toContain('Hello')
    expect(warnings).toHaveLength(2)
  })

  it('leaves out blocks whose audience the viewer’s roles miss', async () => {
    const html = await renderBlocks(ctx, [
      { blockType: 'hello', audience: [8] },
      { blockType: 'hello', audience: [7, 8] },
      { blockType: 'hello', audience: [] },
    ])
    expect(html).toHaveLength(2)
  })
})
