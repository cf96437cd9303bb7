/**
 * What a password must be wherever one is set (creation, change, reset): at least 12 characters,
 * and not one of the most common passwords (src/auth/commonPasswords.txt, compared in lower case).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../config/paths'
import { Errors } from '../http/errors'

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12

/** The file of refused passwords, one a line; `#` starts a comment line. */
export const COMMON_PASSWORDS_FILE = path.join(PROJECT_ROOT, 'src', 'auth', 'commonPasswords.txt')

let common: Set<string> | undefined
// Read on first use: most processes (workers, migrations) never set a password.
const commonPasswords = () =>
  (common ??= new Set(
    readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line !== '' && !line.startsWith('#')),
  ))

/** Throws the 400 of the first rule `password` breaks; a password that keeps them all passes. */
export function checkPasswordRules(password: unknown): void {
  if (typeof password !== 'string') throw Errors.passwordTooShort(MIN_PASSWORD_LENGTH)
  // Counted in characters as people see them, not UTF-16 units.
  if ([...password].length < MIN_PASSWORD_LENGTH) throw Errors.passwordTooShort(MIN_PASSWORD_LENGTH)
  if (commonPasswords().has(password.trim().toLowerCase())) throw Errors.passwordTooCommon()
}
