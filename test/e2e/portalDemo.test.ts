/**
 * The demo as a client meets it, in Debian's Chromium on a phone-sized screen: Northwind's member
 * signs in, sees on the first screen where the shipments are, goes to Purchases from the menu and
 * requests one; Northwind's finance lead signs in, finds it on their first screen and approves it
 * in one click. Screenshots of each step land in the test artifacts.
 */
import type { Server } from 'node:http'
import type { Browser, Page } from 'playwright-core'
import { Slugs } from '../../collections/slugs'
import { seed } from '../../seed'
import type { Request as RequestDoc } from '../../src/payload-types'
import { collectPageErrors, launchBrowser, screenshot } from '../harness/browser'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { originOf } from '../harness/portal'

const PHONE = { width: 390, height: 844 }
const TITLE = 'Pallet wrapper for the Venlo hub'

describeEachDatabase('the demo portal in a browser', (ctx) => {
  let server: Server
  let browser: Browser
  let base: string
  let password: string

  async function signIn(page: Page, email: string) {
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }

  beforeAll(async () => {
    await seed(ctx.payload, ctx.settings)
    password = ctx.settings.seedAdmin!.password
    server = (await testApp(ctx)).listen(0)
    base = originOf(server)
    browser = await launchBrowser()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('lets a demo client request a purchase on a phone, and the approver approve it in one click', async () => {
    const member = await browser.newPage({ viewport: PHONE })
    const memberErrors = collectPageErrors(member)
    await member.goto(`${base}/t/northwind/`)
    await signIn(member, 'member@northwind.example')
    await member.waitForURL(`${base}/t/northwind/`)
    await expect(member.getByRole('heading', { name: 'Where your shipments are' }).isVisible()).resolves.toBe(true)
    await screenshot(member, `demo-first-screen-${ctx.kind}`)

    await member.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Purchases' }).click()
    await member.waitForURL(`${base}/t/northwind/p/purchases`)
    await member.getByLabel('What').fill(TITLE)
    await member.getByLabel('Amount').fill('20000')
    await member.getByLabel('Supplier').fill('Wrapmatic <b>BV</b>')
    await member.getByRole('button', { name: 'Send request' }).click()
    await member.waitForURL(/\/t\/northwind\/requests\/\w+\?done=submitted$/)
    await expect(member.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(TITLE)
    await expect(member.getByText('Wrapmatic <b>BV</b>').isVisible()).resolves.toBe(true)
    await screenshot(member, `demo-request-submitted-${ctx.kind}`)

    const { docs } = await ctx.payload.find({ collection: Slugs.requests, where: { title: { equals: TITLE } } })
    const submitted = docs[0] as RequestDoc
    expect(submitted.state).toBe('financeLead')

    const lead = await browser.newPage({ viewport: PHONE })
    const leadErrors = collectPageErrors(lead)
    await lead.goto(`${base}/t/northwind/`)
    await signIn(lead, 'finance-lead@northwind.example')
    await lead.waitForURL(`${base}/t/northwind/`)
    const card = lead.locator(`#request-${submitted.id}`)
    await expect(card.textContent()).resolves.toContain(TITLE)
    await screenshot(lead, `demo-approver-first-screen-${ctx.kind}`)
    await card.getByRole('button', { name: 'Approve' }).click()
    await lead.waitForURL(/done=approved/)
    await expect(lead.getByRole('status').first().textContent()).resolves.toContain('Approved')
    await screenshot(lead, `demo-approved-${ctx.kind}`)

    const after = (await ctx.payload.findByID({ collection: Slugs.requests, id: submitted.id })) as RequestDoc
    expect(after.state).not.toBe('financeLead')
    expect(memberErrors).toEqual([])
    expect(leadErrors).toEqual([])
  })
})
