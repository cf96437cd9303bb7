import type { Config, Field } from 'payload'
import { MONACO_VS_URL } from '../../src/admin/monacoAssets'
import { monacoPlugin } from '../../src/admin/monacoPlugin'

const monacoField = (name: string) => ({
  path: `/admin/MonacoFields#${name}`,
  clientProps: { vsPath: MONACO_VS_URL },
})
const componentOf = (field: Field | undefined) =>
  (field as { admin?: { components?: { Field?: unknown } } })?.admin?.components?.Field

describe('the Monaco plugin', () => {
  const own = { path: '/elsewhere#OwnEditor' }
  const config = monacoPlugin()({
    collections: [
      {
        slug: 'things',
        fields: [
          { name: 'detail', type: 'json', admin: { description: 'kept' } },
          { name: 'script', type: 'code' },
          { name: 'definition', type: 'json', admin: { components: { Field: own } } },
          { name: 'title', type: 'text' },
          { name: 'group', type: 'group', fields: [{ name: 'inner', type: 'json' }] },
          { name: 'rows', type: 'array', fields: [{ name: 'cell', type: 'json' }] },
          { type: 'tabs', tabs: [{ label: 'One', fields: [{ name: 'tabbed', type: 'json' }] }] },
          { name: 'blocks', type: 'blocks', blocks: [{ slug: 'b', fields: [{ name: 'blocked', type: 'json' }] }] },
        ],
      },
    ],
    globals: [{ slug: 'settings', fields: [{ name: 'options', type: 'json' }] }],
  } as Config) as Config
  const fields = config.collections![0]!.fields as Field[]
  const named = (name: string) => fields.find((field) => 'name' in field && field.name === name)

  it("gives json and code fields Payload's own field behind the Monaco loader, keeping their admin options", () => {
    expect(componentOf(named('detail'))).toEqual(monacoField('MonacoJsonField'))
    expect(named('detail')).toMatchObject({ admin: { description: 'kept' } })
    expect(componentOf(named('script'))).toEqual(monacoField('MonacoCodeField'))
  })

  it('leaves a field that brings its own input, and other kinds of fields, alone', () => {
    expect(componentOf(named('definition'))).toBe(own)
    expect(componentOf(named('title'))).toBeUndefined()
  })

  it('reaches json fields in groups, arrays, tabs, blocks and globals', () => {
    const group = named('group') as { fields: Field[] }
    const rows = named('rows') as { fields: Field[] }
    const tabs = fields.find((field) => field.type === 'tabs') as { tabs: { fields: Field[] }[] }
    const blocks = named('blocks') as { blocks: { fields: Field[] }[] }
    for (const field of [group.fields[0], rows.fields[0], tabs.tabs[0]!.fields[0], blocks.blocks[0]!.fields[0]]) {
      expect(componentOf(field)).toEqual(monacoField('MonacoJsonField'))
    }
    expect(componentOf(config.globals![0]!.fields[0])).toEqual(monacoField('MonacoJsonField'))
  })
})
