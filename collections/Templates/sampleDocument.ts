import { randomBytes } from 'node:crypto'

/** A valid block template of `tenant` for suites generated from the config: names are keys, sources handlebars. */
export const sampleTemplate = (tenant: number | string): Record<string, unknown> => ({
  tenant,
  kind: 'block',
  name: `sample-${randomBytes(4).toString('hex')}`,
  source: '<p>{{title}}</p>',
})
