import { randomBytes } from 'node:crypto'

/** A valid draft page of `tenant` for suites generated from the config. */
export const samplePage = (tenant: number | string): Record<string, unknown> => ({
  tenant,
  title: 'Sample page',
  slug: `sample-${randomBytes(4).toString('hex')}`,
  status: 'draft',
  layout: [],
})
