import type { Payload } from 'payload'
import { Slugs } from '../slugs'

const SAMPLE_TYPE = 'sample_record'

/**
 * A minimal valid record for `tenant`, for suites generated from the config (tenant isolation):
 * a record needs a type, so one is created the first time.
 */
export async function sampleRecord(tenant: number | string, payload: Payload): Promise<Record<string, unknown>> {
  const { docs } = await payload.find({
    collection: Slugs.recordTypes,
    where: { key: { equals: SAMPLE_TYPE } },
    limit: 1,
    depth: 0,
  })
  const type =
    docs[0] ??
    (await payload.create({
      collection: Slugs.recordTypes,
      data: {
        key: SAMPLE_TYPE,
        singularLabel: 'Sample',
        pluralLabel: 'Samples',
        titleField: 'title',
        fields: [{ key: 'title', label: 'Title', kind: 'text', required: true }],
      },
    }))
  return { tenant, type: type.id, data: { title: 'Sample record' } }
}
