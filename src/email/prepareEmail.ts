/**
 * Turns what a caller hands `payload.sendEmail` into a message that is safe to send, or refuses it
 * before anything is sent. Headers are often built from data (a request's title in a subject, a
 * client's name in a From, an address from a form): a CR or LF in one would let that data add
 * headers of its own (a Bcc to anyone) or end the headers early, so control characters are refused
 * rather than cleaned, and every address is checked one by one. Both email adapters send only what
 * this returns, so development refuses exactly what production refuses.
 */
import addressparser from 'nodemailer/lib/addressparser'
import type { SendEmailOptions } from 'payload'
import { z } from 'zod'
import { Errors } from '../http/errors'

/** One address with its optional display name. */
export interface Mailbox {
  name: string
  address: string
}

/** A message that passed every check: the only shape the adapters send. */
export interface PreparedEmail {
  from: Mailbox
  to: Mailbox[]
  cc: Mailbox[]
  bcc: Mailbox[]
  replyTo: Mailbox[]
  subject: string
  text: string | undefined
  html: string | undefined
  /** Extra headers such as List-Unsubscribe, in order. */
  headers: { key: string; value: string }[]
}

// C0 controls (CR, LF and NUL among them) and DEL; a horizontal tab is ordinary header whitespace.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/
// RFC 5322 field names: printable ASCII except the colon.
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/
// Set by the adapters themselves; a caller that sets them through `headers` would contradict them.
const RESERVED_HEADERS = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'content-type',
  'content-transfer-encoding',
  'mime-version',
])
const ADDRESS_HEADERS = ['to', 'cc', 'bcc', 'replyTo'] as const
// What Atrium sends today. Anything else (raw messages, attachments read from paths or URLs, an
// envelope that differs from the headers) is refused until something needs it and checks it.
const SUPPORTED_OPTIONS = new Set<string>(['from', ...ADDRESS_HEADERS, 'subject', 'text', 'html', 'headers'])
const emailAddress = z.email()

/** Refuses a header value that holds a line break or another control character. */
function safeHeaderText(header: string, value: string): string {
  if (CONTROL.test(value)) throw Errors.unsafeEmailHeader(header)
  return value
}

/** Every mailbox in an address field given as a string, an address object, or a list of them. */
function mailboxesOf(header: string, value: unknown): Mailbox[] {
  if (value === undefined || value === null || value === '') return []
  if (Array.isArray(value)) return value.flatMap((item) => mailboxesOf(header, item))
  if (typeof value === 'string') {
    safeHeaderText(header, value)
    return addressparser(value, { flatten: true }).map((mailbox) => checkedMailbox(header, mailbox))
  }
  if (typeof value === 'object') {
    const { name, address } = value as { name?: unknown; address?: unknown }
    if (typeof address !== 'string' || (name !== undefined && typeof name !== 'string')) {
      throw Errors.invalidEmailAddress(header, 'holds an address object without a text address')
    }
    return [
      checkedMailbox(header, { name: safeHeaderText(header, name ?? ''), address: safeHeaderText(header, address) }),
    ]
  }
  throw Errors.invalidEmailAddress(header, `holds a ${typeof value} where an address belongs`)
}

// The address is not quoted in the message: it is personal data, and the message reaches the logs.
function checkedMailbox(header: string, { name, address }: Mailbox): Mailbox {
  if (!emailAddress.safeParse(address.trim()).success) {
    throw Errors.invalidEmailAddress(header, 'holds something that is not an email address')
  }
  return { name: name.trim(), address: address.trim() }
}

function headersOf(value: unknown): PreparedEmail['headers'] {
  if (value === undefined) return []
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item: { key?: unknown; value?: unknown }) => [String(item.key), item.value])
    : Object.entries(value as Record<string, unknown>)
  return entries.flatMap(([key, raw]) => {
    if (!HEADER_NAME.test(key)) throw Errors.unsafeEmailHeader('headers (a header name)')
    if (RESERVED_HEADERS.has(key.toLowerCase())) {
      throw Errors.invalidEmail(key, 'is set from the message itself, not through headers')
    }
    const values = Array.isArray(raw) ? raw : [raw]
    return values.map((item) => {
      // nodemailer would pass a { prepared: true } value through without encoding it.
      if (typeof item !== 'string') throw Errors.invalidEmail(key, 'must be text')
      return { key, value: safeHeaderText(key, item) }
    })
  })
}

function bodyOf(part: 'text' | 'html', value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw Errors.invalidEmail(part, 'must be text')
  return value
}

/**
 * The checked message, with `defaultFrom` as its sender when it names none; throws a 400 HttpError
 * (`unsafe_email_header`, `invalid_email_address` or `invalid_email`) naming the header.
 */
export function prepareEmail(message: SendEmailOptions, defaultFrom: Mailbox): PreparedEmail {
  for (const option of Object.keys(message)) {
    if (!SUPPORTED_OPTIONS.has(option) && message[option as keyof SendEmailOptions] !== undefined) {
      throw new TypeError(`Atrium's email adapters do not support the sendEmail option "${option}"`)
    }
  }
  const from = message.from === undefined ? [defaultFrom] : mailboxesOf('from', message.from)
  if (from.length !== 1 || !from[0]) throw Errors.invalidEmailAddress('from', 'must hold exactly one address')
  const to = mailboxesOf('to', message.to)
  const cc = mailboxesOf('cc', message.cc)
  const bcc = mailboxesOf('bcc', message.bcc)
  const replyTo = mailboxesOf('replyTo', message.replyTo)
  if (to.length + cc.length + bcc.length === 0) {
    throw Errors.invalidEmailAddress('to', 'is empty: the message has no recipient')
  }
  const subject = message.subject ?? ''
  if (typeof subject !== 'string') throw Errors.invalidEmail('subject', 'must be text')
  return {
    from: from[0],
    to,
    cc,
    bcc,
    replyTo,
    subject: safeHeaderText('subject', subject),
    text: bodyOf('text', message.text),
    html: bodyOf('html', message.html),
    headers: headersOf(message.headers),
  }
}
