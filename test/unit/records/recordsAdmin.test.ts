import {
  asEditableData,
  displayValue,
  fromMinorUnits,
  localProblem,
  toInputValue,
  toMinorUnits,
  toStoredValue,
  unknownKeys,
  withValue,
} from '../../../collections/Records/admin/recordFormValues'
import { filterInputsOf, filterParams, listColumns } from '../../../collections/Records/admin/recordListQuery'
import { checkValue } from '../../../src/records/fieldKinds'
import type { FieldDefinition } from '../../../src/records/typeDefinition'
import { shipmentType } from './fixtures'

const money = { kind: 'money' } as const

describe("the admin record form's values", () => {
  describe('keeping data', () => {
    it('changes one key and keeps every other, including keys the type no longer has', () => {
      const data = { reference: 'A-1', legacy_code: 'X', weight: 3 }
      expect(withValue(data, 'weight', 4)).toEqual({ reference: 'A-1', legacy_code: 'X', weight: 4 })
      expect(withValue(data, 'reference', undefined)).toEqual({ legacy_code: 'X', weight: 3 })
      expect(data).toEqual({ reference: 'A-1', legacy_code: 'X', weight: 3 })
    })

    it('names the keys its type has no field for', () => {
      expect(unknownKeys(shipmentType(), { reference: 'A-1', legacy_code: 'X' })).toEqual(['legacy_code'])
    })

    it('treats a missing or non-object data as empty, never as a value to send back', () => {
      expect(asEditableData(null)).toEqual({})
      expect(asEditableData(['a'])).toEqual({})
      expect(asEditableData('text')).toEqual({})
    })
  })

  describe('money, typed in major units and stored in minor units', () => {
    it.each([
      ['12.50', 'EUR', 1250],
      ['12,5', 'EUR', 1250],
      ['-0.99', 'USD', -99],
      ['1 234.5', 'EUR', 123450],
      ['1200', 'JPY', 1200],
      ['1.234', 'BHD', 1234],
      ['.5', 'EUR', 50],
      ['0.10', 'EUR', 10],
    ])('%s %s is %d', (text, currency, amount) => {
      expect(toMinorUnits(text, currency)).toBe(amount)
    })

    it.each([['12.505'], ['12.5.0'], ['abc'], [''], ['.'], ['1e3'], ['99999999999999999']])(
      'refuses %j instead of rounding or guessing',
      (text) => {
        expect(toMinorUnits(text, 'EUR')).toBeUndefined()
      },
    )

    it('shows stored amounts back as they were typed', () => {
      expect(fromMinorUnits(1250, 'EUR')).toBe('12.50')
      expect(fromMinorUnits(-5, 'EUR')).toBe('-0.05')
      expect(fromMinorUnits(1200, 'JPY')).toBe('1200')
      expect(toInputValue('money', { amount: 14990, currency: 'EUR' })).toEqual({ amount: '149.90', currency: 'EUR' })
    })

    it('stores what the server accepts, or what was typed for the server to name', () => {
      const stored = toStoredValue(money, { amount: '149.90', currency: 'EUR' })
      expect(stored).toEqual({ amount: 14990, currency: 'EUR' })
      expect(checkValue(money, stored).ok).toBe(true)
      const typo = toStoredValue(money, { amount: '149.905', currency: 'EUR' })
      expect(checkValue(money, typo)).toEqual({
        ok: false,
        message: 'amount must be a whole number of minor units (cents), such as 1250 for 12.50',
      })
      expect(localProblem(money, { amount: '149.905', currency: 'EUR' })).toBe(
        'must be an amount such as 12.50, with at most 2 decimals for EUR',
      )
      expect(toStoredValue(money, { amount: '', currency: '' })).toBeUndefined()
    })
  })

  describe('other kinds', () => {
    it('removes the key for a blank input, which the server reads as no value', () => {
      for (const kind of ['text', 'long_text', 'number', 'date', 'date_time', 'choice', 'link'] as const)
        expect(toStoredValue({ kind }, '  ')).toBeUndefined()
    })

    it('stores numbers as numbers and passes other text on for the server to refuse', () => {
      expect(toStoredValue({ kind: 'number' }, '12.5')).toBe(12.5)
      expect(toStoredValue({ kind: 'number' }, '12,5')).toBe('12,5')
      expect(toStoredValue({ kind: 'reference' }, '42')).toBe(42)
      expect(toStoredValue({ kind: 'boolean' }, false)).toBe(false)
    })

    it('stores a date-time typed in the browser time zone as valid UTC text', () => {
      const stored = toStoredValue({ kind: 'date_time' }, '2026-04-01T09:30')
      expect(checkValue({ kind: 'date_time' }, stored)).toEqual({ ok: true, value: stored })
      expect(toInputValue('date_time', stored)).toBe('2026-04-01T09:30')
    })

    it('shows stored values in list cells with their labels', () => {
      const status = shipmentType().fields.find((field) => field.kind === 'status')!
      expect(displayValue(status, status.statuses![0]!.value)).toBe(status.statuses![0]!.label)
      expect(displayValue({ kind: 'money' }, { amount: 1250, currency: 'EUR' })).toBe('12.50 EUR')
      expect(displayValue({ kind: 'boolean' }, false)).toBe('No')
      expect(displayValue({ kind: 'reference' }, 7, new Map([['7', 'NW-1']]))).toBe('NW-1')
      expect(displayValue({ kind: 'reference' }, 8)).toBe('#8')
    })
  })
})

describe("the admin records list's query", () => {
  const field = (key: string, kind: FieldDefinition['kind'], flags: Partial<FieldDefinition> = {}) =>
    ({ key, label: key, kind, ...flags }) as FieldDefinition

  it('offers each kind the filter inputs its operators allow', () => {
    expect(filterInputsOf('text')).toEqual(['contains'])
    expect(filterInputsOf('number')).toEqual(['gte', 'lte'])
    expect(filterInputsOf('date_time')).toEqual(['gte', 'lte'])
    expect(filterInputsOf('status')).toEqual(['equals'])
    expect(filterInputsOf('boolean')).toEqual(['equals'])
    expect(filterInputsOf('reference')).toEqual(['equals'])
  })

  it('turns filled inputs into filter parameters and leaves blank ones out', () => {
    const fields = [field('ref', 'text'), field('pallets', 'number'), field('eta', 'date_time')]
    const params = filterParams(fields, { ref: { contains: 'NW' }, pallets: { gte: '10', lte: ' ' }, eta: {} })
    expect(params).toEqual({ 'filter[ref][contains]': 'NW', 'filter[pallets][gte]': '10' })
  })

  it('reads a date-time range as whole days', () => {
    const params = filterParams([field('eta', 'date_time')], { eta: { gte: '2026-03-01', lte: '2026-03-31' } })
    const from = new Date(params['filter[eta][gte]']!)
    const to = new Date(params['filter[eta][lte]']!)
    expect([from.getDate(), from.getHours(), from.getMinutes()]).toEqual([1, 0, 0])
    expect([to.getDate(), to.getHours(), to.getMinutes(), to.getSeconds()]).toEqual([31, 23, 59, 59])
  })

  it('shows the title first, then the list columns in the order of the type', () => {
    const type = {
      titleField: 'ref',
      fields: [
        field('eta', 'date', { listColumn: true }),
        field('notes', 'long_text'),
        field('ref', 'text', { listColumn: false }),
        field('status', 'status', { listColumn: true }),
      ],
    }
    expect(listColumns(type).map((column) => column.key)).toEqual(['ref', 'eta', 'status'])
  })
})
