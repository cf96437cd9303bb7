import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { DEMO_LOGINS } from '../../seed/demoTenants'
import { DEMO_ADMIN } from '../../src/config/settings'
import { collectPageErrors, launchBrowser, screenshot } from '../harness/browser'
import { cleanEnv, freePort, npmStart, type Child } from '../harness/processes'

// `npm install && npm start` on a fresh clone: the first start builds the admin UI (when no current
// build exists), migrates and seeds the embedded database, and serves everything on one port.
const START_BUDGET_MS = 3 * 60_000

describe('npm start on embedded SQLite', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atrium-start-'))
  let port: number
  let server: Child | undefined
  let browser: Browser | undefined

  const env = () => cleanEnv({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' })
  const url = (p: string) => `http://localhost:${port}${p}`
  const signInAsDemoAdmin = () =>
    fetch(url('/api/users/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_ADMIN),
    })
  const stop = async (child: Child) => {
    child.process.kill('SIGTERM')
    return child.exited
  }

  beforeAll(async () => {
    port = await freePort()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    if (server && server.process.exitCode === null && server.process.signalCode === null) {
      server.process.kill('SIGKILL')
      await server.exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  })

  it(
    'serves /healthz, /readyz and the admin UI within 3 minutes, seeded with the demo administrator',
    async () => {
      const started = Date.now()
      server = npmStart(env())
      await server.waitFor(/listening on http:\/\/localhost:\d+/, START_BUDGET_MS)
      const ms = Date.now() - started
      console.log(`npm start ready in ${(ms / 1000).toFixed(1)} s`)
      expect(ms).toBeLessThan(START_BUDGET_MS)
      expect(server.output()).toContain(`demo login: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`)
      expect(server.output()).toContain(`admin@northwind.example / ${DEMO_ADMIN.password}`)
      expect(server.output()).toContain(`manager@atrium.local / ${DEMO_ADMIN.password}`)
      expect(server.output()).toContain(`portal of Northwind Logistics: http://localhost:${port}/t/northwind/`)
      expect((await fetch(url('/t/northwind/sign-in'))).status).toBe(200)

      expect((await fetch(url('/healthz'))).status).toBe(200)
      const root = await fetch(url('/'), { redirect: 'manual' })
      expect(root.status).toBe(302)
      expect(root.headers.get('location')).toBe('/admin')
      const ready = await fetch(url('/readyz'))
      expect(ready.status).toBe(200)
      expect(await ready.json()).toEqual({ status: 'ready', database: 'sqlite' })

      const loginRes = await signInAsDemoAdmin()
      expect(loginRes.status).toBe(200)
    },
    START_BUDGET_MS + 30_000,
  )

  it('shows the admin sign-in page in a browser, and the demo administrator signs in', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(url('/admin'))
    await page.waitForURL(/\/admin\/login/)
    const email = page.getByLabel('Email')
    const password = page.getByLabel('Password')
    await email.waitFor({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Login' }).waitFor({ state: 'visible' })
    // Next streams the page metadata, so the title may arrive after the form.
    await page.waitForFunction(() => document.title.includes('Atrium'), undefined, { timeout: 10_000 })
    expect(await page.title()).toMatch(/Login.*Atrium/)
    await screenshot(page, 'start-admin-login')

    await email.fill(DEMO_ADMIN.email)
    await password.fill(DEMO_ADMIN.password)
    await page.getByRole('button', { name: 'Login' }).click()
    await page.waitForURL((u) => u.pathname === '/admin', { timeout: 30_000 })
    await page.getByRole('heading', { name: 'Collections' }).waitFor()
    await page.getByRole('link', { name: /Users/ }).first().waitFor({ state: 'visible' })
    await screenshot(page, 'start-admin-dashboard')

    // Saving through the admin UI passes the origin policy (the cookie-authenticated request is same-origin).
    await page.goto(url(`/admin/collections/users?where[email][equals]=${encodeURIComponent(DEMO_ADMIN.email)}`))
    await page.getByRole('link', { name: DEMO_ADMIN.email }).first().click()
    await page.waitForURL(/\/admin\/collections\/users\/\w+/)
    const name = page.locator('input#field-name')
    await name.waitFor()
    await name.fill('Demo Administrator (renamed)')
    await page.getByRole('button', { name: 'Save' }).click()
    await page
      .getByText(/updated successfully/i)
      .first()
      .waitFor({ timeout: 15_000 })
    await screenshot(page, 'start-admin-user-saved')

    // Roles are edited through structured fields: action, collection, fields, conditions.
    await page.goto(url('/admin/collections/roles?where[key][equals]=account-manager'))
    await page.getByRole('link', { name: 'Account manager' }).first().click()
    await page.getByText('Forbid instead of allow').first().waitFor()
    await screenshot(page, 'start-admin-role-rules')
    // Leaving a document, Payload's admin looks its lock up and then deletes it by id; when the lock
    // went in between (the server releases it too) that DELETE is a harmless 404 of Payload's own.
    expect(errors.filter((error) => !/404.*\/api\/payload-locked-documents\/\w+\)$/.test(error))).toEqual([])
    await page.close()
  }, 90_000)

  it('shows an account manager only the client accounts assigned to them, and keeps client users out', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(url('/admin/login'))
    await page.getByLabel('Email').fill('manager@atrium.local')
    await page.getByLabel('Password').fill(DEMO_ADMIN.password)
    await page.getByRole('button', { name: 'Login' }).click()
    await page.waitForURL((u) => u.pathname === '/admin', { timeout: 30_000 })
    await page.goto(url('/admin/collections/tenants'))
    await page.getByRole('link', { name: 'Northwind Logistics' }).waitFor()
    await page.getByRole('link', { name: 'Bluebird Consulting' }).waitFor()
    expect(await page.getByText('Acme Manufacturing Group').count()).toBe(0)
    await screenshot(page, 'start-admin-account-manager-tenants')
    await page.close()

    const client = await browser!.newPage({ viewport: { width: 1280, height: 800 } })
    await client.goto(url('/admin/login'))
    await client.getByLabel('Email').fill('admin@northwind.example')
    await client.getByLabel('Password').fill(DEMO_ADMIN.password)
    await client.getByRole('button', { name: 'Login' }).click()
    await client
      .getByText(/unauthorized|not allowed/i)
      .first()
      .waitFor({ timeout: 30_000 })
    expect(await client.getByRole('heading', { name: 'Collections' }).count()).toBe(0)
    await screenshot(client, 'start-admin-client-refused')
    await client.close()
  }, 90_000)

  it('exits 0 on SIGTERM', async () => {
    const started = Date.now()
    expect(await stop(server!)).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
  }, 15_000)

  it(
    'reuses the data on a second start: the same administrator, no second seed',
    async () => {
      server = npmStart(env())
      await server.waitFor(/listening on/, START_BUDGET_MS)
      expect(server.output()).not.toContain('seeding demo data')
      const res = await signInAsDemoAdmin()
      expect(res.status).toBe(200)
      const { token } = (await res.json()) as { token: string }
      const users = await fetch(url('/api/users'), { headers: { authorization: `JWT ${token}` } })
      // the administrator, the account manager and the demo client users, seeded once
      expect(((await users.json()) as { totalDocs: number }).totalDocs).toBe(DEMO_LOGINS.length + 1)
      expect(await stop(server)).toBe(0)
    },
    START_BUDGET_MS,
  )

  it(
    'seeds nothing by itself with NODE_ENV=production: no demo login exists',
    async () => {
      const prodDir = mkdtempSync(path.join(tmpdir(), 'atrium-start-prod-'))
      try {
        server = npmStart(
          cleanEnv({
            PORT: String(port),
            DATA_DIR: prodDir,
            LOG_LEVEL: 'warn',
            NODE_ENV: 'production',
            PAYLOAD_SECRET: 'p'.repeat(48),
            SMTP_URL: 'log',
          }),
        )
        await server.waitFor(/listening on/, START_BUDGET_MS)
        expect(server.output()).not.toContain('seeding')
        expect(server.output()).not.toContain('demo login')
        const res = await signInAsDemoAdmin()
        expect(res.status).toBe(401)
        expect(await stop(server)).toBe(0)
      } finally {
        rmSync(prodDir, { recursive: true, force: true })
      }
    },
    START_BUDGET_MS,
  )

  it('refuses DATABASE_URL=nonsense: exits non-zero before listening, naming the variable', async () => {
    const child = npmStart(cleanEnv({ PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: 'nonsense' }))
    expect(await child.exited).not.toBe(0)
    expect(child.output()).toContain('DATABASE_URL')
    expect(child.output()).not.toContain('listening on')
  }, 30_000)
})
