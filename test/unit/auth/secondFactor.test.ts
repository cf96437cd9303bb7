import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { secondFactorPending } from '../../../src/auth/secondFactor/secondFactor'
import { open, seal } from '../../../src/auth/secondFactor/secretBox'
import {
  base32Decode,
  base32Encode,
  codeAt,
  matchingStep,
  otpauthUri,
  stepOf,
} from '../../../src/auth/secondFactor/totp'
import { parseSettings } from '../../../src/config/settings'

// RFC 6238, appendix B: the SHA-1 seed "12345678901234567890" and its eight-digit codes.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'))
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
]

describe('TOTP', () => {
  it.each(RFC_VECTORS)("gives RFC 6238's code at %i s", (seconds, code) => {
    expect(codeAt(RFC_SECRET, stepOf(seconds * 1000), 8)).toBe(code)
  })

  it('round-trips base32 and refuses other characters', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 17])
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes)
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    expect(() => base32Decode('ABC1')).toThrow('"1" is not a base32 character')
  })

  it('takes the current code and one step either side, never an old or used step, never non-digits', () => {
    const now = 1_700_000_000_000
    const step = stepOf(now)
    expect(matchingStep(RFC_SECRET, codeAt(RFC_SECRET, step), now)).toBe(step)
    expect(matchingStep(RFC_SECRET, codeAt(RFC_SECRET, step - 1), now)).toBe(step - 1)
    expect(matchingStep(RFC_SECRET, codeAt(RFC_SECRET, step + 1), now)).toBe(step + 1)
    expect(matchingStep(RFC_SECRET, codeAt(RFC_SECRET, step - 2), now)).toBeUndefined()
    expect(matchingStep(RFC_SECRET, codeAt(RFC_SECRET, step), now, step)).toBeUndefined()
    expect(matchingStep(RFC_SECRET, codeAt(RFC_SECRET, step - 1), now, step - 1)).toBeUndefined()
    expect(matchingStep(RFC_SECRET, ' 12345', now)).toBeUndefined()
    expect(matchingStep(RFC_SECRET, '1234567', now)).toBeUndefined()
  })

  it('writes an otpauth link apps read', () => {
    const uri = new URL(otpauthUri(RFC_SECRET, 'Atrium', 'a@b.example'))
    expect(uri.protocol).toBe('otpauth:')
    expect(uri.searchParams.get('secret')).toBe(RFC_SECRET)
    expect(uri.searchParams.get('issuer')).toBe('Atrium')
  })
})

describe('sealed secrets', () => {
  const KEY = 'k'.repeat(40)
  it('open with the same key only, and refuse any change', () => {
    const sealed = seal(KEY, 'JBSWY3DPEHPK3PXP')
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP')
    expect(open(KEY, sealed)).toBe('JBSWY3DPEHPK3PXP')
    expect(open('x'.repeat(40), sealed)).toBeUndefined()
    const parts = sealed.split('.')
    parts[3] = Buffer.from('tampered').toString('base64url')
    expect(open(KEY, parts.join('.'))).toBeUndefined()
    expect(open(KEY, 'not sealed')).toBeUndefined()
  })
})

describe('who owes a second factor', () => {
  const staff = { id: 1, kind: 'staff', _sid: 's1' }
  it('is every staff session where it is required, until that session proved it', () => {
    expect(secondFactorPending(staff, 'required')).toBe(true)
    expect(secondFactorPending({ ...staff, secondFactorSessions: ['s0'] }, 'required')).toBe(true)
    expect(secondFactorPending({ ...staff, secondFactorSessions: ['s0', 's1'] }, 'required')).toBe(false)
  })

  it('is only staff who enrolled where it is optional, and never client users', () => {
    expect(secondFactorPending(staff, 'optional')).toBe(false)
    expect(secondFactorPending({ ...staff, secondFactorSecret: 'v1.x' }, 'optional')).toBe(true)
    expect(secondFactorPending({ ...staff, kind: 'client' }, 'required')).toBe(false)
  })

  it('is required in production unless said otherwise, and optional elsewhere', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'atrium-2fa-'))
    const production = { DATA_DIR: dataDir, NODE_ENV: 'production', PAYLOAD_SECRET: 's'.repeat(40), SMTP_URL: 'log' }
    expect(parseSettings(production).staffSecondFactor).toBe('required')
    expect(parseSettings({ ...production, STAFF_SECOND_FACTOR: 'optional' }).staffSecondFactor).toBe('optional')
    expect(parseSettings({ DATA_DIR: dataDir }).staffSecondFactor).toBe('optional')
    expect(() => parseSettings({ DATA_DIR: dataDir, STAFF_SECOND_FACTOR: 'sometimes' })).toThrow(/STAFF_SECOND_FACTOR/)
  })
})
