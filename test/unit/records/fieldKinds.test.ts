import { checkValue, isBlank, type ValueRules } from '../../../src/records/fieldKinds'

const field = (kind: ValueRules['kind']): ValueRules => ({
  kind,
  choices: [
    { value: 'low', label: 'Low' },
    { value: 'high', label: 'High' },
  ],
  statuses: [{ value: 'open', label: 'Open', colour: '#000000', category: 'open' }],
})

const accepted = (kind: ValueRules['kind'], value: unknown) => {
  const checked = checkValue(field(kind), value)
  if (!checked.ok) throw new Error(`expected ${JSON.stringify(value)} to be accepted as ${kind}: ${checked.message}`)
  return checked.value
}
const refusal = (kind: ValueRules['kind'], value: unknown) => {
  const checked = checkValue(field(kind), value)
  if (checked.ok) throw new Error(`expected ${JSON.stringify(value)} to be refused as ${kind}`)
  return checked.message
}

describe('field kinds', () => {
  describe('text', () => {
    it('trims and keeps up to 500 characters, counting an emoji as one', () => {
      expect(accepted('text', '  Hello ')).toBe('Hello')
      expect(accepted('text', '😀'.repeat(500))).toBe('😀'.repeat(500))
    })
    it.each([
      ['a number', 42, /must be text/],
      ['a list', ['a'], /must be text/],
      ['501 characters', 'x'.repeat(501), /at most 500 characters/],
      ['a NUL character, which PostgreSQL cannot store', 'a\u0000b', /cannot be stored/],
      ['a lone surrogate, which is not UTF-8', 'a\ud800b', /cannot be stored/],
    ])('refuses %s', (_name, value, message) => {
      expect(refusal('text', value)).toMatch(message)
    })
  })

  describe('long text', () => {
    it('keeps white space as written, up to 20,000 characters', () => {
      expect(accepted('long_text', '  line one\n  line two')).toBe('  line one\n  line two')
      expect(accepted('long_text', 'x'.repeat(20_000))).toHaveLength(20_000)
    })
    it('refuses 20,001 characters', () => {
      expect(refusal('long_text', 'x'.repeat(20_001))).toMatch(/at most 20000 characters/)
    })
  })

  describe('number', () => {
    it('accepts finite numbers and stores -0 as 0', () => {
      expect(accepted('number', 12.5)).toBe(12.5)
      expect(Object.is(accepted('number', -0), 0)).toBe(true)
    })
    it.each([
      [NaN, /finite/],
      [Infinity, /finite/],
      [-Infinity, /finite/],
      ['12', /must be a number/],
      [true, /must be a number/],
    ])('refuses %p', (value, message) => {
      expect(refusal('number', value)).toMatch(message)
    })
  })

  describe('money', () => {
    it('accepts whole minor units and an ISO currency', () => {
      expect(accepted('money', { amount: -1250, currency: 'EUR' })).toEqual({ amount: -1250, currency: 'EUR' })
    })
    it.each([
      [{ amount: 12.5, currency: 'EUR' }, /whole number of minor units/],
      [{ amount: 2 ** 53, currency: 'EUR' }, /whole number of minor units/],
      [{ amount: '1250', currency: 'EUR' }, /whole number of minor units/],
      [{ amount: 1250, currency: 'eur' }, /ISO 4217/],
      [{ amount: 1250, currency: 'EURO' }, /ISO 4217/],
      [{ amount: 1250 }, /ISO 4217/],
      [{ amount: 1250, currency: 'EUR', rate: 1 }, /other than amount and currency: rate/],
      [JSON.parse('{"amount":1,"currency":"EUR","__proto__":{"x":1}}'), /other than amount and currency: __proto__/],
      [1250, /must be an object/],
      [[1250, 'EUR'], /must be an object/],
    ])('refuses %j', (value, message) => {
      expect(refusal('money', value)).toMatch(message)
    })
  })

  describe('date', () => {
    it('accepts calendar dates, leap days included', () => {
      expect(accepted('date', '2024-02-29')).toBe('2024-02-29')
      expect(accepted('date', '2000-02-29')).toBe('2000-02-29')
    })
    it.each([
      '2025-02-30',
      '2025-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-04-31',
      '0000-01-01',
      '2025-3-1',
      '31/03/2025',
    ])('refuses %s', (value) => {
      expect(refusal('date', value)).toMatch(/calendar date|YYYY-MM-DD/)
    })
    it('refuses a date-time', () => {
      expect(refusal('date', '2025-03-01T00:00:00Z')).toMatch(/YYYY-MM-DD/)
    })
  })

  describe('date-time', () => {
    it.each([
      ['2025-03-31T09:30:00+02:00', '2025-03-31T07:30:00.000Z'],
      ['2025-03-31T09:30Z', '2025-03-31T09:30:00.000Z'],
      ['2025-12-31T23:30:00.123456-01:00', '2026-01-01T00:30:00.123Z'],
      ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
    ])('normalises %s to UTC %s, one format for every database', (value, utc) => {
      expect(accepted('date_time', value)).toBe(utc)
    })
    it.each([
      ['2025-03-31T09:30:00', /UTC offset/],
      ['2025-03-31 09:30:00Z', /UTC offset/],
      ['2025-02-30T09:30:00Z', /not a valid date and time/],
      ['2025-03-31T24:00:00Z', /not a valid date and time/],
      ['2025-03-31T09:60:00Z', /not a valid date and time/],
      ['2025-03-31T09:30:00+24:00', /not a valid date and time/],
      ['2025-03-31T09:30:00+01:75', /UTC offset/],
      ['9999-12-31T23:00:00-05:00', /years 1 and 9999/],
      [1743413400000, /UTC offset/],
    ])('refuses %p', (value, message) => {
      expect(refusal('date_time', value)).toMatch(message)
    })
  })

  describe('boolean', () => {
    it('accepts true and false only', () => {
      expect(accepted('boolean', false)).toBe(false)
      expect(refusal('boolean', 'true')).toMatch(/true or false/)
      expect(refusal('boolean', 1)).toMatch(/true or false/)
    })
  })

  describe('choice and status', () => {
    it("accept one of the field's values and name them when refusing", () => {
      expect(accepted('choice', 'high')).toBe('high')
      expect(refusal('choice', 'HIGH')).toBe('must be one of the choices: low, high')
      expect(accepted('status', 'open')).toBe('open')
      expect(refusal('status', 'closed')).toBe('must be one of the statuses: open')
    })
  })

  describe('reference', () => {
    it('accepts a numeric id or an ObjectId-like text id', () => {
      expect(accepted('reference', 17)).toBe(17)
      expect(accepted('reference', '65f1c0ffee0123456789abcd')).toBe('65f1c0ffee0123456789abcd')
    })
    it.each([0, -3, 1.5, '', 'a b', 'x'.repeat(65), { id: 1 }])('refuses %j', (value) => {
      expect(refusal('reference', value)).toMatch(/id of a record/)
    })
  })

  describe('link', () => {
    it('accepts http and https and stores the normalised address', () => {
      expect(accepted('link', 'HTTPS://Example.com')).toBe('https://example.com/')
      expect(accepted('link', 'http://example.com/a b')).toBe('http://example.com/a%20b')
    })
    it.each([
      ['javascript:alert(1)', /javascript: links are not allowed/],
      [' JavaScript:alert(1)', /javascript: links are not allowed/],
      ['java\nscript:alert(1)', /javascript: links are not allowed/],
      ['data:text/html,<script>alert(1)</script>', /data: links are not allowed/],
      ['ftp://example.com/file', /ftp: links are not allowed/],
      ['/relative/path', /full web address/],
      ['example.com', /full web address/],
      ['https://bank.example@evil.example/', /user name or password/],
      [42, /web address/],
    ])('refuses %j', (value, message) => {
      expect(refusal('link', value)).toMatch(message)
    })
    it('refuses addresses over 2048 characters, also when percent-encoding makes them so', () => {
      expect(refusal('link', `https://example.com/${'a'.repeat(2040)}`)).toMatch(/at most 2048 characters/)
      expect(refusal('link', `https://example.com/${'é'.repeat(700)}`)).toMatch(
        /at most 2048 characters long once encoded/,
      )
    })
  })

  it('treats missing, null and white space as no value, and false or 0 as values', () => {
    expect([undefined, null, '', '  '].map(isBlank)).toEqual([true, true, true, true])
    expect([false, 0, 'x'].map(isBlank)).toEqual([false, false, false])
  })
})
