/**
 * The bell in Debian's Chromium on a phone-sized screen (issue 14): a person with news sees the
 * unread number in the header, opens the list, marks one read (the number drops) and then all
 * (it goes); and someone signed out unsubscribes from an email's link in one click. Entries come
 * from real events fanned out by the job. Screenshots land in the test artifacts.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { Slugs } from '../../collections/slugs'
import { personalLinks } from '../../src/notifications/emailMessage'
import type { Tenant } from '../../src/payload-types'
import { collectPageErrors, launchBrowser, screenshot } from '../harness/browser'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { notifyPerson } from '../harness/notifications'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const PHONE = { width: 390, height: 844 }

describeEachDatabase('the bell in a browser', (ctx) => {
  let server: Server
  let browser: Browser
  let base: string
  let f: WorkflowFixture
  let tenant: Tenant

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, 'bell')
    tenant = (await ctx.payload.findByID({ collection: Slugs.tenants, id: f.tenant, depth: 0 })) as Tenant
    // One at a time, so that each is newer than the one before.
    for (const comment of ['Please check the <b>delivery</b> address.', 'The quote is attached.', 'Thanks!'])
      await notifyPerson(ctx.payload, f.tenant, f.requester, comment)
    server = (await testApp(ctx)).listen(0)
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('shows the unread count on a phone, lists the entries, and marking read lowers it', async () => {
    const page = await browser.newPage({ viewport: PHONE })
    const errors = collectPageErrors(page)
    await page.goto(`${base}/t/bell-acme/`)
    await page.getByLabel('Email').fill(f.requester.email)
    await page.getByLabel('Password').fill(FIXTURE_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${base}/t/bell-acme/`)
    const bell = page.getByRole('link', { name: /^Notifications, / })
    await expect(bell.getAttribute('aria-label')).resolves.toBe('Notifications, 3 unread')
    await expect(bell.isVisible()).resolves.toBe(true)
    await expect(page.locator('.bell-count').textContent()).resolves.toBe('3')
    await screenshot(page, `portal-bell-home-${ctx.kind}`)

    await bell.click()
    await page.waitForURL(`${base}/t/bell-acme/notifications`)
    const entries = page.locator('li.notification')
    await expect(entries.count()).resolves.toBe(3)
    // Newest first, and the comment's markup shown as text.
    await expect(entries.first().textContent()).resolves.toContain('Thanks!')
    await expect(entries.last().textContent()).resolves.toContain('Please check the <b>delivery</b> address.')
    await screenshot(page, `portal-bell-list-${ctx.kind}`)

    await entries
      .first()
      .getByRole('button', { name: /^Mark read/ })
      .click()
    await page.waitForURL(/notifications\?done=read$/)
    await expect(bell.getAttribute('aria-label')).resolves.toBe('Notifications, 2 unread')
    await expect(page.locator('.bell-count').textContent()).resolves.toBe('2')
    await expect(page.locator('li.notification.unread').count()).resolves.toBe(2)
    await screenshot(page, `portal-bell-one-read-${ctx.kind}`)

    await page.getByRole('button', { name: 'Mark all as read' }).click()
    await page.waitForURL(/notifications\?done=all$/)
    await expect(bell.getAttribute('aria-label')).resolves.toBe('Notifications, none unread')
    await expect(page.locator('.bell-count').count()).resolves.toBe(0)
    await screenshot(page, `portal-bell-all-read-${ctx.kind}`)

    await page.getByRole('link', { name: 'Choose how you hear about things' }).click()
    await page.waitForURL(`${base}/t/bell-acme/notifications/preferences`)
    await screenshot(page, `portal-bell-preferences-${ctx.kind}`)
    await page.getByRole('button', { name: 'Save preferences' }).click()
    await page.waitForURL(/preferences\?done=saved$/)
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('were saved')
    expect(errors).toEqual([])
  })

  it('unsubscribes from an email link on a phone, signed out, in one click', async () => {
    const page = await browser.newPage({ viewport: PHONE })
    const errors = collectPageErrors(page)
    const link = personalLinks(ctx.payload, f.cfo, 'approval.needed', tenant).unsubscribeUrl!
    const { pathname, search } = new URL(link, base)
    await page.goto(`${base}${pathname}${search}`)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Unsubscribe')
    await expect(page.locator('main').textContent()).resolves.toContain('Approvals you must give will still reach you')
    await screenshot(page, `portal-unsubscribe-${ctx.kind}`)
    await page.getByRole('button', { name: 'Unsubscribe' }).click()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('You are unsubscribed')
    await screenshot(page, `portal-unsubscribed-${ctx.kind}`)
    expect(errors).toEqual([])
  })
})
