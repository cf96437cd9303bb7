import { screenshot } from '../harness/browser'
import { useAdminServer } from '../harness/adminServer'

// Changing one's own password needs the current one (collections/Users/hooks/guardPasswordChange.ts):
// the admin's account page offers a masked input for it, and only there.
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
})
