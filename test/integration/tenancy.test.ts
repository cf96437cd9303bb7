/**
 * Tenants, users and roles through the REST API: who sees which client account, who may manage
 * whose people, and what is refused. The refusals come first.
 */
import type { Express } from 'express'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import type { User } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { sampleDocument } from '../harness/sampleDocuments'
import { builtInRoles, createClientUser, createTenant, createVendorAdmin } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
const as = (email: string) => ({ email, password: PASSWORD })

describeEachDatabase('tenants, users and roles', (ctx) => {
  let app: Express
  let roles: Awaited<ReturnType<typeof builtInRoles>>
  const tenant: Record<string, number> = {}
  const user: Record<string, User> = {}
  const tokens: Record<string, string> = {}
  const media: Record<string, number> = {}
  const auth = (who: string) => ({ Authorization: `JWT ${tokens[who]}` })
  const ids = (res: request.Response) => (res.body.docs as { id: number }[]).map((doc) => doc.id).sort((a, b) => a - b)
  const reload = (id: number) => ctx.payload.findByID({ collection: Slugs.users, id, depth: 0 })

  beforeAll(async () => {
    roles = await builtInRoles(ctx.payload)
    tenant.group = (await createTenant(ctx.payload, 'group')).id
    tenant.plant = (await createTenant(ctx.payload, 'plant', tenant.group)).id
    tenant.sibling = (await createTenant(ctx.payload, 'sibling')).id
    tenant.other = (await createTenant(ctx.payload, 'other')).id
    user.vendor = await createVendorAdmin(ctx.payload, as('vendor@atrium.test'))
    user.manager = await ctx.payload.create({
      collection: Slugs.users,
      data: {
        ...as('manager@atrium.test'),
        name: 'Manager',
        kind: 'staff',
        staffRoles: [roles[BuiltInRoles.accountManager]],
        assignedTenants: [tenant.sibling],
      },
    })
    user.groupAdmin = await createClientUser(
      ctx.payload,
      as('admin@group.test'),
      tenant.group,
      BuiltInRoles.clientAdmin,
    )
    user.groupMember = await createClientUser(
      ctx.payload,
      as('member@group.test'),
      tenant.group,
      BuiltInRoles.clientMember,
    )
    user.plantAdmin = await createClientUser(
      ctx.payload,
      as('admin@plant.test'),
      tenant.plant,
      BuiltInRoles.clientAdmin,
    )
    user.plantViewer = await createClientUser(
      ctx.payload,
      as('viewer@plant.test'),
      tenant.plant,
      BuiltInRoles.clientViewer,
    )
    user.siblingAdmin = await createClientUser(
      ctx.payload,
      as('admin@sibling.test'),
      tenant.sibling,
      BuiltInRoles.clientAdmin,
    )
    const mediaCollection = ctx.payload.config.collections.find((c) => c.slug === Slugs.media)!
    for (const key of Object.keys(tenant)) {
      media[key] = (await ctx.payload.create(await sampleDocument(ctx.payload, mediaCollection, tenant[key]!))).id
    }
    app = await testApp(ctx)
    for (const [key, value] of Object.entries(user)) tokens[key] = await login(app, value.email, PASSWORD)
  })

  describe('refusals', () => {
    it.each([Slugs.tenants, Slugs.users, Slugs.media, Slugs.roles])(
      'answers an anonymous list of %s with 403',
      async (slug) => {
        expect((await request(app).get(`/api/${slug}`)).status).toBe(403)
      },
    )

    it.each([
      ['kind', { kind: 'staff' }],
      ['memberships', () => ({ memberships: [{ tenant: tenant.other, roles: [roles[BuiltInRoles.clientAdmin]] }] })],
      ['roles', () => ({ memberships: [{ tenant: tenant.group, roles: [roles[BuiltInRoles.clientAdmin]] }] })],
      ['active state', { active: false }],
      ['staff roles', () => ({ staffRoles: [roles[BuiltInRoles.vendorAdmin]] })],
    ])("refuses a client user's change of their own %s with 403, changing nothing", async (_what, body) => {
      const before = await reload(user.groupMember!.id)
      const res = await request(app)
        .patch(`/api/users/${user.groupMember!.id}`)
        .set(auth('groupMember'))
        .send(typeof body === 'function' ? body() : body)
      expect(res.status).toBe(403)
      expect(await reload(user.groupMember!.id)).toEqual(before)
    })

    it('refuses a client administrator changing their own roles, too', async () => {
      const res = await request(app)
        .patch(`/api/users/${user.plantAdmin!.id}`)
        .set(auth('plantAdmin'))
        .send({ memberships: [{ tenant: tenant.group, roles: [roles[BuiltInRoles.clientAdmin]] }] })
      expect(res.status).toBe(403)
      expect(res.body.error.id).toBe('own_access_unchanged')
    })

    it("keeps client users out of Payload's document locks, which point at any tenant's documents", async () => {
      expect((await request(app).get('/api/payload-locked-documents').set(auth('groupAdmin'))).status).toBe(403)
      const lock = await request(app)
        .post('/api/payload-locked-documents')
        .set(auth('groupAdmin'))
        .send({ document: { relationTo: Slugs.media, value: media.sibling }, globalSlug: null })
      expect(lock.status).toBe(403)
      expect((await request(app).get('/api/payload-locked-documents').set(auth('vendor'))).status).toBe(200)
    })

    it("keeps client users out of Payload's job scheduler stats, and everyone from changing them", async () => {
      const stats = '/api/globals/payload-jobs-stats'
      expect((await request(app).get(stats).set(auth('groupAdmin'))).status).toBe(403)
      // Scheduling reads when each task was last queued: a far-off date would stop the digests.
      const future = { stats: { scheduledRuns: { queues: { scheduled: { tasks: {} } } } } }
      expect((await request(app).post(stats).set(auth('groupAdmin')).send(future)).status).toBe(403)
      expect((await request(app).post(stats).set(auth('vendor')).send(future)).status).toBe(403)
      expect((await request(app).get(stats).set(auth('vendor'))).status).toBe(200)
    })

    it.each(['where[hash][like]=a', 'where[salt][exists]=true', 'where[resetPasswordToken][exists]=true', 'sort=hash'])(
      'refuses %s: password secrets are no query oracle (400)',
      async (query) => {
        const res = await request(app).get(`/api/users?${query}`).set(auth('groupAdmin'))
        expect(res.status).toBe(400)
        expect(res.body.error.id).toBe('invalid_query')
      },
    )

    it('lets a user change their own name', async () => {
      const res = await request(app)
        .patch(`/api/users/${user.groupMember!.id}`)
        .set(auth('groupMember'))
        .send({ name: 'Renamed' })
      expect(res.status).toBe(200)
      expect(res.body.doc.name).toBe('Renamed')
    })

    it("refuses a field the user's rules do not let them write, naming it", async () => {
      const res = await request(app)
        .patch(`/api/users/${user.groupMember!.id}`)
        .set(auth('groupMember'))
        .send({ email: 'taken-over@example.com' })
      expect(res.status).toBe(403)
      expect(res.body.error).toMatchObject({ id: 'field_not_writable' })
      expect(res.body.error.message).toContain('email')
    })
  })

  describe('hierarchy', () => {
    it("shows a parent's administrator the parent and its sub-accounts, never a sibling", async () => {
      expect(ids(await request(app).get('/api/tenants').set(auth('groupAdmin')))).toEqual([tenant.group, tenant.plant])
      expect(ids(await request(app).get('/api/media').set(auth('groupAdmin')))).toEqual([media.group, media.plant])
    })

    it("shows a sub-account's users their own account only, never the parent's", async () => {
      expect(ids(await request(app).get('/api/tenants').set(auth('plantViewer')))).toEqual([tenant.plant])
      expect(ids(await request(app).get('/api/media').set(auth('plantAdmin')))).toEqual([media.plant])
      expect((await request(app).get(`/api/media/${media.group}`).set(auth('plantAdmin'))).status).toBe(404)
      expect((await request(app).get(`/api/tenants/${tenant.group}`).set(auth('plantAdmin'))).status).toBe(404)
    })

    it('shows staff what their roles allow: an account manager their assigned accounts, a vendor admin all', async () => {
      expect(ids(await request(app).get('/api/tenants').set(auth('manager')))).toEqual([tenant.sibling])
      expect(ids(await request(app).get('/api/tenants').set(auth('vendor')))).toEqual(
        Object.values(tenant).sort((a, b) => a - b),
      )
    })

    it('confines a client role that forgot its conditions to the member’s tenants', async () => {
      const careless = await ctx.payload.create({
        collection: Slugs.roles,
        data: { name: 'Careless', audience: 'client', permissions: [{ action: 'read', subject: 'all' }] },
      })
      await ctx.payload.create({
        collection: Slugs.users,
        data: {
          ...as('careless@plant.test'),
          name: 'Careless',
          kind: 'client',
          memberships: [{ tenant: tenant.plant!, roles: [careless.id] }],
        },
      })
      const token = await login(app, 'careless@plant.test', PASSWORD)
      const seen = await request(app).get('/api/tenants').set('Authorization', `JWT ${token}`)
      expect(ids(seen)).toEqual([tenant.plant])
    })
  })

  describe('delegated administration', () => {
    const newUser = (email: string, tenantId: number, role: number) => ({
      ...as(email),
      name: email,
      kind: 'client',
      memberships: [{ tenant: tenantId, roles: [role] }],
    })

    it('lets a client administrator invite a user to a sub-account with a role they hold', async () => {
      const res = await request(app)
        .post('/api/users')
        .set(auth('groupAdmin'))
        .send(newUser('new@plant.test', tenant.plant!, roles[BuiltInRoles.clientAdmin]))
      expect(res.status).toBe(201)
    })

    it('refuses granting a role the administrator does not hold', async () => {
      const res = await request(app)
        .post('/api/users')
        .set(auth('groupAdmin'))
        .send(newUser('approver@group.test', tenant.group!, roles[BuiltInRoles.clientApprover]))
      expect(res.status).toBe(403)
      expect(
        await ctx.payload.count({ collection: Slugs.users, where: { email: { equals: 'approver@group.test' } } }),
      ).toMatchObject({ totalDocs: 0 })
    })

    it('refuses creating a staff user, or a user of another tenant', async () => {
      const staff = await request(app)
        .post('/api/users')
        .set(auth('groupAdmin'))
        .send({ ...as('sneaky@group.test'), name: 'Sneaky', kind: 'staff' })
      expect(staff.status).toBe(403)
      const elsewhere = await request(app)
        .post('/api/users')
        .set(auth('plantAdmin'))
        .send(newUser('elsewhere@sibling.test', tenant.sibling!, roles[BuiltInRoles.clientMember]))
      expect(elsewhere.status).toBe(403)
      const upward = await request(app)
        .post('/api/users')
        .set(auth('plantAdmin'))
        .send(newUser('upward@group.test', tenant.group!, roles[BuiltInRoles.clientMember]))
      expect(upward.status).toBe(403)
    })

    it("answers 404 when a sub-account's administrator reaches for a parent's user", async () => {
      const res = await request(app)
        .patch(`/api/users/${user.groupMember!.id}`)
        .set(auth('plantAdmin'))
        .send({ active: false })
      expect(res.status).toBe(404)
      expect((await reload(user.groupMember!.id)).active).toBe(true)
    })

    it('deactivates a user of their tenant, who can then no longer sign in', async () => {
      const res = await request(app)
        .patch(`/api/users/${user.plantViewer!.id}`)
        .set(auth('plantAdmin'))
        .send({ active: false })
      expect(res.status).toBe(200)
      const signIn = await request(app).post('/api/users/login').send(as('viewer@plant.test'))
      expect(signIn.status).toBe(403)
      expect(signIn.body.error.id).toBe('account_inactive')
      // and the token issued earlier no longer signs anyone in: its session ended (issue 15)
      const replay = await request(app).get('/api/tenants').set(auth('plantViewer'))
      expect(replay.status).toBe(401)
      expect(replay.body.error.id).toBe('session_ended')
    })

    it('changes the roles of a user of their tenant to ones they hold', async () => {
      const res = await request(app)
        .patch(`/api/users/${user.groupMember!.id}`)
        .set(auth('groupAdmin'))
        .send({ memberships: [{ tenant: tenant.group, roles: [roles[BuiltInRoles.clientAdmin]] }] })
      expect(res.status).toBe(200)
    })

    it('stops a revoked role from working on the very next request', async () => {
      expect((await request(app).get('/api/users').set(auth('siblingAdmin'))).body.docs.length).toBeGreaterThan(0)
      await ctx.payload.update({
        collection: Slugs.users,
        id: user.siblingAdmin!.id,
        data: { memberships: [{ tenant: tenant.sibling, roles: [roles[BuiltInRoles.clientViewer]] }] },
      })
      const after = await request(app).get('/api/users').set(auth('siblingAdmin'))
      expect(ids(after)).toEqual([user.siblingAdmin!.id])
    })
  })

  describe('tenants', () => {
    it('keeps a suspended tenant’s users out', async () => {
      await ctx.payload.update({ collection: Slugs.tenants, id: tenant.sibling!, data: { status: 'suspended' } })
      const res = await request(app).post('/api/users/login').send(as('admin@sibling.test'))
      expect(res.status).toBe(403)
      expect(res.body.error.id).toBe('tenant_suspended')
      // Their sessions ended with the suspension (issue 15): the old token answers 401.
      expect((await request(app).get('/api/tenants').set(auth('siblingAdmin'))).status).toBe(401)
      await ctx.payload.update({ collection: Slugs.tenants, id: tenant.sibling!, data: { status: 'active' } })
    })

    it.each([
      ['itself', () => tenant.group],
      ['its own sub-account', () => tenant.plant],
    ])('refuses a parent that is %s (400), changing nothing', async (_what, parent) => {
      const res = await request(app)
        .patch(`/api/tenants/${tenant.group}`)
        .set(auth('vendor'))
        .send({ parent: parent() })
      expect(res.status).toBe(400)
      expect(res.body.error.id).toBe('tenant_cycle')
    })

    it('normalises custom domains and refuses malformed or duplicate ones', async () => {
      const ok = await request(app)
        .patch(`/api/tenants/${tenant.other}`)
        .set(auth('vendor'))
        .send({ domains: [{ domain: ' Portal.Example.COM. ' }] })
      expect(ok.status).toBe(200)
      expect(ok.body.doc.domains[0].domain).toBe('portal.example.com')
      for (const domain of ['https://x.example.com/path', 'not a host', 'localhost:3000']) {
        const bad = await request(app)
          .patch(`/api/tenants/${tenant.other}`)
          .set(auth('vendor'))
          .send({ domains: [{ domain }] })
        expect(bad.status).toBe(400)
      }
      const taken = await request(app)
        .patch(`/api/tenants/${tenant.sibling}`)
        .set(auth('vendor'))
        .send({ domains: [{ domain: 'portal.example.com' }] })
      expect(taken.status).toBe(400)
    })

    it('refuses bad branding colours, time zones and slugs', async () => {
      for (const body of [
        { branding: { primaryColor: 'red' } },
        { timezone: 'Mars/Olympus' },
        { slug: 'Has Spaces' },
      ]) {
        const res = await request(app).patch(`/api/tenants/${tenant.other}`).set(auth('vendor')).send(body)
        expect(res.status).toBe(400)
      }
    })
  })

  describe('role rules', () => {
    const post = (permissions: unknown[]) =>
      request(app)
        .post('/api/roles')
        .set(auth('vendor'))
        .send({ name: `Bad ${Math.random()}`, audience: 'client', permissions })

    it.each([
      [
        [{ action: 'read', subject: 'media', conditions: [{ field: 'alt', operator: 'regex', value: '.*' }] }],
        'operator',
      ],
      [[{ action: 'read', subject: 'invoices' }], 'subject'],
      [[{ action: 'read', subject: 'media', fields: ['secret'] }], 'secret'],
      [
        [
          {
            action: 'read',
            subject: 'media',
            conditions: [{ field: 'tenant', operator: 'eq', value: '${user.nothing}' }],
          },
        ],
        'user.nothing',
      ],
      [[{ action: 'read', subject: 'media', fields: ['__proto__'] }], '__proto__'],
    ])('refuses %j with 400 naming %s, storing nothing', async (permissions, named) => {
      const before = await ctx.payload.count({ collection: Slugs.roles })
      const res = await post(permissions)
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toContain(named)
      expect((await ctx.payload.count({ collection: Slugs.roles })).totalDocs).toBe(before.totalDocs)
    })

    it('refuses role management to a client administrator', async () => {
      const res = await request(app)
        .post('/api/roles')
        .set(auth('groupAdmin'))
        .send({ name: 'Escalate', audience: 'staff', permissions: [{ action: 'manage', subject: 'all' }] })
      expect(res.status).toBe(403)
    })

    it('refuses a role given to a client user that is meant for staff', async () => {
      const res = await request(app)
        .post('/api/users')
        .set(auth('vendor'))
        .send({
          ...as('mixed@group.test'),
          name: 'Mixed',
          kind: 'client',
          memberships: [{ tenant: tenant.group, roles: [roles[BuiltInRoles.vendorAdmin]] }],
        })
      expect(res.status).toBe(400)
      expect(res.body.error.id).toBe('invalid_role')
    })
  })

  describe('tenant-owned data', () => {
    it("fills in the member's tenant on create, and refuses another tenant's id", async () => {
      const mediaCollection = ctx.payload.config.collections.find((c) => c.slug === Slugs.media)!
      const sample = await sampleDocument(ctx.payload, mediaCollection, tenant.sibling!)
      const upload = (data: Record<string, unknown>) =>
        request(app)
          .post('/api/media')
          .set(auth('groupAdmin'))
          .field('_payload', JSON.stringify(data))
          .attach('file', Buffer.from(sample.file!.data), { filename: sample.file!.name, contentType: 'image/png' })
      const foreign = await upload({ alt: 'x', tenant: tenant.sibling })
      expect(foreign.status).toBe(403)
      const own = await upload({ alt: 'x' })
      expect(own.status).toBe(201)
      expect(own.body.doc.tenant).toMatchObject({ id: tenant.group })
    })

    it('refuses moving a document to another tenant', async () => {
      const res = await request(app)
        .patch(`/api/media/${media.group}`)
        .set(auth('groupAdmin'))
        .send({ tenant: tenant.plant })
      expect(res.status).toBe(403)
    })
  })
})
