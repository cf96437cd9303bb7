/**
 * A browser test's Atrium: one `npm start` on a fresh embedded database (the demo seed provides the
 * staff login and data), Chromium, and the staff administrator's token for the API. The start waits
 * for (or makes) the one admin build of the current sources, shared by every browser test.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { DEMO_ADMIN } from '../../src/config/settings'
import { collectPageErrors, launchBrowser } from './browser'
import { cleanEnv, freePort, npmStart, startChild, type Child } from './processes'

const START_BUDGET_MS = 5 * 60_000

/** What a suite uses; filled in by beforeAll. */
export interface AdminServer {
  base: string
  browser: Browser
  /** The demo staff administrator's JWT. */
  token: string
  /**
   * A new page signed in to the admin UI as that administrator (the sign-in form leads to
   * `landing`, the admin's home unless a second step comes first), and the errors it logs.
   */
  signIn: (landing?: string) => Promise<{ page: Page; errors: string[] }>
  /** A REST call as that administrator (`route` below /api); throws on an error status. */
  api: (method: string, route: string, body?: unknown) => Promise<Record<string, unknown>>
}

/**
 * Starts Atrium and Chromium before the suite (named `name` in its temporary folder, with `env`
 * on top of the defaults; with NODE_ENV=production, after `npm run seed` made the administrator),
 * stops them after.
 */
export function useAdminServer(name: string, env: Record<string, string> = {}): AdminServer {
  const dataDir = mkdtempSync(path.join(tmpdir(), `atrium-${name}-`))
  let server: Child | undefined
  const ctx = {} as AdminServer

  beforeAll(async () => {
    const port = await freePort()
    ctx.base = `http://localhost:${port}`
    const environment = cleanEnv({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env })
    if (env.NODE_ENV === 'production') {
      // Production seeds nothing by itself: the administrator comes from `npm run seed`, as the README says.
      const seeding = startChild('npm', ['run', 'seed', '--silent'], {
        ...environment,
        SEED_ADMIN_EMAIL: DEMO_ADMIN.email,
        SEED_ADMIN_PASSWORD: DEMO_ADMIN.password,
      })
      if ((await seeding.exited) !== 0) throw new Error(`npm run seed failed:\n${seeding.output()}`)
    }
    server = npmStart(environment)
    await server.waitFor(/listening on http:\/\/localhost:\d+/, START_BUDGET_MS)
    ctx.browser = await launchBrowser()
    const login = await fetch(`${ctx.base}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_ADMIN),
    })
    ctx.token = ((await login.json()) as { token: string }).token
  }, START_BUDGET_MS + 60_000)

  afterAll(async () => {
    await ctx.browser?.close()
    if (server && server.process.exitCode === null && server.process.signalCode === null) {
      server.process.kill('SIGTERM')
      await server.exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  })

  ctx.signIn = async (landing = '/admin') => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors = collectPageErrors(page)
    await page.goto(`${ctx.base}/admin/login`)
    await page.getByLabel('Email').fill(DEMO_ADMIN.email)
    await page.getByLabel('Password').fill(DEMO_ADMIN.password)
    await page.getByRole('button', { name: 'Login' }).click()
    await page.waitForURL((url) => url.pathname === landing, { timeout: 30_000 })
    return { page, errors }
  }
  ctx.api = async (method, route, body) => {
    const res = await fetch(`${ctx.base}/api${route}`, {
      method,
      headers: { authorization: `JWT ${ctx.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await res.json()) as Record<string, unknown>
    if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${JSON.stringify(json)}`)
    return json
  }
  return ctx
}
