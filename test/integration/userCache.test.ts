/**
 * Users signed in with a JWT are read once per few seconds, not on every request
 * (src/access/userCache.ts), and what changes them still applies at once: a deactivation, a
 * deletion, a sign-out.
 */
import type { Express } from 'express'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { COMMIT_GRACE_MS } from '../../src/access/userCache'
import { BuiltInRoles } from '../../seed/roles'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { statementsDuring } from '../harness/sqlStatements'
import { createClientUser, createTenant } from '../harness/users'

const PASSWORD = 'correct-horse-battery'

describeEachDatabase('signed-in users, cached', (ctx) => {
  let app: Express
  let tenant: number
  const ownTenant = (token: string) => request(app).get(`/api/tenants/${tenant}`).set('Authorization', `JWT ${token}`)
  const member = async (email: string) => {
    const user = await createClientUser(ctx.payload, { email, password: PASSWORD }, tenant, BuiltInRoles.clientMember)
    return { id: user.id, token: await login(app, email, PASSWORD) }
  }

  /** A member whose next requests are answered from the cache. */
  const cachedMember = async (email: string) => {
    const signedIn = await member(email)
    // Just created: reads of a user that changed a moment ago are not kept (COMMIT_GRACE_MS).
    await new Promise((resolve) => setTimeout(resolve, COMMIT_GRACE_MS + 50))
    expect((await ownTenant(signedIn.token)).status).toBe(200)
    return signedIn
  }

  beforeAll(async () => {
    tenant = (await createTenant(ctx.payload, 'cached-users')).id
    app = await testApp(ctx)
  })

  it('reads a signed-in user once for many requests with the same token', async () => {
    const { token } = await cachedMember('repeat@cache.test')
    const statements = await statementsDuring(ctx.payload, async () => {
      for (let i = 0; i < 5; i++) expect((await ownTenant(token)).status).toBe(200)
    })
    expect(statements.filter((statement) => /\bfrom\s+"users"/i.test(statement.sql))).toEqual([])
  })

  it('does not keep anonymous or refused requests: a bad token stays refused', async () => {
    const { token } = await member('refused@cache.test')
    const forged = `${token.slice(0, -4)}AAAA`
    for (let i = 0; i < 2; i++) expect((await ownTenant(forged)).status).not.toBe(200)
    expect((await ownTenant(token)).status).toBe(200)
  })

  it('applies a deactivation at once', async () => {
    const { id, token } = await cachedMember('deactivated@cache.test')
    await ctx.payload.update({ collection: Slugs.users, id, data: { active: false } })
    expect((await ownTenant(token)).status).not.toBe(200)
  })

  it('applies a deletion at once', async () => {
    const { id, token } = await cachedMember('deleted@cache.test')
    await ctx.payload.delete({ collection: Slugs.users, id })
    expect((await ownTenant(token)).status).not.toBe(200)
  })

  it('applies a password reset at once: it ends every session', async () => {
    await member('reset@cache.test')
    // Asking for a reset changes the user (its token): only then is the session cached again.
    const reset = await ctx.payload.forgotPassword({
      collection: Slugs.users,
      data: { email: 'reset@cache.test' },
      disableEmail: true,
    })
    const token = await login(app, 'reset@cache.test', PASSWORD)
    await new Promise((resolve) => setTimeout(resolve, COMMIT_GRACE_MS + 50))
    expect((await ownTenant(token)).status).toBe(200)
    await ctx.payload.resetPassword({
      collection: Slugs.users,
      data: { token: reset, password: 'another-horse-battery' },
      overrideAccess: true,
    })
    expect((await ownTenant(token)).status).not.toBe(200)
  })

  it('applies a sign-out at once: the token no longer signs in', async () => {
    const { token } = await cachedMember('signed-out@cache.test')
    const out = await request(app).post('/api/users/logout').set('Authorization', `JWT ${token}`)
    expect(out.status).toBe(200)
    expect((await ownTenant(token)).status).not.toBe(200)
    const me = await request(app).get('/api/users/me').set('Authorization', `JWT ${token}`)
    expect(me.body.user).toBeNull()
  })
})
