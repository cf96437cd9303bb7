/**
 * A destructive edit of a record type holding N records (over 10 tenants), on PostgreSQL or SQLite,
 * with jobs run the way `npm start` runs them (RUN_JOBS: Payload's cron, every 5 s):
 * - the refusal (409) with its counts, which reads every record of the type once;
 * - the confirmed save (it counts again, records the migration and queues its job);
 * - the migration: from the save until its job picked it up, and until it is done, in records/s.
 *
 *   node --conditions=production --import tsx bench/typeMigration.ts [postgres|sqlite] [N=20000]
 */
import { performance } from 'node:perf_hooks'
import type { Payload } from 'payload'
import { Slugs } from '../collections/slugs'
import { preparePayloadProcess } from '../src/config/settings'
import { inTransaction } from '../src/db/inTransaction'
import { openScratchPayload } from './scratchPayload'

const KIND = process.argv[2] === 'sqlite' ? 'sqlite' : 'postgres'
const N = Number(process.argv[3] ?? 20_000)
const SIZES = ['small', 'medium', 'large']

const fields = [
  { key: 'ref', label: 'Reference', kind: 'text', required: true, unique: true, filterable: true, sortable: true },
  {
    key: 'size',
    label: 'Size',
    kind: 'choice',
    filterable: true,
    choices: SIZES.map((value) => ({ value, label: value })),
  },
  { key: 'weight', label: 'Weight', kind: 'number', filterable: true, sortable: true },
  { key: 'notes', label: 'Notes', kind: 'long_text' },
] as const
const edited = fields
  .filter((field) => field.key !== 'notes')
  .map((field) => (field.key === 'size' ? { ...field, choices: field.choices.slice(0, 2) } : field))

const seconds = (since: number) => (performance.now() - since) / 1000

async function insertRecords(payload: Payload, type: number, tenants: number[]): Promise<void> {
  for (let from = 0; from < N; from += 500) {
    await inTransaction(payload, async (req) => {
      for (let i = from; i < Math.min(N, from + 500); i++) {
        const data = { ref: `P-${i}`, size: SIZES[i % 3]!, weight: i % 97, ...(i % 2 ? { notes: `note ${i}` } : {}) }
        await payload.create({
          collection: Slugs.records,
          data: { tenant: tenants[i % tenants.length]!, type, data, source: 'bench' },
          depth: 0,
          select: { title: true },
          req,
        })
      }
    })
  }
}

preparePayloadProcess()
const { payload, close } = await openScratchPayload(KIND, { runJobs: true })
try {
  const tenants: number[] = []
  for (let i = 0; i < 10; i++) {
    const slug = `bench-${i}`
    const tenant = await payload.create({
      collection: Slugs.tenants,
      data: { name: slug, slug, status: 'active', locale: 'en', timezone: 'UTC' },
    })
    tenants.push(tenant.id)
  }
  const type = await payload.create({
    collection: Slugs.recordTypes,
    data: { key: 'parcel', singularLabel: 'Parcel', pluralLabel: 'Parcels', titleField: 'ref', fields: [...fields] },
  })
  let started = performance.now()
  await insertRecords(payload, type.id, tenants)
  console.log(`${KIND}: ${N} records inserted through the Local API in ${seconds(started).toFixed(1)} s`)

  started = performance.now()
  const refusal = await payload
    .update({ collection: Slugs.recordTypes, id: type.id, data: { fields: edited } })
    .catch((error: Error & { status?: number }) => error)
  const status = 'status' in refusal ? refusal.status : 200
  console.log(`refusal with counts: ${status} in ${seconds(started).toFixed(2)} s`)
  console.log(`  ${'message' in refusal ? refusal.message.slice(0, 300) : ''}`)

  started = performance.now()
  await payload.update({
    collection: Slugs.recordTypes,
    id: type.id,
    data: { fields: edited, confirmDestructiveChange: true } as never,
  })
  console.log(`confirmed save: ${seconds(started).toFixed(2)} s`)

  for (;;) {
    const { docs } = await payload.find({ collection: Slugs.recordTypeMigrations, limit: 1, depth: 0 })
    const migration = docs[0]!
    if (migration.state === 'done' || migration.state === 'failed') {
      // The migration's own times: confirmed (saved), started (first batch claimed), finished.
      const at = (date: string | null | undefined) => Date.parse(date ?? '')
      const running = (at(migration.finishedAt) - at(migration.startedAt)) / 1000
      console.log(`migration ${migration.state}: ${migration.processed} of ${migration.total} records`)
      console.log(
        `  picked up by the job cron ${(at(migration.startedAt) - at(migration.confirmedAt)) / 1000} s after the save`,
      )
      console.log(`  ran ${running.toFixed(1)} s: ${(migration.processed / running).toFixed(0)} records/s`)
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
} finally {
  await close()
}
