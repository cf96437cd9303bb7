import { codeAt, stepOf } from '../../src/auth/secondFactor/totp'
import { useAdminServer } from '../harness/adminServer'
import { screenshot } from '../harness/browser'

// In production (where STAFF_SECOND_FACTOR defaults to required): after the password the admin UI
// is out of reach until an authenticator is set up and a code given.
describe('the staff second factor in the admin UI, in production', () => {
  const server = useAdminServer('second-factor', {
    NODE_ENV: 'production',
    PAYLOAD_SECRET: 'second-factor-e2e-secret-'.padEnd(48, 'x'),
    SMTP_URL: 'log',
  })

  it('keeps a password-only session out of the admin UI, enrols an authenticator, then lets it in', async () => {
    const { page, errors } = await server.signIn('/_atrium/second-factor')

    // Straight to a collection: still the second step.
    await page.goto(`${server.base}/admin/collections/tenants`)
    expect(new URL(page.url()).pathname).toBe('/_atrium/second-factor')
    const me = await page.evaluate(async () => (await fetch('/api/users/me')).json())
    expect((me as { user: unknown }).user).toBeNull()

    const secret = (await page.locator('#secret').innerText()).replace(/\s/g, '')
    expect(await page.locator('#qr').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    await screenshot(page, 'second-factor-enrol')
    await page.getByLabel('Code from the app').fill(codeAt(secret, stepOf(Date.now())))
    await page.getByRole('button', { name: 'Turn on' }).click()
    await page.locator('#recovery-codes').waitFor()
    expect(await page.locator('#recovery-codes li').count()).toBe(10)
    await screenshot(page, 'second-factor-recovery-codes')
    await page.locator('#continue').click()
    await page.waitForURL((url) => url.pathname === '/admin/collections/tenants', { timeout: 30_000 })
    await page.getByText('Tenants').first().waitFor({ timeout: 30_000 })
    await screenshot(page, 'second-factor-admin')
    expect(errors).toEqual([])
  }, 180_000)
})
