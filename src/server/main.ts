/**
 * `npm start`: builds the admin UI if needed, opens the database (migrating it), seeds an empty
 * embedded database outside production, and serves everything on one port until SIGTERM.
 */
import { Slugs } from '../../collections/slugs'
import { seed } from '../../seed'
import { DEMO_LOGINS, DEMO_PORTALS, type DemoLogin } from '../../seed/demoTenants'
import { DEMO_ADMIN } from '../config/settings'
import { ensureAdminBuild } from './adminBuild'
import { loadSettingsOrExit, runCli } from './cli'
import { openPayload } from './openPayload'
import { stopOnSignals } from './signals'
import { startServer } from './startServer'

const say = (message: string) => console.log(`atrium: ${message}`)

runCli(async () => {
  const settings = loadSettingsOrExit()
  await ensureAdminBuild(settings, say)

  const { default: config } = await import('../payload.config')
  const payload = await openPayload(config, { runJobs: true })

  const users = await payload.count({ collection: Slugs.users })
  if (!settings.isProduction && settings.database.kind === 'sqlite' && users.totalDocs === 0) {
    say('empty embedded database: seeding demo data')
    await seed(payload, settings)
  }

  const demo = settings.isProduction
    ? undefined
    : await payload.count({ collection: Slugs.users, where: { email: { equals: DEMO_ADMIN.email } } })
  const running = await startServer({ payload, settings, admin: true })
  say(`admin UI: ${settings.publicUrl ?? running.url}${payload.config.routes.admin}`)
  if (demo?.totalDocs) {
    say(`demo login: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`)
    const present = await payload.find({
      collection: Slugs.users,
      where: { email: { in: DEMO_LOGINS.map((login) => login.email) } },
      pagination: false,
      depth: 0,
    })
    const emails = new Set(present.docs.map((user) => user.email))
    const logins = DEMO_LOGINS.filter(({ email }) => emails.has(email))
    const line = (login: DemoLogin) => say(`    ${login.email} / ${DEMO_ADMIN.password}  (${login.role})`)
    for (const portal of DEMO_PORTALS) {
      say(`  portal of ${portal.name}: ${settings.publicUrl ?? running.url}/t/${portal.slug}/`)
      logins.filter((login) => login.tenant === portal.name).forEach(line)
    }
    say('  vendor staff (admin UI, and any portal):')
    logins.filter((login) => !login.tenant).forEach(line)
  }
  // Printed last: scripts wait for this line.
  say(`listening on ${running.url}`)

  stopOnSignals(running, say)
})
