/**
 * The email adapter of an installation without a mail server (SMTP_URL unset, or `log`): messages
 * are checked exactly as the SMTP adapter checks them, then written to the log instead of sent.
 * Recipients appear as "[email]" like every address in the logs (src/logging/redact.ts); outside
 * production the body is logged too, so a developer can follow a password-reset link.
 */
import type { EmailAdapter } from 'payload'
import { type Mailbox, prepareEmail } from './prepareEmail'

/** Options of the log adapter. */
export interface LogEmailAdapterOptions {
  /** Sender of messages that name none. */
  from: Mailbox
  /** Write the text (or HTML) body into the log: never in production, where it may carry tokens. */
  includeBody: boolean
}

/** An EmailAdapter that writes what it would have sent to the log instead of sending it. */
export const logEmailAdapter =
  ({ from, includeBody }: LogEmailAdapterOptions): EmailAdapter =>
  ({ payload }) => ({
    name: 'log',
    defaultFromAddress: from.address,
    defaultFromName: from.name,
    sendEmail: async (message) => {
      const email = prepareEmail(message, from)
      const recipients = [...email.to, ...email.cc, ...email.bcc]
      payload.logger.info(
        {
          // A string, so that the logger's redaction replaces each address.
          to: recipients.map((mailbox) => mailbox.address).join(', '),
          subject: email.subject,
          ...(includeBody ? { body: email.text ?? email.html } : {}),
        },
        'Email not sent: no mail server is configured (SMTP_URL)',
      )
    },
  })
