/** One cold start for bench/coldStart.ts: prints {initMs, rssMb} as JSON and exits. */
import { closePayload } from '../src/db/connection'
import { loadSettingsOrExit } from '../src/server/cli'
import { openPayload } from '../src/server/openPayload'

loadSettingsOrExit()
const { default: config } = await import('../src/payload.config')
const started = performance.now()
const payload = await openPayload(config)
const initMs = performance.now() - started
const rssMb = process.memoryUsage().rss / 1024 / 1024
await closePayload(payload)
console.log(JSON.stringify({ initMs, rssMb }))
