import { HttpError } from '../../../src/http/errors'
import { toSlotSort, toSlotWhere, uniqueConditions } from '../../../src/records/slotQuery'
import { assignSlots, type SlotAssignment } from '../../../src/records/slots'
import { shipmentType, withField } from './fixtures'

function assignmentOf(type = shipmentType()): SlotAssignment {
  const result = assignSlots(undefined, type)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.assignment
}
// reference → title (unique, searchable, not filterable), stage → status, priority s1, order s2, tracking s3,
// weight n1, value n2 (sortable only), fragile n3, shipped_on d1, eta d2
const assignment = assignmentOf(withField(shipmentType(), 'reference', { filterable: true, sortable: true }))

function refusal(run: () => unknown): HttpError {
  try {
    run()
  } catch (err) {
    if (err instanceof HttpError) return err
    throw err
  }
  throw new Error('expected a refusal')
}

describe('record queries on slot columns', () => {
  describe('refused with a 400 naming the field, before Payload sees them', () => {
    it.each([
      [{ colour: { equals: 'red' } }, 'colour', /there is no filterable field of that name/],
      [{ notes: { contains: 'glass' } }, 'notes', /there is no filterable field/],
      [{ value: { gte: 100 } }, 'value', /the field is not filterable/],
      [JSON.parse('{"__proto__":{"equals":1}}'), '__proto__', /not a field name/],
      [{ constructor: { equals: 1 } }, 'constructor', /not a field name/],
      [{ priority: { contains: 'urg' } }, 'priority', /choice fields take equals, in, not "contains"/],
      [{ weight: { prefix: '1' } }, 'weight', /number fields take equals, in, gte, lte, not "prefix"/],
      [{ fragile: { in: [true] } }, 'fragile', /yes\/no fields take equals, not "in"/],
      [{ order: { gte: 3 } }, 'order', /reference fields take equals, in, not "gte"/],
      [{ reference: { gt: 'A' } }, 'reference', /not "gt"/],
      [{ weight: { gte: 'heavy' } }, 'weight', /must be a number/],
      [{ weight: { equals: 'NaN' } }, 'weight', /must be a number/],
      [{ eta: { gte: '2025-03-01' } }, 'eta', /UTC offset/],
      [{ shipped_on: { lte: '2025-02-30' } }, 'shipped_on', /not a calendar date/],
      [{ tracking: { equals: 'javascript:alert(1)' } }, 'tracking', /javascript: links are not allowed/],
      [{ priority: { equals: "x' OR 1=1" } }, 'priority', /must be a choice value/],
      [{ weight: { equals: null } }, 'weight', /needs a value/],
      [{ weight: { in: [] } }, 'weight', /"in" needs a list of values/],
      [{ reference: { contains: '' } }, 'reference', /needs text of 1 to 500 characters/],
      [{ weight: 5 }, 'weight', /needs conditions such as/],
      [{ weight: {} }, 'weight', /needs conditions such as/],
    ])('refuses %j', (filter, field, message) => {
      const error = refusal(() => toSlotWhere(assignment, filter))
      expect(error.status).toBe(400)
      expect(error.id).toBe('invalid_record_filter')
      expect(error.message).toContain(`"${field}"`)
      expect(error.message).toMatch(message)
    })

    it('refuses oversize values: more than 100 in a list, more than 500 characters of text', () => {
      const many = Array.from({ length: 101 }, (_, i) => i)
      expect(refusal(() => toSlotWhere(assignment, { weight: { in: many } })).message).toMatch(/at most 100 values/)
      const long = { reference: { prefix: 'x'.repeat(501) } }
      expect(refusal(() => toSlotWhere(assignment, long)).message).toMatch(/needs text of 1 to 500 characters/)
      // characters, not UTF-16 units: 500 emoji are within the limit
      expect(toSlotWhere(assignment, { reference: { contains: '😀'.repeat(500) } })).toEqual({
        title: { contains: '😀'.repeat(500) },
      })
    })

    it('refuses a filter that is not an object of fields', () => {
      expect(refusal(() => toSlotWhere(assignment, [])).message).toMatch(/must map field names to conditions/)
      expect(refusal(() => toSlotWhere(assignment, 'weight=1')).status).toBe(400)
    })
  })

  describe('translated', () => {
    it('gives nothing to add for no filter', () => {
      expect(toSlotWhere(assignment, undefined)).toEqual({})
      expect(toSlotWhere(assignment, {})).toEqual({})
    })

    it('translates equals and in, with values normalised as stored', () => {
      expect(toSlotWhere(assignment, { reference: { equals: ' SHP-1 ' } })).toEqual({ title: { equals: 'SHP-1' } })
      expect(toSlotWhere(assignment, { stage: { in: ['booked', 'delayed'] } })).toEqual({
        status: { in: ['booked', 'delayed'] },
      })
      expect(toSlotWhere(assignment, { order: { in: [17, '65f1c0ffee0123456789abcd'] } })).toEqual({
        s2: { in: ['17', '65f1c0ffee0123456789abcd'] },
      })
      expect(toSlotWhere(assignment, { tracking: { equals: 'HTTPS://Track.example.com' } })).toEqual({
        s3: { equals: 'https://track.example.com/' },
      })
      expect(toSlotWhere(assignment, { fragile: { equals: true } })).toEqual({ n3: { equals: 1 } })
    })

    it('reads numbers, yes/no and lists from query-string text', () => {
      expect(toSlotWhere(assignment, { weight: { in: '1,2.5,-3e2' }, fragile: { equals: 'false' } })).toEqual({
        and: [{ n1: { in: [1, 2.5, -300] } }, { n3: { equals: 0 } }],
      })
    })

    it('translates gte and lte on numbers, dates and date-times into inclusive ranges', () => {
      expect(
        toSlotWhere(assignment, {
          weight: { gte: 1, lte: '20' },
          shipped_on: { gte: '2025-03-01', lte: '2025-03-31' },
          eta: { gte: '2025-03-01T00:00:00+01:00' },
        }),
      ).toEqual({
        and: [
          { n1: { greater_than_equal: 1 } },
          { n1: { less_than_equal: 20 } },
          { d1: { greater_than_equal: '2025-03-01T00:00:00.000Z' } },
          { d1: { less_than_equal: '2025-03-31T00:00:00.000Z' } },
          { d2: { greater_than_equal: '2025-02-28T23:00:00.000Z' } },
        ],
      })
    })

    it('compares money by its amount in minor units', () => {
      const withMoney = assignmentOf(withField(shipmentType(), 'value', { filterable: true }))
      expect(toSlotWhere(withMoney, { value: { lte: 10_000 } })).toEqual({ n2: { less_than_equal: 10_000 } })
      expect(refusal(() => toSlotWhere(withMoney, { value: { lte: 99.5 } })).message).toMatch(/minor units/)
    })

    it('translates prefix into a range the slot index serves, and contains into Payload contains', () => {
      expect(toSlotWhere(assignment, { reference: { prefix: 'SHP-10' } })).toEqual({
        and: [{ title: { greater_than_equal: 'SHP-10' } }, { title: { less_than: 'SHP-10\u{10FFFF}' } }],
      })
      expect(toSlotWhere(assignment, { tracking: { contains: 'track' } })).toEqual({ s3: { contains: 'track' } })
    })
  })

  describe('sorting', () => {
    it('sorts by the column of a sortable field, descending with -', () => {
      expect(toSlotSort(assignment, 'eta')).toBe('d2')
      expect(toSlotSort(assignment, '-value')).toBe('-n2')
      expect(toSlotSort(assignment, '-reference')).toBe('-title')
    })

    it.each([
      ['shipped_on', /the field is not sortable/],
      ['colour', /there is no sortable field/],
      ['-constructor', /not a field name/],
      ['', /give a field name/],
      [undefined, /give a field name/],
    ])('refuses %p with a 400', (sortKey, message) => {
      const error = refusal(() => toSlotSort(assignment, sortKey))
      expect(error.status).toBe(400)
      expect(error.id).toBe('invalid_record_sort')
      expect(error.message).toMatch(message)
    })
  })

  it('gives, for each unique field with a value, the Where that finds a duplicate', () => {
    const withUnique = assignmentOf(withField(shipmentType(), 'order', { unique: true }))
    expect(uniqueConditions(withUnique, { reference: 'SHP-1', order: 17, weight: 3 })).toEqual([
      { field: 'reference', where: { title: { equals: 'SHP-1' } } },
      { field: 'order', where: { s2: { equals: '17' } } },
    ])
    expect(uniqueConditions(withUnique, { weight: 3 })).toEqual([])
  })
})
