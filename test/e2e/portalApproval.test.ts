/**
 * The portal in Debian's Chromium on a phone-sized screen: an approver signs in on the branded
 * page, sees what waits on them on the first screen, and approves in one click (a plain form:
 * no script runs). Screenshots land in the test artifacts.
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
})
