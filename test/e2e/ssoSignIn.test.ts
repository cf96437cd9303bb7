/**
 * Single sign-on as a person meets it, in Debian's Chromium: the portal's sign-in page offers the
 * organisation's provider; its own login and consent pages (oidc-provider on a loopback port);
 * back at the portal, signed in, on the page the person first asked for, with an account made
 * just in time. Screenshots land in the test artifacts.
 */
import type { Browser } from 'playwright-core'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import { collectPageErrors, launchBrowser, screenshot } from '../harness/browser'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { startOidcProvider, type TestProvider } from '../harness/oidcProvider'
import { enableTenantSso, lateServer, type LateServer } from '../harness/sso'
import { builtInRoles, createTenant } from '../harness/users'

let atrium: LateServer
let idp: TestProvider
let browser: Browser

beforeAll(async () => {
  atrium = await lateServer()
  idp = await startOidcProvider({ redirectUris: [`${atrium.origin}/t/sso-acme/sso/callback`] })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await Promise.all([atrium?.close(), idp?.close()])
})

describeEachDatabase('single sign-on in a browser', (ctx) => {
  beforeAll(async () => {
    const roles = await builtInRoles(ctx.payload)
    const tenant = await createTenant(ctx.payload, 'sso-acme')
    await ctx.payload.update({ collection: Slugs.tenants, id: tenant.id, data: { name: 'Acme Corporation' } })
    await enableTenantSso(ctx.payload, tenant.id, idp, {
      allowedDomains: ['acme.test'],
      defaultRole: roles[BuiltInRoles.clientMember],
    })
    atrium.serve(await testApp(ctx))
  })

  it('signs a new person in through the provider’s login and consent, onto the page they asked for', async () => {
    idp.addAccount({
      subject: `${ctx.kind}-ada`,
      email: `ada-${ctx.kind}@acme.test`,
      emailVerified: true,
      name: 'Ada Lovelace',
    })
    const page = await browser.newPage()
    const errors = collectPageErrors(page)
    await page.goto(`${atrium.origin}/t/sso-acme/notifications`)
    await page.waitForURL(/\/t\/sso-acme\/sign-in/)
    await screenshot(page, `sso-sign-in-page-${ctx.kind}`)
    await page.getByRole('link', { name: 'Sign in with your organisation’s account' }).click()

    await page.waitForURL(`${idp.issuer}/**`)
    await page.locator('input[name="login"]').fill(`${ctx.kind}-ada`)
    await page.locator('input[name="password"]').fill('any password')
    await screenshot(page, `sso-provider-login-${ctx.kind}`)
    await page.locator('button[type="submit"]').click()
    await page.getByRole('button', { name: 'Continue' }).click()

    await page.waitForURL(`${atrium.origin}/t/sso-acme/notifications`)
    await expect(page.locator('body').textContent()).resolves.toContain('Ada Lovelace')
    await screenshot(page, `sso-signed-in-${ctx.kind}`)
    const cookies = await page.context().cookies(atrium.origin)
    expect(cookies.find((c) => c.name === 'payload-token')).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
    // The flow's cookie is gone once the answer came back.
    expect(cookies.find((c) => c.name === 'atrium-sso-flow')).toBeUndefined()
    // The provider's own pages ask for a web font (offline here) and a favicon: not Atrium's errors.
    expect(errors.filter((e) => !e.includes('fonts.googleapis.com') && !e.includes(idp.issuer))).toEqual([])
    await page.close()
  }, 120_000)

  it('shows a refused answer as a branded page that names its error id', async () => {
    const page = await browser.newPage()
    const res = await page.goto(`${atrium.origin}/t/sso-acme/sso/callback?code=stolen&state=guessed`)
    expect(res?.status()).toBe(400)
    await expect(page.locator('h1').textContent()).resolves.toBe('Single sign-on did not work')
    await expect(page.locator('.error-id').textContent()).resolves.toContain('sso_state_invalid')
    await expect(page.locator('.site-name').textContent()).resolves.toContain('Acme Corporation')
    await screenshot(page, `sso-refused-${ctx.kind}`)
    await page.close()
  })
})
