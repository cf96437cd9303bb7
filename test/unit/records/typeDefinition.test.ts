import { parseRecordType, type DefinitionProblem } from '../../../src/records/typeDefinition'
import { shipmentInput } from './fixtures'

type Input = Record<string, unknown> & { fields: Record<string, unknown>[] }

const base = (): Input => structuredClone(shipmentInput) as Input
const problemsOf = (input: unknown, context?: { typeKeys?: ReadonlySet<string> }): DefinitionProblem[] => {
  const parsed = parseRecordType(input, context)
  if (parsed.ok) throw new Error('expected the definition to be refused')
  return parsed.errors
}
const messageAt = (problems: DefinitionProblem[], path: string) =>
  problems.find((problem) => problem.path === path)?.message

describe('record type definitions', () => {
  describe('refused on save, every problem at once with its path', () => {
    it('reports shape and cross-field problems together', () => {
      const input = base()
      input.key = 'Shipment'
      input.fields[1]!.label = ''
      input.fields[2]!.key = 'reference'
      input.titleField = 'notes'
      const problems = problemsOf(input)
      expect(messageAt(problems, 'key')).toMatch(/lower-case letter/)
      expect(messageAt(problems, 'fields.1.label')).toBe('is required')
      expect(messageAt(problems, 'fields.2.key')).toBe('"reference" is the key of another field')
      expect(messageAt(problems, 'titleField')).toBe('must name a text field; "notes" is not one')
    })

    it.each([
      ['__proto__', /lower-case letter/],
      ['constructor', /"constructor" cannot be a field key/],
      ['prototype', /"prototype" cannot be a field key/],
      ['9lives', /lower-case letter/],
      ['a'.repeat(41), /at most 40 characters/],
      ['has-dash', /lower-case letter/],
    ])('refuses the field key %s', (key, message) => {
      const input = base()
      input.fields[1]!.key = key
      expect(messageAt(problemsOf(input), 'fields.1.key')).toMatch(message)
    })

    it('refuses choice and status fields without values, or with a value twice', () => {
      const input = base()
      const priority = input.fields[7]!
      const stage = input.fields[8]!
      priority.choices = []
      stage.statuses = [
        { value: 'booked', label: 'Booked', colour: 'blue', category: 'open' },
        { value: 'booked', label: 'Again', colour: '#000000', category: 'closed' },
      ]
      const problems = problemsOf(input)
      expect(messageAt(problems, 'fields.7.choices')).toBe('a choice field needs at least one value')
      expect(messageAt(problems, 'fields.8.statuses.0.colour')).toBe('must be a colour written #rrggbb')
      expect(messageAt(problems, 'fields.8.statuses.1.category')).toBe('must be one of open, at_risk, done, cancelled')
      expect(messageAt(problems, 'fields.8.statuses.1.value')).toBe('"booked" is listed twice')
    })

    it('refuses a reference without a type, or to a type that does not exist', () => {
      const input = base()
      delete input.fields[9]!.referenceType
      expect(messageAt(problemsOf(input), 'fields.9.referenceType')).toMatch(/must name the record type/)
      const typeKeys = new Set(['shipment', 'invoice'])
      expect(messageAt(problemsOf(base(), { typeKeys }), 'fields.9.referenceType')).toBe(
        'there is no record type "order"',
      )
      expect(parseRecordType(base(), { typeKeys: new Set(['order']) }).ok).toBe(true)
    })

    it.each([
      [1, 'filterable', /long text fields cannot be filtered; make them searchable instead/],
      [1, 'sortable', /long text fields cannot be sorted by/],
      [3, 'unique', /money fields cannot be unique/],
      [6, 'searchable', /yes\/no fields cannot be searched/],
      [9, 'sortable', /reference fields cannot be sorted by/],
      [7, 'unique', /choice fields cannot be unique/],
    ])('refuses fields.%i.%s where the kind cannot do it', (index, flagName, message) => {
      const input = base()
      input.fields[index]![flagName] = true
      expect(messageAt(problemsOf(input), `fields.${index}.${flagName}`)).toMatch(message)
    })

    it('refuses a title field that is missing, not text, or not required', () => {
      expect(messageAt(problemsOf({ ...base(), titleField: 'nope' }), 'titleField')).toMatch(/there is no field "nope"/)
      expect(messageAt(problemsOf({ ...base(), titleField: 'weight' }), 'titleField')).toMatch(/must name a text field/)
      const optional = base()
      optional.fields[0]!.required = false
      expect(messageAt(problemsOf(optional), 'titleField')).toBe('the title field "reference" must be required')
    })

    it('refuses a status field that is not a status', () => {
      expect(messageAt(problemsOf({ ...base(), statusField: 'priority' }), 'statusField')).toBe(
        'must name a status field; "priority" is not one',
      )
    })

    it.each([0, -5, 1.5, '60'])('refuses staleAfterMinutes %p', (value) => {
      expect(messageAt(problemsOf({ ...base(), staleAfterMinutes: value }), 'staleAfterMinutes')).toBeDefined()
    })

    it('refuses more than 100 fields', () => {
      const input = base()
      input.fields = [
        ...input.fields,
        ...Array.from({ length: 90 }, (_, i) => ({ key: `extra_${i}`, label: `Extra ${i}`, kind: 'text' })),
      ]
      expect(messageAt(problemsOf(input), 'fields')).toBe('at most 100 fields')
    })

    it('refuses what is not a definition at all', () => {
      expect(problemsOf(null).length).toBeGreaterThan(0)
      expect(messageAt(problemsOf({ ...base(), fields: 'x' }), 'fields')).toBe('must be a list of fields')
      expect(
        messageAt(problemsOf({ ...base(), fields: [{ key: 'a', label: 'A', kind: 'blob' }] }), 'fields.0.kind'),
      ).toMatch(/must be one of text, long_text/)
    })
  })

  describe('accepted and normalised', () => {
    it('gives booleans for unset flags, drops nulls and row ids, and lower-cases colours', () => {
      const parsed = parseRecordType(base())
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
      const [reference, notes] = parsed.type.fields
      expect(reference).toEqual({
        key: 'reference',
        label: 'Reference',
        kind: 'text',
        required: true,
        unique: true,
        listColumn: false,
        filterable: false,
        sortable: false,
        searchable: true,
      })
      expect(notes).not.toHaveProperty('helpText')
      expect(parsed.type.fields[8]!.statuses![0]!.colour).toBe('#1e88e5')
      expect(parsed.type).toMatchObject({ titleField: 'reference', statusField: 'stage', staleAfterMinutes: 60 })
    })

    it('ignores the values an input hidden by the admin UI kept after the kind changed', () => {
      const input = base()
      input.fields[7]!.kind = 'text'
      input.fields[7]!.referenceType = 'order'
      const parsed = parseRecordType(input)
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
      expect(parsed.type.fields[7]).not.toHaveProperty('choices')
      expect(parsed.type.fields[7]).not.toHaveProperty('referenceType')
    })

    it('takes a type without a status field or staleness', () => {
      const parsed = parseRecordType({ ...base(), statusField: null, staleAfterMinutes: null })
      expect(parsed.ok && parsed.type).not.toHaveProperty('statusField')
      expect(parsed.ok && parsed.type).not.toHaveProperty('staleAfterMinutes')
    })
  })
})
