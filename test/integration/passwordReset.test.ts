/**
 * Password reset by email (issue 15, item 2), through a real SMTP server: Payload's forgot-password
 * sends a link, the database keeps only the token's hash, a newer link replaces older ones, a link
 * works once, the new password keeps the password rules, and the reset ends every older session.
 */
import { createHash } from 'node:crypto'
import type { Express } from 'express'
import type { Where } from 'payload'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { BuiltInRoles } from '../../seed/roles'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { useSmtpServer } from '../harness/smtpServer'
import { createClientUser, createTenant } from '../harness/users'

const PASSWORD = 'correct-horse-battery'
const NEW_PASSWORD = 'staple-lantern-orchid'
const smtp = useSmtpServer()

describeEachDatabase(
  'password reset by email',
  (ctx) => {
    let app: Express
    let people = 0
    let tenant: number

    const newPerson = async () => {
      const email = `reset-${++people}@reset.test`
      const user = await createClientUser(ctx.payload, { email, password: PASSWORD }, tenant, BuiltInRoles.clientMember)
      return { id: user.id, email }
    }
    /** Asks for a reset link for `email` and returns the token in the email that arrives (if any). */
    const askForLink = async (email: string) => {
      const before = smtp.server.received.length
      const res = await request(app).post('/api/users/forgot-password').send({ email })
      expect(res.status).toBe(200)
      const message = smtp.server.received.slice(before).find((m) => m.envelope.to.includes(email))
      return { res, token: /\/admin\/reset\/([0-9a-f]+)/.exec(String(message?.parsed.html ?? ''))?.[1] }
    }
    /** Lets the next request for `id` through Payload's one-request-per-15-seconds rule, without waiting. */
    const allowAnotherRequest = async (id: number) => {
      const stored = await ctx.payload.db.findOne<{ id: number }>({
        collection: Slugs.users,
        where: { id: { equals: id } },
      })
      await ctx.payload.db.updateOne({
        collection: Slugs.users,
        id,
        data: { ...stored, resetPasswordRequestedAt: new Date(Date.now() - 60_000).toISOString() },
        returning: false,
      })
    }
    const reset = (token: unknown, password = NEW_PASSWORD) =>
      request(app).post('/api/users/reset-password').send({ token, password })
    /** The sign-in log's entries that match `where`, oldest first. */
    const logged = async (where: Where) =>
      (
        await ctx.payload.find({
          collection: Slugs.signInEvents,
          where,
          sort: 'createdAt',
          depth: 0,
          pagination: false,
        })
      ).docs.map((entry) => ({ kind: entry.kind, outcome: entry.outcome, reason: entry.reason ?? null }))
    const stored = async (id: number) =>
      (await ctx.payload.db.findOne<{ id: number; resetPasswordToken?: string | null }>({
        collection: Slugs.users,
        where: { id: { equals: id } },
      }))!

    beforeAll(async () => {
      tenant = (await createTenant(ctx.payload, 'reset-co')).id
      app = await testApp(ctx)
    })

    it('refuses a token of the wrong kind with a clear 400, changing nothing', async () => {
      const person = await newPerson()
      for (const token of ['not-a-token', { not_equals: 'x' }, 'A'.repeat(40), `${'a'.repeat(40)}\r\n`]) {
        const res = await reset(token)
        expect(res.status).toBe(400)
        expect(res.body.error.id).toBe('invalid_reset_token')
      }
      expect(await login(app, person.email, PASSWORD)).toBeTruthy()
    })

    it('refuses a well-formed token that was never sent (403), changing nothing, and records the refusal', async () => {
      const res = await reset('0'.repeat(40))
      expect(res.status).toBe(403)
      const refusals = await logged({
        and: [{ kind: { equals: 'password-reset' } }, { outcome: { equals: 'failure' } }],
      })
      expect(refusals).toContainEqual({
        kind: 'password-reset',
        outcome: 'failure',
        reason: 'Reset link unknown, replaced by a newer one, used or expired',
      })
    })

    it('answers an unknown address as a known one, and emails nobody', async () => {
      const before = smtp.server.received.length
      const unknown = await request(app).post('/api/users/forgot-password').send({ email: 'nobody@reset.test' })
      const known = await askForLink((await newPerson()).email)
      expect(unknown.status).toBe(known.res.status)
      expect(unknown.body).toEqual(known.res.body)
      expect(smtp.server.received.slice(before).flatMap((m) => m.envelope.to)).not.toContain('nobody@reset.test')
    })

    it('emails a link whose token the database keeps only as a hash', async () => {
      const person = await newPerson()
      const { token } = await askForLink(person.email)
      expect(token).toMatch(/^[0-9a-f]{40}$/)
      const kept = (await stored(person.id)).resetPasswordToken
      expect(kept).not.toBe(token)
      expect(kept).toBe(createHash('sha256').update(token!).digest('hex'))
    })

    it('lets a newer link replace older ones: only the newest works', async () => {
      const person = await newPerson()
      const first = await askForLink(person.email)
      await allowAnotherRequest(person.id)
      const second = await askForLink(person.email)
      expect(second.token).not.toBe(first.token)
      expect((await reset(first.token)).status).toBe(403)
      expect((await reset(second.token)).status).toBe(200)
    })

    it('keeps the password rules (400, the link still works) and then works exactly once', async () => {
      const person = await newPerson()
      const { token } = await askForLink(person.email)
      const weak = await reset(token, 'short')
      expect(weak.status).toBe(400)
      expect(weak.body.error.id).toBe('password_too_short')
      const common = await reset(token, 'password1234')
      expect(common.status).toBe(400)
      expect(await login(app, person.email, PASSWORD)).toBeTruthy()
      expect((await reset(token)).status).toBe(200)
      expect((await reset(token, 'yet-another-horse-battery')).status).toBe(403)
      expect(await login(app, person.email, NEW_PASSWORD)).toBeTruthy()
    })

    it('ends every older session of the person and records the reset', async () => {
      const person = await newPerson()
      const old = await login(app, person.email, PASSWORD)
      const { token } = await askForLink(person.email)
      const res = await reset(token)
      expect(res.status).toBe(200)
      const replay = await request(app).get('/api/tenants?limit=1').set('Authorization', `JWT ${old}`)
      expect(replay.status).toBe(401)
      expect(replay.body.error.id).toBe('session_ended')
      const fresh = await request(app).get('/api/tenants?limit=1').set('Authorization', `JWT ${res.body.token}`)
      expect(fresh.status).toBe(200)
      expect(await logged({ user: { equals: person.id } })).toEqual([
        { kind: 'sign-in', outcome: 'success', reason: null },
        { kind: 'password-reset-requested', outcome: 'success', reason: null },
        { kind: 'password-reset', outcome: 'success', reason: null },
        { kind: 'session-ended', outcome: 'success', reason: 'Password changed' },
      ])
    })
  },
  () => ({
    env: { SMTP_URL: smtp.server.url, EMAIL_FROM: 'Atrium <atrium@vendor.test>', RATE_LIMIT_PASSWORD_RESET: '1000/1m' },
  }),
)
