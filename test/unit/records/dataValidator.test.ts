import { Errors } from '../../../src/http/errors'
import {
  MAX_DATA_BYTES,
  VALIDATOR_CACHE_SIZE,
  WHOLE_DATA,
  toFieldErrors,
  validatorFor,
  type DataValidation,
} from '../../../src/records/dataValidator'
import { shipmentType, validShipment } from './fixtures'

const type = { ...shipmentType(), id: 7 }
const validate = (data: unknown) => validatorFor(type, 1).validate(data)
const errorsOf = (result: DataValidation) => {
  if (result.ok) throw new Error('expected the data to be refused')
  return result.errors
}

describe('record data validation', () => {
  describe('refused, naming every field at fault', () => {
    it('lists the error of each field by key in one answer', () => {
      const errors = errorsOf(
        validate({
          ...validShipment,
          reference: '',
          weight: Number.NaN,
          value: { amount: 12.5, currency: 'euro' },
          shipped_on: '2025-02-30',
          tracking: 'javascript:alert(document.cookie)',
          colour: 'red',
        }),
      )
      expect(errors).toEqual({
        colour: 'is not a field of Shipment',
        reference: 'is required',
        weight: 'must be a finite number',
        value: 'amount must be a whole number of minor units (cents), such as 1250 for 12.50',
        shipped_on: '2025-02-30 is not a calendar date',
        tracking: 'must be an http or https address; javascript: links are not allowed',
      })
    })

    it('refuses prototype keys by name, without touching any prototype', () => {
      const data = JSON.parse('{"reference":"A","__proto__":{"polluted":true},"constructor":{"prototype":{}}}')
      const errors = errorsOf(validate(data))
      expect(Object.keys(errors).sort()).toEqual(['__proto__', 'constructor'])
      expect(Object.getOwnPropertyDescriptor(errors, '__proto__')?.value).toBe('is not allowed as a key')
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })

    it('refuses data larger than 64 KB as JSON before looking at its fields', () => {
      const big = { reference: 'A', a: 'x'.repeat(MAX_DATA_BYTES), b: 1 }
      expect(errorsOf(validate(big))).toEqual({
        [WHOLE_DATA]: expect.stringMatching(/^is 655\d\d bytes as JSON; a record's data may be at most 65536 bytes$/),
      })
    })

    it('counts bytes, not characters, against the size limit', () => {
      const notes = 'é'.repeat(19_000) // 19,000 characters (within long text), 38,000 bytes
      expect(errorsOf(validate({ ...validShipment, notes, reference: 'ü'.repeat(500), x: notes }))).toHaveProperty(
        WHOLE_DATA,
      )
    })

    it.each([
      ['a list', [1, 2]],
      ['text', 'reference=A'],
      ['null', null],
      ['a date', new Date()],
      [
        'a cycle',
        (() => {
          const cycle: Record<string, unknown> = { reference: 'A' }
          cycle.self = cycle
          return cycle
        })(),
      ],
    ])('refuses %s as data', (_name, data) => {
      expect(errorsOf(validate(data))).toEqual({ [WHOLE_DATA]: 'must be a JSON object of field values' })
    })
  })

  describe('accepted', () => {
    it('returns the data normalised and the references the caller must check', () => {
      const result = validate(validShipment)
      if (!result.ok) throw new Error(JSON.stringify(result.errors))
      expect(result.data).toEqual({
        ...validShipment,
        reference: 'SHP-1042',
        eta: '2025-03-31T07:30:00.000Z',
        tracking: 'https://track.example.com/shp-1042?lang=en',
      })
      expect(result.references).toEqual([{ field: 'order', type: 'order', id: 17 }])
    })

    it('never changes its input', () => {
      const input = structuredClone(validShipment)
      validate(input)
      validate({ ...input, weight: 'heavy' })
      expect(input).toEqual(validShipment)
    })

    it('leaves out optional fields given as null or blank, and keeps false and 0', () => {
      const result = validate({ reference: 'A', notes: '   ', weight: 0, fragile: false, order: null })
      expect(result).toEqual({ ok: true, data: { reference: 'A', weight: 0, fragile: false }, references: [] })
    })
  })

  describe('cache', () => {
    it('builds one validator per type revision', () => {
      const first = validatorFor(type, 3)
      expect(validatorFor({ ...type }, 3)).toBe(first)
      expect(validatorFor(type, 4)).not.toBe(first)
      expect(validatorFor({ ...type, id: 8 }, 3)).not.toBe(first)
    })

    it('forgets the least recently used validator once full', () => {
      const kept = validatorFor(type, 'kept')
      const dropped = validatorFor(type, 'dropped')
      for (let revision = 0; revision < VALIDATOR_CACHE_SIZE - 1; revision += 1) {
        validatorFor({ ...type, id: 'other' }, revision)
        validatorFor(type, 'kept')
      }
      expect(validatorFor(type, 'kept')).toBe(kept)
      expect(validatorFor(type, 'dropped')).not.toBe(dropped)
    })
  })

  it('gives Payload ValidationError entries and a 400 that name every field', () => {
    const errors = { weight: 'must be a number', [WHOLE_DATA]: 'must be a JSON object of field values' }
    expect(toFieldErrors(errors)).toEqual([
      { path: 'data.weight', message: 'must be a number' },
      { path: 'data', message: 'must be a JSON object of field values' },
    ])
    const error = Errors.invalidRecordData('Shipment', { weight: 'must be a number', eta: 'is required' })
    expect(error.status).toBe(400)
    expect(error.id).toBe('invalid_record_data')
    expect(error.message).toBe("The Shipment record's data is invalid: weight must be a number; eta is required")
  })
})
