/**
 * Email through Atrium's own adapters: with SMTP_URL, messages reach a real SMTP server (read back
 * and parsed); headers built from data with line breaks are refused before anything is sent; a
 * server that refuses or is down is an error for the caller; without SMTP_URL, the log gets them.
 */
import { createHash } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import type { Express } from 'express'
import type { SendEmailOptions } from 'payload'
import request from 'supertest'
import { smtpEmailAdapter } from '../../src/email/smtpEmailAdapter'
import { logEmailAdapter } from '../../src/email/logEmailAdapter'
import { HttpError } from '../../src/http/errors'
import { bootPayload, type BootedPayload } from '../harness/bootPayload'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { testApp } from '../harness/http'
import { LogCapture } from '../harness/logCapture'
import { startSmtpServer, type TestSmtpServer } from '../harness/smtpServer'
import { createVendorAdmin } from '../harness/users'

const FROM = { name: 'Acme Portal', address: 'portal@acme.example' }
const BOB = 'bob@client.example'
const EVE = 'eve@evil.example'
const CAROL = 'carol@client.example'
const PASSWORD = 'a-long-enough-password'

/** The error id a promise rejects with (it must reject with an HttpError). */
async function errorIdOf(promise: Promise<unknown>): Promise<string> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(err)}`)
  return err.id
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

// Messages carrying data an attacker controls; each would add a Bcc to Eve if it reached the wire.
const INJECTIONS: [string, SendEmailOptions][] = [
  ['subject with CRLF', { to: BOB, subject: `Hello\r\nBcc: ${EVE}`, text: 'x' }],
  ['subject with a bare LF', { to: BOB, subject: `Hello\nBcc: ${EVE}`, text: 'x' }],
  ['subject with NUL', { to: BOB, subject: 'Hello\0', text: 'x' }],
  ['to with CRLF', { to: `${BOB}\r\nBcc: ${EVE}`, subject: 'Hi', text: 'x' }],
  ['to as an object with CRLF in its name', { to: { name: `Bob\r\nBcc: ${EVE}`, address: BOB }, subject: 'Hi' }],
  ['from name with CRLF', { from: { name: `Acme\r\nBcc: ${EVE}`, address: FROM.address }, to: BOB, subject: 'Hi' }],
  ['reply-to with LF', { to: BOB, replyTo: `help@acme.example\nBcc: ${EVE}`, subject: 'Hi' }],
  ['custom header value with CRLF', { to: BOB, subject: 'Hi', headers: { 'List-Unsubscribe': `<x>\r\nBcc: ${EVE}` } }],
  ['custom header name with a colon', { to: BOB, subject: 'Hi', headers: { 'X-A: b\r\nBcc': EVE } }],
]

describe('email', () => {
  let smtp: TestSmtpServer
  const logs = new LogCapture()
  beforeAll(async () => {
    smtp = await startSmtpServer()
  })
  afterAll(() => smtp.close())
  beforeEach(() => {
    smtp.received.length = 0
    smtp.refuse.clear()
    logs.lines.length = 0
  })

  describeEachDatabase(
    'through an SMTP server',
    (ctx) => {
      let app: Express
      beforeAll(async () => {
        await createVendorAdmin(ctx.payload, { email: BOB, password: PASSWORD })
        await createVendorAdmin(ctx.payload, { email: CAROL, password: PASSWORD })
        app = await testApp(ctx)
      })

      it('delivers payload.sendEmail with its from, to, subject, text and HTML', async () => {
        await ctx.payload.sendEmail({
          to: 'Bob Client <bob@client.example>',
          cc: [CAROL],
          subject: 'Quote Q-17 awaits your approval — €12,000',
          text: 'Please approve.',
          html: '<p>Please <b>approve</b>.</p>',
        })
        expect(smtp.received).toHaveLength(1)
        const [{ parsed, envelope }] = smtp.received as [(typeof smtp.received)[0]]
        expect(parsed.from?.value).toEqual([FROM])
        expect(parsed.subject).toBe('Quote Q-17 awaits your approval — €12,000')
        expect(parsed.text?.trim()).toBe('Please approve.')
        expect(parsed.html).toBe('<p>Please <b>approve</b>.</p>')
        const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to]
        expect(to[0]?.value).toEqual([{ name: 'Bob Client', address: BOB }])
        expect(envelope).toEqual({ from: FROM.address, to: [BOB, CAROL] })
      })

      it("sends Payload's forgot-password email: from EMAIL_FROM, to the user, with the reset link", async () => {
        const res = await request(app).post('/api/users/forgot-password').send({ email: BOB })
        expect(res.status).toBe(200)
        expect(smtp.received).toHaveLength(1)
        const [{ parsed, envelope }] = smtp.received as [(typeof smtp.received)[0]]
        expect(parsed.from?.value).toEqual([FROM])
        expect(envelope.to).toEqual([BOB])
        expect(parsed.subject).toMatch(/reset your password/i)
        const user = await ctx.payload.db.findOne<{ id: number; resetPasswordToken: string }>({
          collection: 'users',
          where: { email: { equals: BOB } },
        })
        // The database keeps the link's token only as its hash (collections/Users/hooks/resetPasswordToken.ts).
        const token = /\/admin\/reset\/([0-9a-f]{40})/.exec(String(parsed.html))?.[1] ?? ''
        expect(createHash('sha256').update(token).digest('hex')).toBe(user?.resetPasswordToken)
      })

      it.each(INJECTIONS)('refuses a %s, and sends nothing', async (_name, message) => {
        expect(await errorIdOf(ctx.payload.sendEmail(message))).toBe('unsafe_email_header')
        // The server is reachable: a clean message sent afterwards is the only one that arrives.
        await ctx.payload.sendEmail({ to: BOB, subject: 'clean', text: 'x' })
        expect(smtp.received.map((email) => email.parsed.subject)).toEqual(['clean'])
        expect(smtp.received.flatMap((email) => email.envelope.to)).toEqual([BOB])
        expect(smtp.received[0]?.raw).not.toContain(EVE)
      })

      it.each<[string, string, SendEmailOptions]>([
        ['a recipient that is no address', 'invalid_email_address', { to: 'bob at client', subject: 'Hi' }],
        ['one bad address in a list', 'invalid_email_address', { to: [BOB, 'nobody@'], subject: 'Hi' }],
        ['no recipient at all', 'invalid_email_address', { to: [], subject: 'Hi' }],
        ['two senders', 'invalid_email_address', { from: `a@acme.example, ${EVE}`, to: BOB, subject: 'Hi' }],
        ['a Bcc smuggled through headers', 'invalid_email', { to: BOB, subject: 'Hi', headers: { Bcc: EVE } }],
        ['an HTML body read from a file', 'invalid_email', { to: BOB, subject: 'Hi', html: { path: '/etc/passwd' } }],
      ])('refuses %s with 400 %s', async (_name, id, message) => {
        const err = await ctx.payload.sendEmail(message).catch((e: unknown) => e)
        expect(err).toBeInstanceOf(HttpError)
        expect(err).toMatchObject({ id, status: 400 })
        expect(smtp.received).toHaveLength(0)
      })

      it('refuses options it does not check (raw messages, attachments from paths)', async () => {
        await expect(ctx.payload.sendEmail({ to: BOB, raw: `Bcc: ${EVE}\r\n\r\nx` })).rejects.toThrow(/"raw"/)
        await expect(ctx.payload.sendEmail({ to: BOB, attachments: [{ path: '/etc/passwd' }] })).rejects.toThrow(
          /"attachments"/,
        )
        expect(smtp.received).toHaveLength(0)
      })

      it('rejects with 502 email_not_sent when the server refuses the recipient, logging no address', async () => {
        smtp.refuse.add(BOB)
        const err = await ctx.payload.sendEmail({ to: BOB, subject: 'Refused', text: 'x' }).catch((e: unknown) => e)
        expect(err).toMatchObject({ id: 'email_not_sent', status: 502 })
        expect((err as Error).message).toContain('550')
        expect(smtp.received).toHaveLength(0)
        const line = logs.lines.find((l) => String(l.msg).startsWith('Email not sent'))
        expect(line).toMatchObject({ level: 40, code: 'EENVELOPE', responseCode: 550, subject: 'Refused' })
        expect(JSON.stringify(logs.lines)).not.toContain(BOB)
      })

      it('delivers to the recipients the server accepts when it refuses some, and says so', async () => {
        smtp.refuse.add(EVE)
        const info = (await ctx.payload.sendEmail({ to: [BOB, EVE], subject: 'Partly', text: 'x' })) as {
          rejected: string[]
        }
        expect(info.rejected).toEqual([EVE])
        expect(smtp.received.map((email) => email.envelope.to)).toEqual([[BOB]])
        expect(logs.lines.find((l) => String(l.msg).includes('refused some recipients'))).toMatchObject({
          rejected: 1,
          accepted: 1,
        })
        expect(JSON.stringify(logs.lines)).not.toContain(EVE)
      })

      // (Payload sends one reset email per user per interval: Carol has had none yet.)
      it('answers forgot-password with 502 email_not_sent when the server refuses the user', async () => {
        smtp.refuse.add(CAROL)
        const res = await request(app).post('/api/users/forgot-password').send({ email: CAROL })
        expect(res.status).toBe(502)
        expect(res.body.error).toMatchObject({ id: 'email_not_sent', status: 502 })
        expect(JSON.stringify(res.body)).not.toContain(CAROL)
        expect(smtp.received).toHaveLength(0)
        // The failed send does not use up the interval: once the server takes it, the email goes out.
        smtp.refuse.clear()
        expect((await request(app).post('/api/users/forgot-password').send({ email: CAROL })).status).toBe(200)
        expect(smtp.received.map((email) => email.envelope.to)).toEqual([[CAROL]])
      })

      it('rejects with 502 email_not_sent when the server is down, within the connection timeout', async () => {
        const port = await closedPort()
        const adapter = smtpEmailAdapter({ url: `smtp://127.0.0.1:${port}`, from: FROM })({ payload: ctx.payload })
        try {
          const err = await adapter.sendEmail({ to: BOB, subject: 'Down', text: 'x' }).catch((e: unknown) => e)
          expect(err).toMatchObject({ id: 'email_not_sent', status: 502 })
          // Connection refused: nodemailer reports a socket error.
          expect((err as Error).message).toMatch(/ESOCKET|ECONNECTION/)
        } finally {
          adapter.close()
        }
      })
    },
    () => ({ env: { SMTP_URL: smtp.url, EMAIL_FROM: `${FROM.name} <${FROM.address}>` }, logDestination: logs }),
  )

  describe('without SMTP_URL [sqlite]', () => {
    let booted: BootedPayload
    beforeAll(async () => {
      booted = await bootPayload('sqlite', { logDestination: logs })
    })
    afterAll(() => booted.close())

    it('writes the message to the log, with the body but no address, and sends nothing', async () => {
      expect(booted.payload.email.name).toBe('log')
      await booted.payload.sendEmail({ to: BOB, subject: 'Logged', text: `Reset: https://x/reset/abc for ${BOB}` })
      const line = logs.lines.find((l) => String(l.msg).startsWith('Email not sent'))
      expect(line).toMatchObject({
        level: 30,
        to: '[email]',
        subject: 'Logged',
        body: 'Reset: https://x/reset/abc for [email]',
      })
      expect(JSON.stringify(logs.lines)).not.toContain(BOB)
      expect(smtp.received).toHaveLength(0)
    })

    it('refuses the same injected headers as the SMTP adapter', async () => {
      for (const [, message] of INJECTIONS) {
        expect(await errorIdOf(booted.payload.sendEmail(message))).toBe('unsafe_email_header')
      }
      expect(logs.lines.filter((l) => String(l.msg).startsWith('Email not sent'))).toHaveLength(0)
    })

    it('leaves the body out of the log where it may carry tokens (production)', async () => {
      const adapter = logEmailAdapter({ from: FROM, includeBody: false })({ payload: booted.payload })
      await adapter.sendEmail({ to: BOB, subject: 'Reset', text: 'token abc' })
      const line = logs.lines.find((l) => String(l.msg).startsWith('Email not sent'))
      expect(line).toMatchObject({ subject: 'Reset' })
      expect(line).not.toHaveProperty('body')
    })
  })
})
