/** `npm run seed`: migrates the database, then seeds it (idempotently) and prints the login. */
import { loadSettingsOrExit, runCli } from '../src/server/cli'
import { closePayload } from '../src/db/connection'
import { openPayload } from '../src/server/openPayload'
import { seed } from '.'

runCli(async () => {
  const settings = loadSettingsOrExit()
  const { default: config } = await import('../src/payload.config')
  const payload = await openPayload(config)
  try {
    const report = await seed(payload, settings)
    const { email, password, created } = report.admin
    console.log(
      created
        ? `atrium: created the staff administrator: ${email}${settings.isProduction ? '' : ` / ${password}`}`
        : `atrium: the staff administrator ${email} exists already; nothing changed`,
    )
  } finally {
    await closePayload(payload)
  }
})
