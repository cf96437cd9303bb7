/**
 * The portal's own account pages: the profile (a person's name, roles and approval limit) and the
 * delegated administration of an organisation's people by its client administrator, through the
 * tenancy API's rules; and the tenant's logo in every page's header.
 */
import type { Server } from 'node:http'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import type { User } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { csrfOf, originOf, portalSignIn, postForm } from '../harness/portal'
import { builtInRoles } from '../harness/users'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const SLUG = 'pa-acme'
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

describeEachDatabase('portal profile, people and logo', (ctx) => {
  let server: Server
  let f: WorkflowFixture
  let clientAdmin: User
  let roles: Awaited<ReturnType<typeof builtInRoles>>

  const as = (user: User) =>
    portalSignIn(server, originOf(server), SLUG, { email: user.email, password: FIXTURE_PASSWORD })
  const reload = async (user: User) =>
    (await ctx.payload.findByID({ collection: Slugs.users, id: user.id, depth: 0 })) as User
  const rolesHere = (user: User) =>
    (user.memberships ?? []).filter((m) => m.tenant === f.tenant).flatMap((m) => m.roles as number[])

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, 'pa')
    roles = await builtInRoles(ctx.payload)
    clientAdmin = (await ctx.payload.create({
      collection: Slugs.users,
      data: {
        email: 'client-admin@pa.test',
        password: FIXTURE_PASSWORD,
        name: 'Client Admin',
        kind: 'client',
        memberships: [{ tenant: f.tenant, roles: [roles[BuiltInRoles.clientAdmin], roles[BuiltInRoles.clientMember]] }],
      },
    })) as User
    server = (await testApp(ctx)).listen(0)
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  describe('profile', () => {
    it('sends a signed-out visitor to sign-in and back to the profile', async () => {
      const res = await request(server).get(`/t/${SLUG}/profile`)
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe(`/t/${SLUG}/sign-in?next=${encodeURIComponent(`/t/${SLUG}/profile`)}`)
    })

    it('refuses a name change posted without the form token (403), changing nothing', async () => {
      const browser = await as(f.requester)
      const res = await browser
        .post(`/t/${SLUG}/profile`)
        .set('Origin', originOf(server))
        .type('form')
        .send({ name: 'Mallory' })
      expect(res.status).toBe(403)
      expect((await reload(f.requester)).name).toBe(f.requester.name)
    })

    it('shows the email and the roles held here, and saves a new name, escaped everywhere', async () => {
      const browser = await as(f.requester)
      const page = await browser.get(`/t/${SLUG}/profile`)
      expect(page.status).toBe(200)
      expect(page.text).toContain(f.requester.email)
      expect(page.text).toContain('Client member')
      const hostile = '<script>alert(1)</script> Rita'
      const res = await postForm(browser, server, `/t/${SLUG}/profile`, `/t/${SLUG}/profile`, { name: hostile })
      expect(res.status).toBe(303)
      const after = await browser.get(res.headers.location as string)
      expect(after.text).toContain('Your profile was saved.')
      expect(after.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Rita')
      expect(after.text).not.toContain('<script>')
      expect((await reload(f.requester)).name).toBe(hostile)
    })

    it('refuses an empty name with a message at the input, keeping the stored one', async () => {
      const browser = await as(f.viewer)
      const res = await postForm(browser, server, `/t/${SLUG}/profile`, `/t/${SLUG}/profile`, { name: '   ' })
      expect(res.status).toBe(400)
      expect(res.text).toContain('id="profile-name-error"')
      expect((await reload(f.viewer)).name).toBe(f.viewer.name)
    })
  })

  describe('people', () => {
    it('is not there (404, no link) for someone who does not administer people', async () => {
      const browser = await as(f.requester)
      expect((await browser.get(`/t/${SLUG}/people`)).status).toBe(404)
      expect((await browser.get(`/t/${SLUG}/`)).text).not.toContain(`href="/t/${SLUG}/people"`)
      const res = await postForm(browser, server, `/t/${SLUG}/`, `/t/${SLUG}/people/${f.viewer.id}`, {
        roles: String(roles[BuiltInRoles.clientAdmin]),
        active: 'on',
      })
      expect(res.status).toBe(404)
      expect(rolesHere(await reload(f.viewer))).toEqual([roles[BuiltInRoles.clientViewer]])
    })

    it("lists the organisation's people to its administrator, never another tenant's", async () => {
      const browser = await as(clientAdmin)
      const home = await browser.get(`/t/${SLUG}/`)
      expect(home.text).toContain(`href="/t/${SLUG}/people"`)
      const page = await browser.get(`/t/${SLUG}/people`)
      expect(page.status).toBe(200)
      expect(page.text).toContain(f.viewer.email)
      expect(page.text).toContain(f.cfo.email)
      expect(page.text).not.toContain(f.outsider.email)
      expect(page.text).not.toContain(`>${f.admin.email}<`)
    })

    it('adds a person with roles the administrator holds, and refuses a role they do not hold', async () => {
      const browser = await as(clientAdmin)
      const refused = await postForm(browser, server, `/t/${SLUG}/people`, `/t/${SLUG}/people`, {
        name: 'Fiona',
        email: 'fiona@pa.test',
        password: 'a-long-initial-password',
        roles: String(roles[BuiltInRoles.clientFinanceLead]),
      })
      expect(refused.status).toBe(400)
      expect(refused.text).toContain('Choose at least one role')
      expect(refused.text).toContain('value="fiona@pa.test"')
      const none = await ctx.payload.find({ collection: Slugs.users, where: { email: { equals: 'fiona@pa.test' } } })
      expect(none.totalDocs).toBe(0)

      const res = await postForm(browser, server, `/t/${SLUG}/people`, `/t/${SLUG}/people`, {
        name: 'Nina',
        email: 'nina@pa.test',
        password: 'a-long-initial-password',
        roles: [String(roles[BuiltInRoles.clientMember]), String(roles[BuiltInRoles.clientFinanceLead])],
      })
      expect(res.status).toBe(303)
      const { docs } = await ctx.payload.find({
        collection: Slugs.users,
        where: { email: { equals: 'nina@pa.test' } },
        depth: 0,
      })
      const nina = docs[0] as User
      expect(nina.kind).toBe('client')
      expect(rolesHere(nina)).toEqual([roles[BuiltInRoles.clientMember]])
      await portalSignIn(server, originOf(server), SLUG, { email: 'nina@pa.test', password: 'a-long-initial-password' })
    })

    it('refuses an email already taken with a message, changing nothing', async () => {
      const browser = await as(clientAdmin)
      const res = await postForm(browser, server, `/t/${SLUG}/people`, `/t/${SLUG}/people`, {
        name: 'Copy',
        email: f.outsider.email,
        password: 'a-long-initial-password',
        roles: String(roles[BuiltInRoles.clientMember]),
      })
      expect(res.status).toBe(400)
      expect(res.text).toMatch(/email/i)
      expect((await reload(f.outsider)).memberships?.map((m) => m.tenant)).toEqual([f.otherTenant])
    })

    it("changes someone's roles here and deactivates them; they can no longer sign in", async () => {
      const browser = await as(clientAdmin)
      const target = (await ctx.payload.create({
        collection: Slugs.users,
        data: {
          email: 'mo@pa.test',
          password: FIXTURE_PASSWORD,
          name: 'Mo',
          kind: 'client',
          memberships: [{ tenant: f.tenant, roles: [roles[BuiltInRoles.clientMember]] }],
        },
      })) as User
      await as(target)
      const res = await postForm(browser, server, `/t/${SLUG}/people`, `/t/${SLUG}/people/${target.id}`, {
        roles: [String(roles[BuiltInRoles.clientMember]), String(roles[BuiltInRoles.clientAdmin])],
      })
      expect(res.status).toBe(303)
      const after = await reload(target)
      expect(rolesHere(after).sort()).toEqual(
        [roles[BuiltInRoles.clientMember], roles[BuiltInRoles.clientAdmin]].sort(),
      )
      expect(after.active).toBe(false)
      await expect(as(target)).rejects.toThrow('answered 401')
    })

    it('refuses taking away every role, and any change to the administrator themselves', async () => {
      const browser = await as(clientAdmin)
      const empty = await postForm(browser, server, `/t/${SLUG}/people`, `/t/${SLUG}/people/${f.requester.id}`, {
        active: 'on',
      })
      expect(empty.status).toBe(400)
      expect(empty.text).toContain('Choose at least one role, or deactivate the person instead')
      expect(rolesHere(await reload(f.requester))).toEqual([roles[BuiltInRoles.clientMember]])

      const self = await postForm(browser, server, `/t/${SLUG}/people`, `/t/${SLUG}/people/${clientAdmin.id}`, {
        roles: String(roles[BuiltInRoles.clientAdmin]),
      })
      expect(self.status).toBe(403)
      expect((await reload(clientAdmin)).active).toBe(true)
    })

    it("answers 404 for another tenant's person and for ids that are no id, changing nothing", async () => {
      const browser = await as(clientAdmin)
      for (const id of [String(f.outsider.id), '999999', 'abc', '1%20OR%201=1']) {
        const res = await postForm(browser, server, `/t/${SLUG}/people`, `/t/${SLUG}/people/${id}`, {
          roles: String(roles[BuiltInRoles.clientMember]),
          active: 'on',
        })
        expect(res.status).toBe(404)
      }
      expect((await reload(f.outsider)).memberships?.map((m) => m.tenant)).toEqual([f.otherTenant])
    })
  })

  describe('logo', () => {
    it("serves the tenant's own image as its logo, and nothing for a file of another tenant", async () => {
      expect((await request(server).get(`/t/${SLUG}/logo`)).status).toBe(404)
      const upload = (tenant: number) =>
        ctx.payload.create({
          collection: Slugs.media,
          data: { alt: 'logo', tenant },
          file: { data: PNG, mimetype: 'image/png', name: `logo-${tenant}.png`, size: PNG.length },
        })
      const own = await upload(f.tenant)
      const foreign = await upload(f.otherTenant)
      await ctx.payload.update({ collection: Slugs.tenants, id: f.tenant, data: { branding: { logo: own.id } } })
      // The portal keeps a tenant for a few seconds: ask a fresh app.
      const fresh = (await testApp(ctx)).listen(0)
      try {
        const logo = await request(fresh).get(`/t/${SLUG}/logo`)
        expect(logo.status).toBe(200)
        expect(logo.headers['content-type']).toBe('image/png')
        expect(Buffer.compare(logo.body as Buffer, PNG)).toBe(0)
        const signIn = await request(fresh).get(`/t/${SLUG}/sign-in`)
        expect(signIn.text).toContain(`src="/t/${SLUG}/logo"`)
        expect(csrfOf(signIn.text)).not.toBe('')

        await ctx.payload.update({ collection: Slugs.tenants, id: f.tenant, data: { branding: { logo: foreign.id } } })
        const other = (await testApp(ctx)).listen(0)
        try {
          expect((await request(other).get(`/t/${SLUG}/logo`)).status).toBe(404)
        } finally {
          other.close()
        }
      } finally {
        fresh.close()
      }
    })
  })
})
