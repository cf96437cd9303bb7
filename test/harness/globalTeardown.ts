import { getTestSettings } from '../../src/config/settings'
import { dropScratchDatabase } from '../../src/db/scratchDatabases'
import { currentTemplate } from './templateDatabases'

/** Runs once after all suites: drops the PostgreSQL template globalSetup made. */
export default async function globalTeardown(): Promise<void> {
  const template = currentTemplate()
  if (template) await dropScratchDatabase(getTestSettings().postgresAdminUrl, template.name)
}
