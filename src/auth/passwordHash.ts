/**
 * Payload's password hash, as Atrium needs it outside Payload's own login: to spend the same time on
 * an unknown email as on a known one, and to check a current password before a change.
 */
import { pbkdf2, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

// Payload's parameters (payload/dist/auth/strategies/local/generatePasswordSaltHash.js), which
// Payload does not export: PBKDF2-SHA256, 600,000 iterations and 32 bytes for hashes with the
// prefix, 25,000 and 512 bytes for older ones. test/integration/passwordSignIn.test.ts checks a
// stored hash against these, so an upgrade that changes them fails there.
/** Payload's current password hash. */
export const PAYLOAD_HASH = { prefix: 'pbkdf2-sha256-v1:', iterations: 600_000, keyLength: 32, digest: 'sha256' }
const LEGACY_HASH = { iterations: 25_000, keyLength: 512 }
const DUMMY_SALT = '0'.repeat(64)
const pbkdf2Async = promisify(pbkdf2)

/** Hashes `password` as Payload would hash it for a stored password, and throws the result away. */
export async function spendPasswordHash(password: string): Promise<void> {
  await pbkdf2Async(password, DUMMY_SALT, PAYLOAD_HASH.iterations, PAYLOAD_HASH.keyLength, PAYLOAD_HASH.digest)
}

/** Whether `password` is the one whose hash and salt Payload stored (as Payload's login decides). */
export async function passwordMatches(stored: { hash?: unknown; salt?: unknown }, password: string): Promise<boolean> {
  const { hash, salt } = stored
  if (typeof hash !== 'string' || typeof salt !== 'string') return false
  const current = hash.startsWith(PAYLOAD_HASH.prefix)
  const expected = Buffer.from(current ? hash.slice(PAYLOAD_HASH.prefix.length) : hash, 'hex')
  const { iterations, keyLength } = current ? PAYLOAD_HASH : LEGACY_HASH
  const actual = await pbkdf2Async(password, salt, iterations, keyLength, PAYLOAD_HASH.digest)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
