import { HttpError } from '../../../src/http/errors'
import {
  MAX_SEARCH_LENGTH,
  MAX_SEARCH_TERMS,
  namesNumber,
  numbersIn,
  searchTermsOf,
  searchWhere,
  termMatch,
} from '../../../src/records/searchQuery'

const refusal = (q: unknown) => {
  try {
    searchTermsOf(q)
  } catch (err) {
    if (err instanceof HttpError) return { status: err.status, id: err.id, message: err.message }
    throw err
  }
  throw new Error(`${JSON.stringify(q)} was accepted`)
}

describe('search terms', () => {
  it.each([
    [undefined, 'must be given once, as text'],
    [['a', 'b'], 'must be given once, as text'],
    [{ a: 'b' }, 'must be given once, as text'],
    ['', 'needs something to search for'],
    [' \t\n ', 'needs something to search for'],
    ['lon\u0000don', 'holds characters no text can contain'],
    ['\ud800abc', 'holds characters no text can contain'],
    ['x'.repeat(30_000), `must be at most ${MAX_SEARCH_LENGTH} characters long`],
    ['x'.repeat(MAX_SEARCH_LENGTH + 1), `must be at most ${MAX_SEARCH_LENGTH} characters long`],
    ['* % ""', 'needs a letter or digit'],
    [Array.from({ length: MAX_SEARCH_TERMS + 1 }, (_, i) => `w${i}`).join(' '), `at most ${MAX_SEARCH_TERMS} words`],
  ])('refuses %j with 400 naming q: %s', (q, problem) => {
    const { status, id, message } = refusal(q)
    expect({ status, id }).toEqual({ status: 400, id: 'invalid_query_parameter' })
    expect(message).toContain('"q"')
    expect(message).toContain(problem)
  })

  it('counts characters, not UTF-16 units: 200 emoji are allowed', () => {
    expect(searchTermsOf('🚢'.repeat(MAX_SEARCH_LENGTH))).toEqual(['🚢'.repeat(MAX_SEARCH_LENGTH)])
  })

  it('cuts at any whitespace and drops repeated terms', () => {
    expect(searchTermsOf('  SHP-1042\tLondon\u00a0london  SHP-1042 ')).toEqual(['SHP-1042', 'London', 'london'])
  })

  it('keeps every character of a term of three or more, search syntax included', () => {
    expect(searchTermsOf('"a* OR (b) NEAR c:d %_\\')).toEqual(['"a*', 'OR', '(b)', 'NEAR', 'c:d', '%_\\'])
  })

  it('keeps only the letters and digits of a shorter term, and leaves out one without any', () => {
    expect(searchTermsOf('#1 NY é. *% 東京')).toEqual(['1', 'NY', 'é', '東京'])
  })

  it('matches terms of three characters or more anywhere, shorter ones at the start of a word', () => {
    expect(['abc', '🚢🚢🚢', 'ab', '1', 'é'].map(termMatch)).toEqual([
      'substring',
      'substring',
      'wordPrefix',
      'wordPrefix',
      'wordPrefix',
    ])
  })

  it('makes one condition on the search text per term, all required', () => {
    expect(searchWhere(searchTermsOf('SHP-10 NY'))).toEqual({
      and: [{ searchText: { contains: 'SHP-10' } }, { searchText: { contains: 'NY' } }],
    })
  })

  it.each([
    ['SHP-1042', ['1042']],
    ['PO1042/7', ['1042']],
    ['INV-2026-0042', ['2026', '0042']],
    ['x1042y55555', ['1042', '55555']],
    ['1042', []],
    ['1042-SHP', []],
    ['SHP-104', []],
    ['SHP-١٠٤٢', []],
    ['ab', []],
    [`N-${'7'.repeat(150)}`, ['7'.repeat(100)]],
  ])('names the numbers of %j that a matching text holds from their first digit: %j', (term, numbers) => {
    expect(numbersIn(term)).toEqual(numbers)
  })

  it('tells whether a search names a number', () => {
    expect(namesNumber(searchTermsOf('london SHP-1042'))).toBe(true)
    expect(namesNumber(searchTermsOf('london 1042 SHP-10'))).toBe(false)
  })
})
