/** `npm run build`: builds the admin UI now, whether or not a current build exists. */
import { buildAdmin } from './adminBuild'
import { loadSettingsOrExit, runCli } from './cli'

runCli(async () => {
  await buildAdmin(loadSettingsOrExit(), (message) => console.warn(`atrium: ${message}`))
})
