import { getTestSettings } from '../../src/config/settings'
import { dropLeftoverScratchDatabases } from '../../src/db/scratchDatabases'
import { mongodbSkipReason } from './databases'

/** Runs once before all suites: clears scratch databases of killed runs and says what will be skipped. */
export default async function globalSetup(): Promise<void> {
  const dropped = await dropLeftoverScratchDatabases(getTestSettings().postgresAdminUrl).catch(() => 0)
  if (dropped > 0) console.log(`\nDropped ${dropped} scratch database(s) left by an earlier run.`)
  const skip = mongodbSkipReason()
  console.log(`\nDatabases under test: SQLite, PostgreSQL${skip ? '' : ', MongoDB'}.${skip ? `\n${skip}.` : ''}\n`)
}
