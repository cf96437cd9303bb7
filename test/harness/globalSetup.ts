import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { getTestSettings } from '../../src/config/settings'
import { dropLeftoverScratchDatabases } from '../../src/db/scratchDatabases'
import { mongodbSkipReason } from './databases'
import { TEMPLATE_ENV } from './templateDatabases'

/**
 * Runs once before all suites: clears scratch databases of killed runs, makes the PostgreSQL
 * template the suites copy (templateDatabases.ts; globalTeardown drops it), and says what will be
 * skipped.
 */
export default async function globalSetup(): Promise<void> {
  const dropped = await dropLeftoverScratchDatabases(getTestSettings().postgresAdminUrl).catch(() => 0)
  if (dropped > 0) console.log(`\nDropped ${dropped} scratch database(s) left by an earlier run.`)
  const made = execFileSync(
    process.execPath,
    ['--conditions=production', '--import', 'tsx', path.join(__dirname, 'makeTemplate.ts')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  process.env[TEMPLATE_ENV] = made.trim().split('\n').at(-1)
  const skip = mongodbSkipReason()
  console.log(`\nDatabases under test: SQLite, PostgreSQL${skip ? '' : ', MongoDB'}.${skip ? `\n${skip}.` : ''}\n`)
}
