import { seal, unseal } from '../../../src/auth/sealedText'

describe('sealed text', () => {
  const KEY = 'k'.repeat(40)

  it('opens with the same secret and purpose only', () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', KEY, 'staff second factor')
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP')
    expect(unseal(sealed, KEY, 'staff second factor')).toBe('JBSWY3DPEHPK3PXP')
    expect(unseal(sealed, 'x'.repeat(40), 'staff second factor')).toBeUndefined()
    expect(unseal(sealed, KEY, 'tenant client secret')).toBeUndefined()
  })

  it('refuses anything altered, foreign or absurd', () => {
    const sealed = seal('secret', KEY, 'p')
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1)
    expect(unseal(flipped, KEY, 'p')).toBeUndefined()
    expect(unseal('not sealed', KEY, 'p')).toBeUndefined()
    expect(unseal('v1.', KEY, 'p')).toBeUndefined()
    expect(unseal(`v1.${'A'.repeat(20_000)}`, KEY, 'p')).toBeUndefined()
    expect(unseal(42, KEY, 'p')).toBeUndefined()
  })
})
