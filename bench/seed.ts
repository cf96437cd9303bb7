/**
 * How long the demo seed takes on a fresh database — what the first `npm start` adds to its
 * start-up — on SQLite and PostgreSQL, each in a scratch database (schema pushed, not timed), then
 * a second run that finds everything in place and changes nothing. One database of each kind per
 * process (Payload does not push a schema twice in one process): run it again for more samples.
 *
 *   node --conditions=production --import tsx bench/seed.ts
 */
import { performance } from 'node:perf_hooks'
import { seed } from '../seed'
import { preparePayloadProcess } from '../src/config/settings'
import { openScratchPayload } from './scratchPayload'

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2)

preparePayloadProcess()
for (const kind of ['sqlite', 'postgres'] as const) {
  const { payload, settings, close } = await openScratchPayload(kind)
  try {
    let started = performance.now()
    await seed(payload, settings)
    const first = seconds(started)
    started = performance.now()
    await seed(payload, settings)
    console.log(`${kind}: first seed ${first} s, second (nothing to do) ${seconds(started)} s`)
  } finally {
    await close()
  }
}
