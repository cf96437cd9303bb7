/**
 * The portal in Debian's Chromium on a phone-sized screen: an approver signs in on the branded
 * page, sees what waits on them on the first screen, and approves in one click (a plain form:
 * no script runs); a requester submits a request through the request form (a mistake first), and
 * an approver opens the request's link signed out, signs in and approves it on its page.
 * Screenshots land in the test artifacts.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { Slugs } from '../../collections/slugs'
import type { Request as RequestDoc } from '../../src/payload-types'
import { submitRequest } from '../../src/workflows/service'
import { collectPageErrors, launchBrowser, screenshot } from '../harness/browser'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const PHONE = { width: 390, height: 844 }

describeEachDatabase('portal in a browser', (ctx) => {
  let server: Server
  let browser: Browser
  let base: string
  let f: WorkflowFixture
  let laptops: RequestDoc

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, 'e2e')
    await ctx.payload.update({
      collection: Slugs.tenants,
      id: f.tenant,
      data: { name: 'Acme Buying', branding: { primaryColor: '#7b1fa2', accentColor: '#00897b' } },
    })
    const requester = { payload: ctx.payload, user: { ...f.requester, collection: Slugs.users } as never }
    laptops = await submitRequest(requester, {
      type: 'purchase',
      data: { title: '<script>alert(1)</script> Laptops for the team', amount: 20_000 },
    })
    await ctx.payload.create({
      collection: Slugs.pages,
      data: {
        title: 'Buy something',
        slug: 'buy',
        tenant: f.tenant,
        status: 'published',
        layout: [{ blockType: 'requestForm', requestType: 'purchase' }],
      } as never,
    })
    server = (await testApp(ctx)).listen(0)
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('signs an approver in on a phone and approves in one click', async () => {
    const page = await browser.newPage({ viewport: PHONE })
    const errors = collectPageErrors(page)
    await page.goto(`${base}/t/e2e-acme/`)
    expect(page.url()).toContain('/t/e2e-acme/sign-in?next=')
    await screenshot(page, `portal-sign-in-${ctx.kind}`)
    await page.getByLabel('Email').fill(f.financeLeads[2]!.email)
    await page.getByLabel('Password').fill(FIXTURE_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${base}/t/e2e-acme/`)
    const card = page.locator(`#request-${laptops.id}`)
    await expect(card.textContent()).resolves.toContain('<script>alert(1)</script> Laptops for the team')
    await screenshot(page, `portal-first-screen-${ctx.kind}`)
    await card.getByRole('button', { name: 'Approve' }).click()
    await page.waitForURL(/done=approved/)
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Approved')
    await screenshot(page, `portal-approved-${ctx.kind}`)
    const after = (await ctx.payload.findByID({ collection: Slugs.requests, id: laptops.id })) as RequestDoc
    expect(after.state).not.toBe('financeLead')
    expect(errors).toEqual([])
  })

  it('submits a request from the form on a phone, and an approver decides on its page from the link', async () => {
    const page = await browser.newPage({ viewport: PHONE })
    const errors = collectPageErrors(page)
    await page.goto(`${base}/t/e2e-acme/p/buy`)
    await page.getByLabel('Email').fill(f.requester.email)
    await page.getByLabel('Password').fill(FIXTURE_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${base}/t/e2e-acme/p/buy`)
    await page.getByLabel('What').fill('Standing desks')
    await page.getByLabel('Amount').fill('twelve thousand')
    await page.getByRole('button', { name: 'Send request' }).click()
    await expect(page.getByText('Amount must be a number').first().isVisible()).resolves.toBe(true)
    await expect(page.getByLabel('What').inputValue()).resolves.toBe('Standing desks')
    await screenshot(page, `portal-request-form-error-${ctx.kind}`)
    await page.getByLabel('Amount').fill('12000')
    await page.getByRole('button', { name: 'Send request' }).click()
    await page.waitForURL(/\/requests\/\w+\?done=submitted$/)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Standing desks')
    await screenshot(page, `portal-request-page-${ctx.kind}`)
    const link = new URL(page.url()).pathname

    const approver = await browser.newPage({ viewport: PHONE })
    const approverErrors = collectPageErrors(approver)
    await approver.goto(`${base}${link}`)
    await approver.getByLabel('Email').fill(f.financeLeads[2]!.email)
    await approver.getByLabel('Password').fill(FIXTURE_PASSWORD)
    await approver.getByRole('button', { name: 'Sign in' }).click()
    await approver.waitForURL(`${base}${link}`)
    await screenshot(approver, `portal-request-decision-${ctx.kind}`)
    await approver.getByRole('button', { name: 'Approve' }).click()
    await approver.waitForURL(`${base}${link}?done=approved`)
    await expect(approver.getByRole('status').first().textContent()).resolves.toContain('Approved')
    // The refused submission answered 400, which Chromium reports; nothing else went wrong.
    expect(errors).toEqual([expect.stringMatching(/status of 400 .*\/t\/e2e-acme\/requests\)$/)])
    expect(approverErrors).toEqual([])
  })
})
