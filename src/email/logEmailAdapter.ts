/**
 * The email adapter of an installation without a mail server: messages are not sent, and the log
 * says so without naming the recipient (the address is personal data; it appears at debug level
 * only). Payload's own fallback logs the recipient at info level.
 */
import type { EmailAdapter } from 'payload'

/** Sender used when a message names none. */
export const DEFAULT_FROM = { address: 'no-reply@atrium.local', name: 'Atrium' } as const

/** An EmailAdapter that writes what it would have sent to the log instead of sending it. */
export const logEmailAdapter: EmailAdapter = ({ payload }) => ({
  name: 'log',
  defaultFromAddress: DEFAULT_FROM.address,
  defaultFromName: DEFAULT_FROM.name,
  sendEmail: async (message) => {
    payload.logger.info({ subject: message.subject }, 'Email not sent: no mail server is configured')
    payload.logger.debug({ to: message.to, subject: message.subject, text: message.text }, 'Unsent email')
    return Promise.resolve()
  },
})
