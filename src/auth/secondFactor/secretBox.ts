/**
 * Second-factor secrets at rest: AES-256-GCM with a key derived from PAYLOAD_SECRET, so a copy of
 * the database alone (a backup, a leaked dump) does not hold anyone's authenticator seed.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'

const VERSION = 'v1'
const keyOf = (secret: string) => createHmac('sha256', secret).update('atrium:second-factor:v1').digest()

/** `plain`, encrypted under `secret`: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function seal(secret: string, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.')
}

/** What `sealed` holds, or undefined when it was not sealed under `secret` (or was changed). */
export function open(secret: string, sealed: string): string | undefined {
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== VERSION || !iv || !tag || body === undefined) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}
