/**
 * `npm start`: builds the admin UI if needed, opens the database (migrating it), seeds an empty
 * embedded database outside production, and serves everything on one port until SIGTERM.
 */
import { Slugs } from '../../collections/slugs'
import { seed } from '../../seed'
import { DEMO_ADMIN } from '../config/settings'
import { ensureAdminBuild } from './adminBuild'
import { loadSettingsOrExit, runCli } from './cli'
import { openPayload } from './openPayload'
import { startServer } from './startServer'

const say = (message: string) => console.log(`atrium: ${message}`)

runCli(async () => {
  const settings = loadSettingsOrExit()
  await ensureAdminBuild(settings, say)

  const { default: config } = await import('../payload.config')
  const payload = await openPayload(config)

  const users = await payload.count({ collection: Slugs.users })
  if (!settings.isProduction && settings.database.kind === 'sqlite' && users.totalDocs === 0) {
    say('empty embedded database: seeding demo data')
    await seed(payload, settings)
  }

  const running = await startServer({ payload, settings, admin: true })
  const base = settings.publicUrl ?? running.url
  say(`listening on ${running.url}`)
  say(`admin UI: ${base}${payload.config.routes.admin}`)
  if (!settings.isProduction) {
    const demo = await payload.count({ collection: Slugs.users, where: { email: { equals: DEMO_ADMIN.email } } })
    if (demo.totalDocs > 0) say(`demo login: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`)
  }

  let signals = 0
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1
    if (signals > 1) {
      say(`${signal} again: exiting without waiting`)
      process.exit(1)
    }
    say(`${signal}: shutting down`)
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
})
