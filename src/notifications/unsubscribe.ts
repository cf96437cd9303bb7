/**
 * One-click unsubscribe links (RFC 8058): a token that names the person and the event type, signed
 * with a key derived from the installation's secret, so the link works without signing in and
 * cannot be changed to reach another person or type. Nothing is stored for it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Payload } from 'payload'

/** What an unsubscribe token says. */
export interface UnsubscribeClaim {
  /** the person's id */
  user: string
  /** the event key they no longer want by email */
  type: string
}

const keyOf = (payload: Payload) => createHmac('sha256', payload.secret).update('atrium:unsubscribe:v1').digest()

const sign = (payload: Payload, body: string) => createHmac('sha256', keyOf(payload)).update(body).digest('base64url')

/** The token for `claim`. */
export function unsubscribeToken(payload: Payload, claim: UnsubscribeClaim): string {
  const body = Buffer.from(JSON.stringify({ u: claim.user, t: claim.type })).toString('base64url')
  return `${body}.${sign(payload, body)}`
}

/** What `token` says, if Atrium signed it as it is; undefined for anything else. */
export function readUnsubscribeToken(payload: Payload, token: unknown): UnsubscribeClaim | undefined {
  if (typeof token !== 'string' || token.length > 600) return undefined
  const [body, signature, ...rest] = token.split('.')
  if (!body || !signature || rest.length > 0) return undefined
  const expected = Buffer.from(sign(payload, body))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
  try {
    const { u, t } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { u?: unknown; t?: unknown }
    return typeof u === 'string' && typeof t === 'string' ? { user: u, type: t } : undefined
  } catch {
    return undefined
  }
}
