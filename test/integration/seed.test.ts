import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { seed } from '../../seed'
import { DEMO_ADMIN, SettingsError } from '../../src/config/settings'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'

describeEachDatabase('seed', (ctx) => {
  const snapshot = async () =>
    (await ctx.payload.find({ collection: Slugs.users, pagination: false, showHiddenFields: true, sort: 'id' })).docs

  it('refuses to seed in production without SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD, creating nothing', async () => {
    await expect(seed(ctx.payload, { seedAdmin: undefined })).rejects.toThrow(SettingsError)
    await expect(seed(ctx.payload, { seedAdmin: undefined })).rejects.toThrow(
      /SEED_ADMIN_PASSWORD.*no default password/,
    )
    expect(await snapshot()).toEqual([])
  })

  it('creates the demo staff administrator, who can sign in', async () => {
    const report = await seed(ctx.payload, ctx.settings)
    expect(report.admin).toEqual({ ...DEMO_ADMIN, created: true })
    const [admin] = await snapshot()
    expect(admin).toMatchObject({ email: DEMO_ADMIN.email, kind: 'staff' })
    const res = await request(await testApp(ctx))
      .post('/api/users/login')
      .send(DEMO_ADMIN)
    expect(res.status).toBe(200)
  })

  it('changes nothing when run again', async () => {
    const before = await snapshot()
    const report = await seed(ctx.payload, ctx.settings)
    expect(report.admin.created).toBe(false)
    expect(await snapshot()).toEqual(before)
  })

  it('leaves an existing administrator password alone', async () => {
    await seed(ctx.payload, { seedAdmin: { email: DEMO_ADMIN.email, password: 'another-password' } })
    const res = await request(await testApp(ctx))
      .post('/api/users/login')
      .send(DEMO_ADMIN)
    expect(res.status).toBe(200)
  })
})
