import type { Page } from 'playwright-core'
import { DEMO_ADMIN } from '../../src/config/settings'
import { screenshot } from '../harness/browser'
import { useAdminServer } from '../harness/adminServer'

// Changing one's own password needs the current one (collections/Users/hooks/guardPasswordChange.ts):
// the admin's account page offers a masked input for it, and only there, and a change goes through with it.
describe('the current password in the admin UI', () => {
  const server = useAdminServer('own-password')

  it('is asked on one’s own account page in a masked input, and not on another person’s', async () => {
    const { page, errors } = await server.signIn()
    await page.goto(`${server.base}/admin/account`)
    const current = page.locator('input[name="currentPassword"]')
    await current.waitFor({ timeout: 30_000 })
    expect(await current.getAttribute('type')).toBe('password')
    await screenshot(page, 'own-password-account')

    const others = (await server.api('GET', '/users?limit=1&where[email][not_equals]=admin@atrium.local')) as {
      docs: { id: number }[]
    }
    await page.goto(`${server.base}/admin/collections/users/${others.docs[0]!.id}`)
    await page.locator('input[name="name"]').waitFor({ timeout: 30_000 })
    expect(await page.locator('input[name="currentPassword"]').count()).toBe(0)
    expect(errors).toEqual([])
  }, 120_000)

  /**
   * Fills `name`, then waits for the admin's form-state round trip, so that Save sees the value (none
   * comes when the form state already held that value: then 3 s are enough).
   */
  const fill = async (page: Page, name: string, value: string) => {
    const settled = page
      .waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/admin/account'), { timeout: 3000 })
      .catch(() => undefined)
    await page.locator(`input[name="${name}"]`).fill(value)
    await settled
  }

  /** Clicks Save and returns the status of the PATCH it sends. */
  const save = async (page: Page) => {
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/users/'))
    await page.getByRole('button', { name: 'Save' }).click()
    return (await patched).status()
  }

  it('refuses the change without the current password and makes it with it', async () => {
    const { page, errors } = await server.signIn()
    await page.goto(`${server.base}/admin/account`)
    // Without a password change, the current password is not needed: the account saves as before.
    await fill(page, 'name', 'Atrium Administrator (renamed)')
    await page.getByRole('button', { name: 'Save' }).click()
    await page
      .getByText(/successfully/i)
      .first()
      .waitFor({ timeout: 20_000 })

    await page.getByRole('button', { name: 'Change Password' }).click()
    await fill(page, 'password', 'a-new-demo-password-2026')
    await fill(page, 'confirm-password', 'a-new-demo-password-2026')
    expect(await save(page)).toBe(400)
    await page.getByText('send your current password').first().waitFor({ timeout: 20_000 })
    await screenshot(page, 'own-password-refused')

    // The admin closes the password inputs after a refused save: the person enters it again, with the current one.
    await page.getByRole('button', { name: 'Change Password' }).click()
    await fill(page, 'password', 'a-new-demo-password-2026')
    await fill(page, 'confirm-password', 'a-new-demo-password-2026')

    await fill(page, 'currentPassword', DEMO_ADMIN.password)
    await page.getByRole('button', { name: 'Save' }).click()
    await page
      .getByText(/successfully/i)
      .first()
      .waitFor({ timeout: 20_000 })
    const signIn = (password: string) =>
      fetch(`${server.base}/api/users/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: DEMO_ADMIN.email, password }),
      })
    expect((await signIn('a-new-demo-password-2026')).status).toBe(200)
    expect((await signIn(DEMO_ADMIN.password)).status).toBe(401)
    // The browser logs the refused save's 400, and nothing else.
    expect(errors).toEqual([expect.stringMatching(/status of 400 .*\/api\/users\//)])
  }, 120_000)
})
