/**
 * Sessions that really end (issue 15, item 6): a token replayed after its session ended answers
 * 401 on REST and GraphQL and counts as signed out on the portal, the row is gone from the database
 * (so every process refuses it), and the end is recorded in the sign-in log with its reason; sign
 * out everywhere, and requests racing a sign-out. Idle and absolute expiry: sessionPolicy.test.ts.
 */
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login } from '../harness/http'
import { csrfOf, originOf } from '../harness/portal'
import { sessionRows, sidOf } from '../harness/sessions'
import { PASSWORD, useSessionSuite } from '../harness/sessionSuite'

const NEW_PASSWORD = 'another-horse-battery'

describeEachDatabase('sessions that really end', (ctx) => {
  const k = useSessionSuite(ctx)
  const { newClient, signIn, rest, graphql, portalPage, asAdmin, logged, expectSignedIn, expectEnded } = k

  describe('a token replayed after its session ended', () => {
    it('is refused after a sign-out over the API, and the session row is gone', async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      await expectSignedIn(s)
      const out = await request(k.server).post('/api/users/logout').set('Authorization', `JWT ${s.token}`)
      expect(out.status).toBe(200)
      await expectEnded(s)
      expect((await sessionRows(ctx.payload, person.id)).map((row) => row.id)).not.toContain(sidOf(s.token))
      expect(await logged(person.id)).toContainEqual({ kind: 'sign-out', reason: 'Signed out', tenant: null })
    })

    it("is refused after the portal's sign-out, recorded with the portal's tenant", async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      const page = await portalPage(s)
      const out = await request(k.server)
        .post('/t/sa/sign-out')
        .set('Cookie', s.cookie)
        .set('Origin', originOf(k.server))
        .type('form')
        .send({ csrf: csrfOf(page.text) })
      expect(out.status).toBe(303)
      await expectEnded(s)
      expect(await logged(person.id)).toContainEqual({ kind: 'sign-out', reason: 'Signed out', tenant: k.tenants.sa })
    })

    it('is refused after staff deactivate the user: every session of theirs ends', async () => {
      const person = await newClient('sa')
      const [s1, s2] = [await signIn(person), await signIn(person)]
      expect((await asAdmin('patch', `/api/users/${person.id}`, { active: false })).status).toBe(200)
      await expectEnded(s1)
      await expectEnded(s2)
      expect(await sessionRows(ctx.payload, person.id)).toEqual([])
      expect(await logged(person.id)).toContainEqual({
        kind: 'session-ended',
        reason: 'Account deactivated (2 sessions)',
        tenant: null,
      })
    })

    it('is refused after the user changes their password, except for the session that changed it', async () => {
      const person = await newClient('sa')
      const [own, other] = [await signIn(person), await signIn(person)]
      const change = await request(k.server)
        .patch(`/api/users/${person.id}`)
        .set('Authorization', `JWT ${own.token}`)
        .send({ password: NEW_PASSWORD, currentPassword: PASSWORD })
      expect(change.status).toBe(200)
      await expectEnded(other)
      await expectSignedIn(own)
      expect(await logged(person.id)).toEqual(
        expect.arrayContaining([
          { kind: 'password-changed', reason: 'Changed by themselves', tenant: null },
          // One session ended: the other one; the one that changed the password goes on.
          { kind: 'session-ended', reason: 'Password changed', tenant: null },
        ]),
      )
    })

    it('is refused after staff set a new password: every session ends', async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      expect((await asAdmin('patch', `/api/users/${person.id}`, { password: NEW_PASSWORD })).status).toBe(200)
      await expectEnded(s)
      expect(await sessionRows(ctx.payload, person.id)).toEqual([])
    })

    it('is refused after a password reset by email: every older session ends', async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      const token = await ctx.payload.forgotPassword({
        collection: Slugs.users,
        data: { email: person.email },
        disableEmail: true,
      })
      const reset = await request(k.server).post('/api/users/reset-password').send({ token, password: NEW_PASSWORD })
      expect(reset.status).toBe(200)
      await expectEnded(s)
      expect((await sessionRows(ctx.payload, person.id)).map((row) => row.id)).toEqual([sidOf(reset.body.token)])
    })

    it("is refused after the user's tenant is suspended, for members of other tenants too", async () => {
      const only = await newClient('sc')
      const both = await newClient('sc', 'sd')
      const elsewhere = await newClient('sd')
      const [onlyS, bothS, elsewhereS] = [
        await signIn(only, 'sc'),
        await signIn(both, 'sd'),
        await signIn(elsewhere, 'sd'),
      ]
      const suspend = await asAdmin('patch', `/api/tenants/${k.tenants.sc}`, { status: 'suspended' })
      expect(suspend.status).toBe(200)
      expect((await rest(onlyS)).status).toBe(401)
      expect((await graphql(onlyS)).status).toBe(401)
      // The suspended tenant's portal signs nobody in (and soon answers 404); elsewhere the session is refused.
      expect([303, 404]).toContain((await portalPage(onlyS, 'sc')).status)
      await expectEnded(bothS, 'sd')
      await expectSignedIn(elsewhereS, 'sd')
      for (const person of [only, both]) {
        const ends = { kind: 'session-ended', reason: 'Client account suspended', tenant: k.tenants.sc }
        expect(await logged(person.id)).toContainEqual(ends)
      }
      // The member of another tenant signs in again and carries on there.
      await expectSignedIn(await signIn(both, 'sd'), 'sd')
    })
  })

  describe('sign out everywhere', () => {
    it('refuses the form without its token (403) and ends nothing', async () => {
      const person = await newClient('sa')
      const s = await signIn(person)
      const res = await request(k.server)
        .post('/t/sa/sign-out-everywhere')
        .set('Cookie', s.cookie)
        .set('Origin', originOf(k.server))
        .type('form')
        .send({})
      expect(res.status).toBe(403)
      await expectSignedIn(s)
    })

    it('ends every session of the person from the profile page, this one included', async () => {
      const person = await newClient('sa')
      const [here, there] = [await signIn(person), await signIn(person)]
      const api = { token: await login(k.app, person.email, PASSWORD), cookie: '' }
      const profile = await portalPage(here)
      expect(profile.text).toContain('Sign out everywhere')
      const res = await request(k.server)
        .post('/t/sa/sign-out-everywhere')
        .set('Cookie', here.cookie)
        .set('Origin', originOf(k.server))
        .type('form')
        .send({ csrf: csrfOf(profile.text) })
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe('/t/sa/sign-in')
      for (const s of [here, there]) await expectEnded(s)
      expect((await rest(api)).status).toBe(401)
      expect(await sessionRows(ctx.payload, person.id)).toEqual([])
      expect(await logged(person.id)).toContainEqual({
        kind: 'sign-out',
        reason: 'Signed out everywhere (3 sessions)',
        tenant: k.tenants.sa,
      })
    })

    it('ends every session over the API with logout?allSessions=true', async () => {
      const person = await newClient('sa')
      const [one, two] = [await signIn(person), await signIn(person)]
      const out = await request(k.server)
        .post('/api/users/logout?allSessions=true')
        .set('Authorization', `JWT ${one.token}`)
      expect(out.status).toBe(200)
      await expectEnded(one)
      await expectEnded(two)
    })
  })

  it('answers requests racing a sign-out with 200 or 401, never an error, and 401 after it', async () => {
    const s = await signIn(await newClient('sa'))
    const racing = Array.from({ length: 12 }, () => rest(s))
    const out = request(k.server).post('/api/users/logout').set('Authorization', `JWT ${s.token}`)
    const [logout, ...reads] = await Promise.all([out, ...racing])
    expect(logout!.status).toBe(200)
    expect(reads.map((res) => res.status).filter((status) => status !== 200 && status !== 401)).toEqual([])
    for (let i = 0; i < 3; i++) expect((await rest(s)).status).toBe(401)
  })
})
