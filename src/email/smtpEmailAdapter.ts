/**
 * Atrium's email adapter for a real mail server, on nodemailer 10 (Payload's own adapter still
 * pins nodemailer 9). One pooled connection set per process, short timeouts so a dead server fails
 * a send within seconds instead of minutes, and every message checked by prepareEmail first.
 * A server that refuses a message is an error for the caller (a job retries, a request answers
 * 502 `email_not_sent`); the log records why, without the recipients' addresses.
 */
import nodemailer from 'nodemailer'
import type { NodemailerError, SMTPPoolSentMessageInfo } from 'nodemailer'
import type { EmailAdapter } from 'payload'
import { Errors } from '../http/errors'
import { redactText } from '../logging/redact'
import { type Mailbox, prepareEmail } from './prepareEmail'

/** Options of the SMTP adapter. */
export interface SmtpEmailAdapterOptions {
  /** smtp:// (STARTTLS when offered) or smtps:// URL, credentials included (SMTP_URL). */
  url: string
  /** Sender of messages that name none (EMAIL_FROM). */
  from: Mailbox
}

/** Connection limits: nodemailer's defaults wait up to 2 minutes for a connection and 10 for a reply. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const

/** What may be logged of a failed send: codes and the server's reply with addresses blanked. */
function failureOf(err: unknown) {
  const { code, responseCode, command, response } = (err ?? {}) as NodemailerError & { response?: string }
  return { code, responseCode, command, response: response === undefined ? undefined : redactText(String(response)) }
}

/** Payload's EmailAdapter, plus a way to end its connections. */
export type ClosableEmailAdapter<T> = (
  args: Parameters<EmailAdapter<T>>[0],
) => ReturnType<EmailAdapter<T>> & { close: () => void }

/** An EmailAdapter that sends through the SMTP server of `url`. */
export const smtpEmailAdapter =
  ({ url, from }: SmtpEmailAdapterOptions): ClosableEmailAdapter<SMTPPoolSentMessageInfo> =>
  ({ payload }) => {
    const transport = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: 3,
      // A pooled connection the server closed while idle is retried on a fresh one, but not forever.
      maxRequeues: 2,
      ...SMTP_TIMEOUTS,
    })
    return {
      name: 'smtp',
      defaultFromAddress: from.address,
      defaultFromName: from.name,
      sendEmail: async (message) => {
        const email = prepareEmail(message, from)
        let info: SMTPPoolSentMessageInfo
        try {
          info = await transport.sendMail({ ...email, disableFileAccess: true, disableUrlAccess: true })
        } catch (err) {
          const failure = failureOf(err)
          payload.logger.warn({ ...failure, subject: email.subject }, 'Email not sent: the mail server did not take it')
          throw Errors.emailNotSent([failure.code, failure.responseCode].filter(Boolean).join(' ') || 'no reply')
        }
        // Some recipients refused, others accepted: the message went out, so retrying would send it
        // twice to those who have it. Say so, and leave it to the caller to read `rejected`.
        if (info.rejected.length > 0) {
          payload.logger.warn(
            { rejected: info.rejected.length, accepted: info.accepted.length, subject: email.subject },
            'Email sent, but the mail server refused some recipients',
          )
        }
        return info
      },
      /** Ends the pooled connections, so the process can exit (see closeEmailAdapter). */
      close: () => transport.close(),
    }
  }
