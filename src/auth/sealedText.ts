/**
 * Text that only this installation can read back: AES-256-GCM under a key derived from Payload's
 * secret and a purpose, so a key made for one purpose opens nothing sealed for another. Used for
 * what must be stored or handed to the browser but never read by anyone else: a tenant's OpenID
 * client secret at rest, a single sign-on's state in its cookie. Rotating PAYLOAD_SECRET makes
 * sealed values unreadable (they must be entered again), as it ends every session.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

const keyOf = (secret: string, purpose: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'atrium', `atrium sealed text ${VERSION}: ${purpose}`, 32))

/** Seals `plain` for `purpose` under `secret`: `v1.<base64url of iv, tag and ciphertext>`. */
export function seal(plain: string, secret: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, purpose), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`
}

/** The text `sealed` holds, or undefined when it was not sealed by `secret` for `purpose` (or was altered). */
export function unseal(sealed: unknown, secret: string, purpose: string): string | undefined {
  if (typeof sealed !== 'string' || !sealed.startsWith(`${VERSION}.`) || sealed.length > 16_384) return undefined
  const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url')
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, purpose), raw.subarray(0, IV_BYTES))
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}
