/**
 * The one place that picks Payload's email adapter from the settings: SMTP when SMTP_URL names a
 * server, the log otherwise (development, tests, or a production installation that chose
 * SMTP_URL=log).
 */
import type { EmailAdapter, Payload } from 'payload'
import type { Settings } from '../config/settings'
import { logEmailAdapter } from './logEmailAdapter'
import { smtpEmailAdapter } from './smtpEmailAdapter'

/** Payload's `email` config option for these settings. */
export function emailAdapter({ email, isProduction }: Pick<Settings, 'email' | 'isProduction'>): EmailAdapter {
  return email.transport.kind === 'smtp'
    ? smtpEmailAdapter({ url: email.transport.url, from: email.from })
    : logEmailAdapter({ from: email.from, includeBody: !isProduction })
}

/** Closes the connections `payload`'s email adapter keeps open (the SMTP pool), if it keeps any. */
export function closeEmailAdapter(payload: Payload): void {
  ;(payload.email as Partial<{ close: () => void }>).close?.()
}
