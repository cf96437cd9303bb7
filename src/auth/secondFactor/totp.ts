/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps, six
 * digits, what every authenticator app reads from an otpauth:// link. Written here rather than
 * taken from a package: it is thirty lines of node:crypto, and every line is checked against the
 * RFC's test vectors (test/unit/totp.test.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** Seconds a code lives. */
export const STEP_SECONDS = 30
/** Digits of a code. */
export const DIGITS = 6
/** Steps either side of now still accepted: a phone's clock a little off, a code typed as it turned. */
export const DRIFT_STEPS = 1

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** `bytes` in RFC 4648 base32, without padding (how authenticator apps take a secret). */
export function base32Encode(bytes: Buffer): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** The bytes of a base32 text (padding, spaces and case ignored); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of clean) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error(`"${char}" is not a base32 character`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32. */
export const newTotpSecret = (): string => base32Encode(randomBytes(20))

/** The time step of `at` (milliseconds since the epoch). */
export const stepOf = (at: number): number => Math.floor(at / 1000 / STEP_SECONDS)

/** The code of `secret` (base32) for time step `step`. */
export function codeAt(secret: string, step: number, digits = DIGITS): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(binary).padStart(digits, '0')
}

/**
 * The step whose code `code` is, within the drift around `now` and after `lastStep` (a code, once
 * used, is never taken again, nor one older than it); undefined when it is none of them.
 */
export function matchingStep(secret: string, code: string, now: number, lastStep = -1): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const current = stepOf(now)
  let found: number | undefined
  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
    // Every candidate is compared, so the time taken does not say which one matched.
    const same = timingSafeEqual(Buffer.from(codeAt(secret, step)), Buffer.from(code))
    if (same && step > lastStep && found === undefined) found = step
  }
  return found
}

/** The otpauth:// link an authenticator app reads (as a QR code or pasted). */
export function otpauthUri(secret: string, issuer: string, account: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`)
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(DIGITS),
    period: String(STEP_SECONDS),
  })
  return `otpauth://totp/${label}?${query.toString()}`
}
