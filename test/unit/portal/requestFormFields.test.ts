import { parseRecordType } from '../../../src/records/typeDefinition'
import { formInputs, postedData, zonedDateTime } from '../../../plugins/portal/requestFormFields'

const parsed = parseRecordType({
  key: 'ask',
  singularLabel: 'Ask',
  pluralLabel: 'Asks',
  titleField: 'title',
  fields: [
    { key: 'amount', label: 'Amount', kind: 'number' },
    { key: 'title', label: 'Title', kind: 'text', required: true },
    { key: 'cost', label: 'Cost', kind: 'money' },
    { key: 'at', label: 'At', kind: 'date_time' },
    { key: 'urgent', label: 'Urgent', kind: 'boolean' },
  ],
})
if (!parsed.ok) throw new Error('the test type does not parse')
const form = parsed.type

describe('request form fields', () => {
  it('reads a local date and time in the tenant’s time zone, and refuses one that does not exist', () => {
    expect(zonedDateTime('2026-07-01T09:30', 'Europe/Paris')).toBe('2026-07-01T07:30:00.000Z')
    expect(zonedDateTime('2026-01-15T09:30', 'Europe/Paris')).toBe('2026-01-15T08:30:00.000Z')
    expect(zonedDateTime('2026-02-30T09:30', 'UTC')).toBeUndefined()
    expect(zonedDateTime('tomorrow', 'UTC')).toBeUndefined()
    expect(zonedDateTime('2026-01-15T09:30', 'Not/AZone')).toBeUndefined()
  })

  it('turns typed text into typed values, passing what does not convert through for the validator', () => {
    const posted = postedData(
      form,
      {
        'f.title': 'Chairs',
        'f.amount': 'many',
        'f.cost.amount': '12.505',
        'f.cost.currency': 'eur',
        'f.at': '2026-07-01T09:30',
        'f.other': 'ignored',
      },
      'Europe/Paris',
    )
    expect(posted.data).toEqual({
      title: 'Chairs',
      amount: 'many',
      cost: { amount: '12.505', currency: 'EUR' },
      at: '2026-07-01T07:30:00.000Z',
      urgent: false,
    })
    expect(posted.problems).toEqual({ cost: 'must be an amount such as 12.50, with at most 2 decimals for EUR' })
    expect(posted.values['f.amount']).toBe('many')
    expect(posted.values).not.toHaveProperty('f.other')
  })

  it('puts the title first and ties each message to its input', () => {
    const inputs = formInputs(form, 'rf-x', new Map(), { 'f.amount': 'many' }, { amount: 'must be a number' })
    expect(inputs.map((input) => input.key)).toEqual(['title', 'amount', 'cost', 'at', 'urgent'])
    const amount = inputs[1]!
    expect(amount).toMatchObject({ value: 'many', error: 'Amount must be a number', errorId: 'rf-x-amount-error' })
    expect(amount.describedBy).toBe('rf-x-amount-error')
    expect(inputs[4]).toMatchObject({ checkbox: true, required: false })
  })
})
