import {
  MAX_VISITOR_PAGE,
  blockIdOf,
  keptParameters,
  pageHref,
  savedFilterOf,
  visitorInput,
} from '../../../plugins/portal/blocks/recordBlockInput'

describe('what record blocks read from their config and the address', () => {
  it.each([
    ['text that is not JSON', '{status:'],
    ['a list', '[1, 2]'],
    ['a field without conditions', { status: 'open' }],
    ['a number', 5],
  ])('refuses a saved filter that is %s, naming the filter', (_what, value) => {
    expect(() => savedFilterOf(value)).toThrow(/filtered by "filter"/)
  })

  it('reads a saved filter stored as JSON or as text holding JSON; empty is none', () => {
    const filter = { status: { in: ['delayed'] } }
    expect(savedFilterOf(filter)).toEqual(filter)
    expect(savedFilterOf(JSON.stringify(filter))).toEqual(filter)
    for (const none of [undefined, null, '', '  ']) expect(savedFilterOf(none)).toBeUndefined()
  })

  it('names a block by its layout id, and never by markup or a path', () => {
    expect(blockIdOf({ id: '65a1f0c2e4b0' }, 'recordList')).toBe('b-65a1f0c2e4b0')
    expect(blockIdOf({ id: '"><script>' }, 'recordList')).toBe('b-recordList')
    expect(blockIdOf({}, 'kpiTiles')).toBe('b-kpiTiles')
  })

  it('tells the visitor what is wrong with a search or page, and falls back to the first page', () => {
    expect(visitorInput({ 'b-1-q': 'SHP-10', 'b-1-page': '3' }, 'b-1')).toEqual({
      q: 'SHP-10',
      typed: 'SHP-10',
      page: 3,
      problem: '',
    })
    expect(visitorInput({ 'b-1-q': 'x'.repeat(201) }, 'b-1')).toMatchObject({
      q: undefined,
      problem: 'The search must be at most 200 characters long',
    })
    expect(visitorInput({ 'b-1-q': ['a', 'b'] }, 'b-1').problem).toBe('Search for one thing at a time.')
    for (const page of ['0', 'abc', '1e3', String(MAX_VISITOR_PAGE + 1), ['2', '3']])
      expect(visitorInput({ 'b-1-page': page }, 'b-1')).toMatchObject({
        page: 1,
        problem: expect.stringMatching(/^The page/),
      })
    expect(visitorInput({ 'b-2-q': 'other list' }, 'b-1')).toEqual({ q: undefined, typed: '', page: 1, problem: '' })
  })

  it('keeps the other blocks’ parameters in its links, and drops its own and flash messages', () => {
    const kept = keptParameters(
      { 'b-1-q': 'mine', 'b-1-page': '2', 'b-2-q': 'theirs', done: 'approved', x: ['1', '2'] },
      'b-1',
    )
    expect(kept).toEqual([{ name: 'b-2-q', value: 'theirs' }])
    expect(pageHref('/t/a/p/list', [...kept, { name: 'b-1-page', value: '3' }], 'b-1')).toBe(
      '/t/a/p/list?b-2-q=theirs&b-1-page=3#b-1',
    )
  })
})
