/**
 * The session policy staff set (the security-settings global): an idle timeout and an absolute
 * lifetime, per kind of user, enforced on every request; tokens that never claim to outlive their
 * session; and the settings' own access and validation. The clock is moved by ageing session rows
 * against the settings, never by waiting.
 */
import request from 'supertest'
import { markSessionActive } from '../../src/auth/sessionRows'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login } from '../harness/http'
import { ageSession, sessionRows, sidOf } from '../harness/sessions'
import { expiryOf, PASSWORD, SETTINGS, useSessionSuite } from '../harness/sessionSuite'
import { statementsDuring } from '../harness/sqlStatements'
import { createVendorAdmin } from '../harness/users'

describeEachDatabase('session policy', (ctx) => {
  const k = useSessionSuite(ctx)
  const { newClient, signIn, rest, asAdmin, settings, logged, expectSignedIn, expectEnded } = k

  describe('idle timeout and lifetime, as staff set them', () => {
    afterEach(async () => {
      await settings({
        clientIdleMinutes: 480,
        clientLifetimeHours: 168,
        staffIdleMinutes: 60,
        staffLifetimeHours: 12,
      })
    })

    it('signs tokens to expire with the lifetime, not later', async () => {
      const s = await signIn(await newClient('sa'))
      const left = expiryOf(s.token) - Date.now()
      expect(left).toBeGreaterThan(168 * 3600_000 - 60_000)
      expect(left).toBeLessThanOrEqual(168 * 3600_000)
    })

    it('ends a session unused for longer than the idle timeout', async () => {
      expect((await settings({ clientIdleMinutes: 5 })).status).toBe(200)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 6)
      await expectEnded(s)
      expect(await sessionRows(ctx.payload, person.id)).toEqual([])
      expect(await logged(person.id)).toContainEqual({
        kind: 'session-ended',
        reason: 'Idle timeout reached',
        tenant: null,
      })
    })

    it('keeps a session used within it, marking the use at most once a minute', async () => {
      expect((await settings({ clientIdleMinutes: 5 })).status).toBe(200)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 4)
      const statements = await statementsDuring(ctx.payload, async () => {
        for (let i = 0; i < 10; i++) expect((await rest(s)).status).toBe(200)
      })
      const marks = statements.filter((statement) => /^update\s+"?users_sessions"?/i.test(statement.sql.trim()))
      expect(marks).toHaveLength(1)
      const [row] = await sessionRows(ctx.payload, person.id)
      expect(Date.now() - Date.parse(row!.lastActiveAt!)).toBeLessThan(30_000)
      // What one mark costs: an UPDATE of one row by its primary key, outside any transaction.
      const started = performance.now()
      for (let i = 0; i < 20; i++) await markSessionActive(ctx.payload, person.id, row!.id, new Date())
      console.log(`session mark [${ctx.kind}]: ${((performance.now() - started) / 20).toFixed(2)} ms each`)
      // Four minutes idle plus five more would have ended it; the mark counts from now.
      await expectSignedIn(s)
    })

    it('ends a session older than the lifetime, however active', async () => {
      expect((await settings({ clientIdleMinutes: 30, clientLifetimeHours: 1 })).status).toBe(200)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 61, 0)
      await expectEnded(s)
      expect(await logged(person.id)).toContainEqual({
        kind: 'session-ended',
        reason: 'Session lifetime reached',
        tenant: null,
      })
    })

    it('does not let a refreshed token outlive the lifetime', async () => {
      expect((await settings({ clientIdleMinutes: 30, clientLifetimeHours: 1 })).status).toBe(200)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 50, 0)
      const refresh = await request(k.server).post('/api/users/refresh-token').set('Authorization', `JWT ${s.token}`)
      expect(refresh.status).toBe(200)
      const refreshed = { token: refresh.body.refreshedToken as string, cookie: '' }
      refreshed.cookie = `payload-token=${refreshed.token}`
      expect(sidOf(refreshed.token)).toBe(sidOf(s.token))
      // Signed in 50 minutes ago with a lifetime of an hour: the new token says 10 minutes, not 30 days.
      const left = expiryOf(refreshed.token) - Date.now()
      expect(left).toBeGreaterThan(8 * 60_000)
      expect(left).toBeLessThan(11 * 60_000)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 61, 0)
      await expectEnded(refreshed)
      const again = await request(k.server).post('/api/users/refresh-token').set('Authorization', `JWT ${s.token}`)
      expect(again.status).toBe(401)
    })

    it("applies staff's values to staff and clients' to clients", async () => {
      expect((await settings({ staffIdleMinutes: 5 })).status).toBe(200)
      const staff = await createVendorAdmin(ctx.payload, { email: 'idle-staff@sessions.test', password: PASSWORD })
      const staffToken = await login(k.app, staff.email, PASSWORD)
      const person = await newClient('sa')
      const s = await signIn(person)
      await ageSession(ctx.payload, staff.id, sidOf(staffToken), 6)
      await ageSession(ctx.payload, person.id, sidOf(s.token), 6)
      const staffRead = await request(k.server).get('/api/tenants?limit=1').set('Authorization', `JWT ${staffToken}`)
      expect(staffRead.status).toBe(401)
      await expectSignedIn(s)
    })
  })

  describe('security settings', () => {
    it('are neither readable nor writable by anonymous callers or clients, and nothing changes', async () => {
      const s = await signIn(await newClient('sa'))
      expect((await request(k.server).get(SETTINGS)).status).toBe(403)
      expect((await request(k.server).post(SETTINGS).send({ clientIdleMinutes: 600 })).status).toBe(403)
      const read = await request(k.server).get(SETTINGS).set('Authorization', `JWT ${s.token}`)
      expect(read.status).toBe(403)
      const write = await request(k.server)
        .post(SETTINGS)
        .set('Authorization', `JWT ${s.token}`)
        .send({ clientIdleMinutes: 600 })
      expect(write.status).toBe(403)
      expect((await asAdmin('get', SETTINGS)).body.clientIdleMinutes).toBe(480)
    })

    it.each([
      ['a negative idle timeout', { clientIdleMinutes: -5 }, 'Client idle timeout (minutes) must be a whole number'],
      ['zero', { staffLifetimeHours: 0 }, 'Staff session lifetime (hours) must be a whole number from 1'],
      ['a fraction', { clientLifetimeHours: 1.5 }, 'must be a whole number'],
      ['text', { clientIdleMinutes: 'soon' }, 'must be a whole number'],
      ['more than 30 days', { clientLifetimeHours: 100_000 }, 'from 1 to 720'],
      ['an idle timeout longer than the lifetime', { staffIdleMinutes: 600, staffLifetimeHours: 2 }, 'longer than'],
    ])('refuse %s with a clear 400, changing nothing', async (_what, values, message) => {
      const res = await settings(values as Record<string, number>)
      expect(res.status).toBe(400)
      expect(res.body.error.id).toBe('invalid_security_settings')
      expect(res.body.error.message).toContain(message)
      const stored = (await asAdmin('get', SETTINGS)).body
      expect(stored).toMatchObject({ clientIdleMinutes: 480, clientLifetimeHours: 168, staffIdleMinutes: 60 })
    })
  })
})
