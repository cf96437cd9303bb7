/**
 * An approval needed reaches the approver as one email at once (a real SMTP server), and its deep
 * link, followed in Debian's Chromium on a phone, leads through the branded sign-in straight to the
 * request and the decision waiting there. The email names the installation's public address
 * (PUBLIC_URL); the test opens the same path on the address its server really listens on.
 */
import type { Server } from 'node:http'
import type { Browser } from 'playwright-core'
import { Slugs } from '../../collections/slugs'
import type { Notification, Request as RequestDoc } from '../../src/payload-types'
import { submitRequest } from '../../src/workflows/service'
import { collectPageErrors, launchBrowser, screenshot } from '../harness/browser'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { runQueuedJobs } from '../harness/jobs'
import { originOf } from '../harness/portal'
import { useSmtpServer } from '../harness/smtpServer'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const PHONE = { width: 390, height: 844 }
const PUBLIC_URL = 'https://portal.example'
const mail = useSmtpServer()

describeEachDatabase(
  'an approval email followed in a browser',
  (ctx) => {
    let server: Server
    let browser: Browser
    let f: WorkflowFixture

    beforeAll(async () => {
      f = await createWorkflowFixture(ctx.payload, `link-${ctx.kind}`)
      server = (await testApp(ctx)).listen(0)
      browser = await launchBrowser()
    })
    afterAll(async () => {
      await browser?.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })

    it('sends one email with a link that opens the request after sign-in, and puts it in the bell', async () => {
      const requester = { payload: ctx.payload, user: { ...f.requester, collection: Slugs.users } as never }
      const doc = (await submitRequest(requester, {
        type: 'purchase',
        data: { title: 'Forklift for the north hall', amount: 20_000 },
      })) as RequestDoc
      await runQueuedJobs(ctx.payload)
      const approver = f.financeLeads[2]!
      const mine = mail.server.received.filter(
        (m) =>
          m.envelope.to.includes(approver.email) && m.parsed.subject === 'Approval needed: Forklift for the north hall',
      )
      expect(mine).toHaveLength(1)
      const link = /(https:\/\/portal\.example\/\S+)/.exec(mine[0]!.parsed.text ?? '')![1]!
      const url = new URL(link)
      expect(url.pathname).toBe(`/t/link-${ctx.kind}-acme/requests/${doc.id}`)
      const bell = await ctx.payload.find({
        collection: Slugs.notifications,
        where: { and: [{ recipient: { equals: approver.id } }, { itemId: { equals: String(doc.id) } }] },
        depth: 0,
      })
      expect((bell.docs as Notification[]).map((n) => [n.type, n.url])).toEqual([['approval.needed', url.pathname]])

      const page = await browser.newPage({ viewport: PHONE })
      const errors = collectPageErrors(page)
      await page.goto(`${originOf(server)}${url.pathname}`)
      expect(page.url()).toContain(`/t/link-${ctx.kind}-acme/sign-in?next=`)
      await page.getByLabel('Email').fill(approver.email)
      await page.getByLabel('Password').fill(FIXTURE_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${originOf(server)}${url.pathname}`)
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'Forklift for the north hall',
      )
      // The item, with the decision that waits on them (approving from it: test/e2e/portalApproval.test.ts).
      await expect(page.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(1)
      await screenshot(page, `notification-link-${ctx.kind}`)
      expect(errors).toEqual([])
    })
  },
  () => ({ env: { SMTP_URL: mail.server.url, EMAIL_FROM: 'Atrium <atrium@vendor.test>', PUBLIC_URL } }),
)
