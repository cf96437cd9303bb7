/**
 * The portal side of notifications (issue 14): the bell's unread count on every page, the list and
 * marking read, the preference center and the unsubscribe link of every email. Entries come from
 * real events (published, fanned out by the job) or, where only the page is under test, from rows
 * written as the system; every read and write of the person goes through their personal rules.
 */
import type { Server } from 'node:http'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { eventCatalogue } from '../../src/notifications/catalogue'
import { notificationEmail, personalLinks } from '../../src/notifications/emailMessage'
import { unsubscribeToken } from '../../src/notifications/unsubscribe'
import type { Notification, NotificationPreference, Tenant, User } from '../../src/payload-types'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { notifyPerson } from '../harness/notifications'
import { originOf, portalSignIn, postForm } from '../harness/portal'
import { createWorkflowFixture, FIXTURE_PASSWORD, type WorkflowFixture } from '../harness/workflowFixtures'

const SLUG = 'pn-acme'
const BASE = `/t/${SLUG}`

describeEachDatabase('portal notifications: the bell, preferences and unsubscribe', (ctx) => {
  let server: Server
  let f: WorkflowFixture
  let tenant: Tenant

  // One session per person: signing in again for every form would run into the sign-in throttle.
  const sessions = new Map<string, ReturnType<typeof portalSignIn>>()
  const as = (user: User) => {
    let session = sessions.get(String(user.id))
    if (!session) {
      session = portalSignIn(server, originOf(server), SLUG, { email: user.email, password: FIXTURE_PASSWORD })
      sessions.set(String(user.id), session)
    }
    return session
  }

  const notify = (user: User, comment?: string) => notifyPerson(ctx.payload, f.tenant, user, comment)

  const bellOf = async (user: User) =>
    (
      await ctx.payload.find({
        collection: Slugs.notifications,
        where: { recipient: { equals: user.id } },
        sort: '-createdAt',
        pagination: false,
        depth: 0,
      })
    ).docs as Notification[]

  const preferencesOf = async (user: User, at: number = f.tenant) =>
    (
      await ctx.payload.find({
        collection: Slugs.notificationPreferences,
        where: { key: { equals: `${user.id}:${at}` } },
        depth: 0,
      })
    ).docs[0] as NotificationPreference | undefined

  const person = (name: string, email: string, extraRoles: number[] = []) =>
    ctx.payload.create({
      collection: Slugs.users,
      data: {
        email,
        password: FIXTURE_PASSWORD,
        name,
        kind: 'client',
        memberships: [
          { tenant: f.tenant, roles: [...(f.requester.memberships![0]!.roles as number[]), ...extraRoles] },
        ],
      } as never,
    }) as Promise<User>

  const form = (extra: Record<string, string | string[]> = {}) => ({
    'c.request.submitted.bell': 'on',
    'c.request.commented.email': 'on',
    'c.request.commented.bell': 'on',
    'm.request.commented': 'digest',
    digestFrequency: 'daily',
    digestDay: 'monday',
    digestHour: '7',
    ...extra,
  })
  const save = async (user: User, fields: Record<string, string | string[]>) =>
    postForm(await as(user), server, `${BASE}/notifications/preferences`, `${BASE}/notifications/preferences`, fields)

  beforeAll(async () => {
    f = await createWorkflowFixture(ctx.payload, 'pn')
    tenant = (await ctx.payload.findByID({ collection: Slugs.tenants, id: f.tenant, depth: 0 })) as Tenant
    server = (await testApp(ctx)).listen(0)
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  describe('the bell and its list', () => {
    it('sends a signed-out visitor to sign-in and back to the notifications', async () => {
      const res = await request(server).get(`${BASE}/notifications`)
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe(`${BASE}/sign-in?next=${encodeURIComponent(`${BASE}/notifications`)}`)
    })

    it('shows the unread count in the header of every page, from published events', async () => {
      const reader = await person('Rhea Reader', 'rhea@pn.test')
      await notify(reader)
      await notify(reader)
      expect(await bellOf(reader)).toHaveLength(2)
      const browser = await as(reader)
      for (const path of ['/', '/profile', '/notifications']) {
        const page = await browser.get(`${BASE}${path}`)
        expect(page.status).toBe(200)
        expect(page.text).toContain(`href="${BASE}/notifications" aria-label="Notifications, 2 unread"`)
        expect(page.text).toContain('<span class="bell-count" aria-hidden="true">2</span>')
      }
      const other = await (await as(f.viewer)).get(`${BASE}/`)
      expect(other.text).toContain('aria-label="Notifications, none unread"')
      expect(other.text).not.toContain('class="bell-count"')
    })

    it('lists the entries newest first, with HTML in titles and bodies escaped', async () => {
      const hostile = await person('<img src=x onerror=alert(1)> Hugo', 'hugo@pn.test')
      await notify(hostile, 'first <b>note</b>')
      await notify(hostile, '<script>alert(2)</script> second')
      const page = await (await as(hostile)).get(`${BASE}/notifications`)
      expect(page.status).toBe(200)
      expect(page.text).not.toContain('<script>alert(2)')
      expect(page.text).not.toContain('<img src=x')
      expect(page.text).toContain('&lt;script&gt;alert(2)&lt;/script&gt; second')
      expect(page.text).toContain(
        'Someone commented on a request: &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; Hugo&#x27;s laptops',
      )
      expect(page.text.indexOf('second')).toBeLessThan(page.text.indexOf('first &lt;b&gt;note'))
      expect(page.text.match(/class="unread-mark"/g)).toHaveLength(2)
    })

    it('marks one read and goes back to the list, where the count has dropped', async () => {
      const reader = await person('Mona Marker', 'mona@pn.test')
      await notify(reader)
      await notify(reader)
      const [newest, older] = await bellOf(reader)
      const browser = await as(reader)
      const res = await postForm(browser, server, `${BASE}/notifications`, `${BASE}/notifications/${newest!.id}/read`, {
        back: `${BASE}/notifications`,
      })
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe(`${BASE}/notifications?done=read`)
      const [after] = (await bellOf(reader)).filter((n) => n.id === newest!.id)
      expect(after!.readAt).toBeTruthy()
      expect((await bellOf(reader)).find((n) => n.id === older!.id)!.readAt).toBeFalsy()
      const list = await browser.get(res.headers.location as string)
      expect(list.text).toContain('Marked as read.')
      expect(list.text).toContain('aria-label="Notifications, 1 unread"')
      expect(list.text).toContain(`id="notification-${newest!.id}"`)
    })

    it("marks one read and opens the item's page", async () => {
      const reader = await person('Otto Opener', 'otto@pn.test')
      await notify(reader)
      const [entry] = await bellOf(reader)
      expect(entry!.url).toBe(`${BASE}/requests/${entry!.itemId}`)
      const browser = await as(reader)
      const res = await postForm(browser, server, `${BASE}/notifications`, `${BASE}/notifications/${entry!.id}/read`, {
        go: 'item',
      })
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe(entry!.url)
      expect((await bellOf(reader))[0]!.readAt).toBeTruthy()
    })

    it('marks all read', async () => {
      const reader = await person('Ada Allread', 'ada@pn.test')
      await notify(reader)
      await notify(reader)
      await notify(reader)
      const browser = await as(reader)
      const res = await postForm(browser, server, `${BASE}/notifications`, `${BASE}/notifications/read-all`, {})
      expect(res.status).toBe(303)
      expect((await bellOf(reader)).map((n) => Boolean(n.readAt))).toEqual([true, true, true])
      const list = await browser.get(res.headers.location as string)
      expect(list.text).toContain('aria-label="Notifications, none unread"')
      expect(list.text).not.toContain('Mark all as read')
    })

    it("answers 404 for someone else's notification, an unknown or a malformed id, changing nothing", async () => {
      const owner = await person('Olga Owner', 'olga@pn.test')
      await notify(owner)
      const [theirs] = await bellOf(owner)
      const browser = await as(f.requester)
      for (const id of [String(theirs!.id), '999999', 'abc', '1 OR 1=1']) {
        const res = await postForm(
          browser,
          server,
          `${BASE}/notifications`,
          `${BASE}/notifications/${encodeURIComponent(id)}/read`,
          {},
        )
        expect(res.status).toBe(404)
      }
      expect((await bellOf(owner))[0]!.readAt).toBeFalsy()
      // Staff read everyone's notifications through their roles; the bell still marks only their own.
      const staff = await as(f.admin)
      const res = await postForm(staff, server, `${BASE}/notifications`, `${BASE}/notifications/${theirs!.id}/read`, {})
      expect(res.status).toBe(404)
      expect((await bellOf(owner))[0]!.readAt).toBeFalsy()
      expect((await staff.get(`${BASE}/notifications`)).text).not.toContain(`id="notification-${theirs!.id}"`)
    })

    it('refuses marking read without the form token (403)', async () => {
      const reader = await person('Tom Token', 'tom@pn.test')
      await notify(reader)
      const [entry] = await bellOf(reader)
      const browser = await as(reader)
      const res = await browser
        .post(`${BASE}/notifications/${entry!.id}/read`)
        .set('Origin', originOf(server))
        .type('form')
        .send({})
      expect(res.status).toBe(403)
      expect((await bellOf(reader))[0]!.readAt).toBeFalsy()
    })

    it('pages through many entries, newest first, 20 a page', async () => {
      const reader = await person('Pia Pager', 'pia@pn.test')
      const start = Date.now() - 60_000
      for (let i = 0; i < 25; i++) {
        const at = new Date(start + i * 1000).toISOString()
        await ctx.payload.create({
          collection: Slugs.notifications,
          data: {
            key: `page-test-${i}:${reader.id}`,
            recipient: reader.id,
            type: 'request.commented',
            tier: 'informational',
            title: `Entry number ${i}.`,
            url: `${BASE}/`,
            itemCollection: Slugs.requests,
            itemId: '1',
            inBell: true,
            tenant: f.tenant,
            createdAt: at,
          } as never,
        })
      }
      const browser = await as(reader)
      const first = await browser.get(`${BASE}/notifications`)
      expect(first.text.match(/class="notification unread"/g)).toHaveLength(20)
      expect(first.text).toContain('Entry number 24.')
      expect(first.text).not.toContain('Entry number 4.')
      expect(first.text).toContain(`href="${BASE}/notifications?page&#x3D;2" rel="next"`)
      const second = await browser.get(`${BASE}/notifications?page=2`)
      expect(second.text.match(/class="notification unread"/g)).toHaveLength(5)
      expect(second.text).toContain('Entry number 0.')
      expect((await browser.get(`${BASE}/notifications?page=abc`)).status).toBe(200)
      expect(first.text).toContain('aria-label="Notifications, 25 unread"')
    })
  })

  describe('preferences', () => {
    it('shows every event type of the catalogue, and that approvals one must give stay on', async () => {
      const page = await (await as(f.requester)).get(`${BASE}/notifications/preferences`)
      expect(page.status).toBe(200)
      for (const label of ['A request was submitted', 'Your approval is needed', 'A record field changed'])
        expect(page.text).toContain(label)
      expect(page.text).toContain('Approvals you must give always reach you by email and in the portal')
      expect(page.text).toMatch(/name="c\.approval\.needed\.email" checked disabled/)
      // In-app events have no email to choose.
      expect(page.text).not.toContain('name="c.record.fieldChanged.email"')
    })

    it("saves the person's choices for this client account as their own document", async () => {
      const res = await save(f.requester, form())
      expect(res.status).toBe(303)
      const saved = (await preferencesOf(f.requester))!
      expect(String(saved.user)).toBe(String(f.requester.id))
      expect((saved.choices as Record<string, unknown>)['request.submitted']).toEqual({ email: false })
      expect((saved.choices as Record<string, unknown>)['request.commented']).toEqual({ mode: 'digest' })
      expect(saved.digestFrequency).toBe('daily')
      expect(saved.digestDay).toBe('monday')
      expect(saved.digestHour).toBe(7)
      const page = await (await as(f.requester)).get(res.headers.location as string)
      expect(page.text).toContain('Your notification preferences were saved.')
      expect(page.text).toMatch(/name="m\.request\.commented" value="digest" checked/)
      expect(page.text).toMatch(/<option value="7" selected>07:00/)
    })

    it('refuses an unknown type, an unknown channel, a bad mode, an absurd hour or too many fields, storing nothing', async () => {
      const before = await preferencesOf(f.requester)
      const cases: [Record<string, string | string[]>, RegExp][] = [
        [form({ 'c.nope.thing.email': 'on' }), /there is no event &quot;nope.thing&quot;/],
        [form({ 'c.request.submitted.sms': 'on' }), /&quot;sms&quot; is not something &quot;request.submitted&quot;/],
        [form({ 'm.request.commented': 'weekly' }), /instant or digest/],
        [form({ digestHour: '99' }), /id="digest-hour-error"/],
        [form({ digestHour: '-1' }), /id="digest-hour-error"/],
        [form({ digestFrequency: 'hourly' }), /id="digest-frequency-error"/],
        [form({ digestDay: 'someday' }), /id="digest-day-error"/],
        [form({ digestHour: ['7', '8'] }), /sent twice/],
      ]
      for (const [fields, message] of cases) {
        const res = await save(f.requester, fields)
        expect(res.status).toBe(400)
        expect(res.headers['x-atrium-error']).toBeUndefined()
        expect(res.text).toContain('Nothing was saved.')
        expect(res.text).toMatch(message)
      }
      const many: Record<string, string> = form()
      for (let i = 0; i < 300; i++) many[`c.request.submitted.x${i}`] = 'on'
      const tooMany = await save(f.requester, many)
      expect(tooMany.status).toBe(400)
      expect(tooMany.text).toContain('more than it offers')
      // More fields than the form parser reads: refused before any handler runs.
      const flood: Record<string, string> = form()
      for (let i = 0; i < 1500; i++) flood[`f${i}`] = 'on'
      const flooded = await save(f.requester, flood)
      expect(flooded.status).toBe(400)
      expect(flooded.headers['x-atrium-error']).toBe('too_many_fields')
      expect(flooded.text).toContain('The form has more fields than any form here sends')
      // 10,000 fields are more bytes than a portal form may have.
      for (let i = 1500; i < 10_000; i++) flood[`f${i}`] = 'on'
      const huge = await save(f.requester, flood)
      expect(huge.status).toBe(413)
      expect(huge.headers['x-atrium-error']).toBe('body_too_large')
      expect(huge.text).toContain('The request body is larger than the limit of 65536 bytes')
      expect(await preferencesOf(f.requester)).toEqual(before)
    })

    it('keeps time zone and language read-only where the person may not change them', async () => {
      // The built-in roles let everyone change their own; a role without that rule does not.
      const role = await ctx.payload.create({
        collection: Slugs.roles,
        data: {
          name: 'PN fixed profile',
          audience: 'client',
          permissions: [
            {
              action: 'read',
              subject: Slugs.requests,
              conditions: [{ field: 'tenant', operator: 'in', value: '${user.tenantAndDescendants}' }],
            },
          ],
        } as never,
      })
      const fixed = (await ctx.payload.create({
        collection: Slugs.users,
        data: {
          email: 'fixed@pn.test',
          password: FIXTURE_PASSWORD,
          name: 'Fixed Profile',
          kind: 'client',
          memberships: [{ tenant: f.tenant, roles: [role.id] }],
        } as never,
      })) as User
      const page = await (await as(fixed)).get(`${BASE}/notifications/preferences`)
      expect(page.text).toContain('Your administrator can change them')
      expect(page.text).not.toContain('name="timeZone"')
      const res = await save(fixed, form({ timeZone: 'Europe/Berlin', locale: 'de-DE' }))
      expect(res.status).toBe(303)
      const me = (await ctx.payload.findByID({ collection: Slugs.users, id: fixed.id, depth: 0 })) as User
      expect(me.timeZone).toBe(fixed.timeZone)
    })

    it('saves time zone and language where a role lets the person change their own, refusing bad ones', async () => {
      const role = await ctx.payload.create({
        collection: Slugs.roles,
        data: {
          name: 'PN self-service profile',
          audience: 'client',
          permissions: [
            {
              action: 'update',
              subject: Slugs.users,
              fields: ['timeZone', 'locale'],
              conditions: [{ field: 'id', operator: 'eq', value: '${user.id}' }],
            },
          ],
        } as never,
      })
      const zoned = await person('Zoe Zone', 'zoe@pn.test', [role.id])
      const page = await (await as(zoned)).get(`${BASE}/notifications/preferences`)
      expect(page.text).toContain('name="timeZone"')
      for (const [fields, at] of [
        [{ timeZone: 'Mars/Olympus_Mons', locale: 'de-DE' }, 'pref-time-zone-error'],
        [{ timeZone: 'Europe/Berlin', locale: 'not a locale!' }, 'pref-locale-error'],
      ] as const) {
        const refused = await save(zoned, form(fields))
        expect(refused.status).toBe(400)
        expect(refused.text).toContain(`id="${at}"`)
      }
      expect(await preferencesOf(zoned)).toBeUndefined()
      const res = await save(zoned, form({ timeZone: 'Europe/Berlin', locale: 'de-DE' }))
      expect(res.status).toBe(303)
      const me = (await ctx.payload.findByID({ collection: Slugs.users, id: zoned.id, depth: 0 })) as User
      expect([me.timeZone, me.locale]).toEqual(['Europe/Berlin', 'de-DE'])
      expect((await preferencesOf(zoned))?.digestFrequency).toBe('daily')
    })

    it('changes nothing without the form token (403)', async () => {
      const browser = await as(f.cfo)
      const res = await browser
        .post(`${BASE}/notifications/preferences`)
        .set('Origin', originOf(server))
        .type('form')
        .send(form())
      expect(res.status).toBe(403)
      expect(await preferencesOf(f.cfo)).toBeUndefined()
    })
  })

  describe('unsubscribe', () => {
    const linkOf = (user: User, type: string) => {
      const url = new URL(personalLinks(ctx.payload, user, type, tenant).unsubscribeUrl!, 'http://atrium.invalid')
      return `${url.pathname}${url.search}`
    }
    const emailOn = async (user: User, type: string) =>
      ((await preferencesOf(user))?.choices as Record<string, { email?: boolean }> | undefined)?.[type]?.email !== false

    it("puts the email's link and its List-Unsubscribe header in the tenant's portal, and the link works", async () => {
      expect(linkOf(f.cfo, 'request.approved')).toMatch(new RegExp(`^${BASE}/unsubscribe\\?token=[\\w.%-]+$`))
      const email = await notificationEmail(ctx.payload, {
        template: 'notification',
        type: eventCatalogue(ctx.payload.config).get('user.invited')!,
        event: {
          id: 'e-1',
          type: 'user.invited',
          tenant: String(f.tenant),
          item: { id: String(f.viewer.id) },
          at: new Date().toISOString(),
        },
        item: f.viewer as unknown as Record<string, unknown>,
        tenant,
        user: f.viewer,
      })
      const header = /^<(.+)>$/.exec(email.headers['List-Unsubscribe']!)?.[1]
      expect(header).toContain(`${BASE}/unsubscribe?token=`)
      expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
      expect(email.text).toContain(header)
      const url = new URL(header!, 'http://atrium.invalid')
      const res = await request(server)
        .post(`${url.pathname}${url.search}`)
        .type('form')
        .send('List-Unsubscribe=One-Click')
      expect(res.status).toBe(200)
      expect(res.text).toContain('You will no longer get emails from')
      expect(await emailOn(f.viewer, 'user.invited')).toBe(false)
    })

    it('shows a page on GET without signing in, and changes nothing', async () => {
      const res = await request(server).get(linkOf(f.cfo, 'request.approved'))
      expect(res.status).toBe(200)
      expect(res.text).toContain('Stop emails from')
      expect(res.text).toContain('A request was approved')
      expect(res.text).toContain('<form method="post"')
      expect(await preferencesOf(f.cfo)).toBeUndefined()
    })

    it('turns that email off on POST from its button', async () => {
      const link = linkOf(f.cfo, 'request.approved')
      const res = await request(server).post(link).type('form').send('')
      expect(res.status).toBe(200)
      expect(res.text).toContain('You will no longer get emails from')
      expect(await emailOn(f.cfo, 'request.approved')).toBe(false)
      expect(await emailOn(f.cfo, 'request.rejected')).toBe(true)
    })

    it('does the same for a one-click POST (RFC 8058), keeping the other choices', async () => {
      await save(f.financeLeads[0]!, {
        'c.request.submitted.bell': 'on',
        digestFrequency: 'weekly',
        digestDay: 'friday',
        digestHour: '15',
      })
      const res = await request(server)
        .post(linkOf(f.financeLeads[0]!, 'request.commented'))
        .type('form')
        .send('List-Unsubscribe=One-Click')
      expect(res.status).toBe(200)
      const saved = (await preferencesOf(f.financeLeads[0]!))!
      // The bell it turned off before stays off; only the email changed.
      expect((saved.choices as Record<string, unknown>)['request.commented']).toEqual({ email: false, bell: false })
      expect((saved.choices as Record<string, unknown>)['request.submitted']).toEqual({ email: false })
    })

    it('turns the digest off from a digest’s link, leaving the other choices alone', async () => {
      const person = f.viewer
      const res = await request(server).post(linkOf(person, 'digest')).type('form').send('List-Unsubscribe=One-Click')
      expect(res.status).toBe(200)
      expect((await preferencesOf(person))?.digestFrequency).toBe('off')
    })

    it('says that approvals one must give stay on', async () => {
      const res = await request(server).post(linkOf(f.financeLeads[1]!, 'approval.needed')).type('form').send('')
      expect(res.status).toBe(200)
      expect(res.text).toContain('Approvals you must give still reach you by email')
    })

    it('refuses a tampered, foreign or unknown-type token with 400, changing nothing', async () => {
      const good = linkOf(f.financeLeads[2]!, 'request.approved')
      const token = decodeURIComponent(good.split('token=')[1]!)
      const [body, signature] = token.split('.')
      const forged = Buffer.from(JSON.stringify({ u: String(f.cfo.id), t: 'request.rejected' })).toString('base64url')
      const bad = [
        `${body}.${signature!.slice(0, -2)}xx`,
        `${forged}.${signature}`,
        'not-a-token',
        '',
        unsubscribeToken(ctx.payload, { user: String(f.financeLeads[2]!.id), type: 'no.such' }),
        unsubscribeToken(ctx.payload, { user: '99999999', type: 'request.approved' }),
      ]
      for (const value of bad) {
        for (const res of [
          await request(server).get(`${BASE}/unsubscribe?token=${encodeURIComponent(value)}`),
          await request(server)
            .post(`${BASE}/unsubscribe?token=${encodeURIComponent(value)}`)
            .type('form')
            .send('List-Unsubscribe=One-Click'),
        ]) {
          expect(res.status).toBe(400)
          expect(res.headers['x-atrium-error']).toBe('invalid_unsubscribe_link')
          expect(res.text).toContain('invalid_unsubscribe_link')
        }
      }
      expect(await preferencesOf(f.financeLeads[2]!)).toBeUndefined()
      expect(await emailOn(f.cfo, 'request.rejected')).toBe(true)
    })

    it("refuses the token of a person of another client account in this tenant's portal", async () => {
      const theirs = unsubscribeToken(ctx.payload, { user: String(f.outsider.id), type: 'request.approved' })
      const res = await request(server)
        .post(`${BASE}/unsubscribe?token=${encodeURIComponent(theirs)}`)
        .type('form')
        .send('List-Unsubscribe=One-Click')
      expect(res.status).toBe(400)
      expect(res.headers['x-atrium-error']).toBe('invalid_unsubscribe_link')
      expect(await preferencesOf(f.outsider)).toBeUndefined()
      expect(await preferencesOf(f.outsider, f.otherTenant)).toBeUndefined()
      // In their own portal the same link works.
      const own = await request(server)
        .post(`/t/pn-globex/unsubscribe?token=${encodeURIComponent(theirs)}`)
        .type('form')
        .send('List-Unsubscribe=One-Click')
      expect(own.status).toBe(200)
      expect(await preferencesOf(f.outsider, f.otherTenant)).toBeDefined()
    })
  })
})
