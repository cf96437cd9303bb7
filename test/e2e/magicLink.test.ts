/**
 * Signing in by email link in Debian's Chromium, as a client user does: ask for a link on the
 * portal's sign-in page, take it from the mail (a real SMTP server), open it, press the button,
 * and land signed in on the page they first asked for. The email names the installation's public
 * address (PUBLIC_URL); the test opens the same path on the address its server really listens on.
 */
import type { Server } from 'node:http'
import type { Browser } from 'playwright-core'
import { BuiltInRoles } from '../../seed/roles'
import { collectPageErrors, launchBrowser, screenshot } from '../harness/browser'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { runQueuedJobs } from '../harness/jobs'
import { originOf } from '../harness/portal'
import { latestLink } from '../harness/signInLinks'
import { useSmtpServer } from '../harness/smtpServer'
import { createClientUser, createTenant } from '../harness/users'

const PHONE = { width: 390, height: 844 }
const PUBLIC_URL = 'https://portal.example'
const PERSON = { email: 'lena@northwind.test', password: 'correct-horse-battery' }
const mail = useSmtpServer()

describeEachDatabase(
  'a sign-in link followed in a browser',
  (ctx) => {
    let server: Server
    let browser: Browser

    beforeAll(async () => {
      const tenant = await createTenant(ctx.payload, 'northwind')
      await createClientUser(ctx.payload, PERSON, tenant.id, BuiltInRoles.clientMember)
      server = (await testApp(ctx)).listen(0)
      browser = await launchBrowser()
    })
    afterAll(async () => {
      await browser?.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })

    it('asks for a link, opens it from the email, presses the button and lands signed in', async () => {
      const origin = originOf(server)
      const page = await browser.newPage({ viewport: PHONE })
      const errors = collectPageErrors(page)
      await page.goto(`${origin}/t/northwind/notifications`)
      expect(page.url()).toContain('/t/northwind/sign-in?next=')
      await page.getByLabel('Email').fill(PERSON.email)
      await screenshot(page, `magic-link-sign-in-${ctx.kind}`)
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
      await page.getByRole('heading', { name: 'Check your email' }).waitFor()
      await screenshot(page, `magic-link-sent-${ctx.kind}`)

      // The job a worker would run within a second.
      await runQueuedJobs(ctx.payload)
      const link = latestLink(mail.server, PERSON.email, '/sign-in/link')
      expect(mail.server.received.at(-1)!.parsed.text).toContain(`${PUBLIC_URL}${link}`)

      await page.goto(`${origin}${link}`)
      await page.getByRole('heading', { name: 'Sign in to northwind' }).waitFor()
      await screenshot(page, `magic-link-confirm-${ctx.kind}`)
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await page.waitForURL(`${origin}/t/northwind/notifications`)
      await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(1)
      await screenshot(page, `magic-link-signed-in-${ctx.kind}`)
      expect(errors).toEqual([])

      // The link is spent: opening it again says so (a 410, which the console reports).
      await page.goto(`${origin}${link}`)
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('That did not work')
      await expect(page.locator('main').textContent()).resolves.toContain('works only once')
    }, 60_000)
  },
  () => ({ env: { SMTP_URL: mail.server.url, EMAIL_FROM: 'Atrium <atrium@vendor.test>', PUBLIC_URL } }),
)
