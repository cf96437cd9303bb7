/**
 * checkTemplate refuses every construct that would let a staff-edited template run code, emit
 * unescaped data or reach a prototype, naming the line and column of each, and passes the
 * templates staff are meant to write.
 */
import { checkTemplate } from '../../../src/templates/checkTemplate'

const lineOf = (source: string, options?: Parameters<typeof checkTemplate>[1]) =>
  checkTemplate(source, options).map(({ line, column }) => ({ line, column }))

describe('checkTemplate', () => {
  it.each([
    ['triple-stash output', '<p>\n  {{{body}}}\n</p>', /unescaped output/],
    ['{{& }} output', '<p>\n{{& body}}</p>', /unescaped output/],
    ['a dynamic partial', '<p>\n{{> (whichPartial)}}</p>', /dynamic partials/],
    ['a partial that is not registered', '<p>\n{{> header}}</p>', /partial "header"/],
    ['a partial block that is not registered', '<p>\n{{#> header}}x{{/header}}</p>', /partial "header"/],
    ['an inline-partial decorator', '<p>\n{{#* inline "x"}}y{{/inline}}</p>', /decorators/],
    ['a decorator', '<p>\n{{* activate}}</p>', /decorators/],
    ['the lookup helper', '<p>\n{{lookup this "constructor"}}</p>', /"lookup" is not a helper/],
    ['lookup in a sub-expression', '<p>\n{{#with (lookup a "b")}}{{/with}}</p>', /"lookup" is not a helper/],
    ['the log helper', '<p>\n{{log secret}}</p>', /"log" is not a helper/],
    ['an unknown helper', '<p>\n{{shout name}}</p>', /"shout" is not a helper/],
    ['an unknown block helper', '<p>\n{{#items}}x{{/items}}</p>', /"items" is not a helper/],
    ['a raw block', '<p>\n{{{{raw}}}}{{x}}{{{{/raw}}}}</p>', /"raw" is not a helper/],
    ['constructor', '<p>\n{{constructor}}</p>', /"constructor" may not be read/],
    ['a constructor chain', '<p>\n{{name.constructor.constructor}}</p>', /"constructor" may not be read/],
    ['__proto__ in brackets', '<p>\n{{a.[__proto__].b}}</p>', /"__proto__" may not be read/],
    ['prototype', '<p>\n{{@root.prototype}}</p>', /"prototype" may not be read/],
    ['__defineGetter__', '<p>\n{{__defineGetter__}}</p>', /"__defineGetter__" may not be read/],
    ['a string-literal path', '<p>\n{{"constructor"}}</p>', /"constructor" may not be read/],
    ['a prototype path as a helper argument', '<p>\n{{formatDate this.constructor}}</p>', /"constructor"/],
    ['an unchecked URL attribute', '<p>\n<a href="{{link}}">x</a></p>', /URL attribute/],
    ['an unchecked unquoted URL attribute', '<p>\n<img alt="" src={{link}}></p>', /URL attribute/],
    ['a block in a URL attribute', '<p>\n<a href="{{#if a}}{{b}}{{/if}}">x</a></p>', /URL attribute/],
    ['data in an event handler', '<p>\n<button onclick="go(\'{{id}}\')">x</button></p>', /event handler/],
    ['data in a script element', '<p>\n<script>var a = "{{id}}"</script></p>', /<script>/],
    ['data in a style element', '<p>\n<style>.a { color: {{c}} }</style></p>', /<style>/],
  ])('refuses %s, naming its line', (_name, source, message) => {
    const problems = checkTemplate(source)
    expect(problems).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(message) })])
  })

  it('names the column too', () => {
    expect(lineOf('ok\n  {{{x}}}')).toEqual([{ line: 2, column: 3 }])
  })

  it('lists every problem, not only the first', () => {
    expect(lineOf('{{{a}}}\n{{> (b)}}\n{{constructor}}\n{{* d}}')).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 1 },
      { line: 3, column: 3 },
      { line: 4, column: 1 },
    ])
  })

  it('reports a syntax error with its line', () => {
    expect(checkTemplate('<p>\n\n{{#if a}}x{{/each}}')).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(/syntax error/) }),
    ])
    expect(checkTemplate('a\nb {{name')).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/syntax error/) }),
    ])
  })

  it('allows a registered partial without parameters, and no dynamic one even when registered', () => {
    expect(checkTemplate('<main>{{> content}}</main>', { partials: ['content'] })).toEqual([])
    expect(checkTemplate('{{> content title}}', { partials: ['content'] })[0]?.message).toMatch(/no parameters/)
    expect(checkTemplate('{{> (content)}}', { partials: ['content'] })[0]?.message).toMatch(/dynamic/)
  })

  it('checks URL attributes in HTML only', () => {
    expect(checkTemplate('Open: <a href="{{url}}">', { html: false })).toEqual([])
    expect(checkTemplate('<a href="/requests/{{id}}">')).toEqual([])
    expect(
      checkTemplate('<script src="/a.js"></script><p title="{{t}}" onclick="">{{x}}</p><a href="{{safeUrl u}}">'),
    ).toEqual([])
  })

  it('passes what staff are meant to write', () => {
    const source = [
      '<section class="status">',
      '  <h2>{{t "shipments.title"}}</h2>',
      '  {{#if items.length}}',
      '    <ul>',
      '      {{#each items as |item index|}}',
      '        <li class="{{#if item.late}}late{{/if}}">',
      '          <a href="{{safeUrl item.url}}">{{item.name}}</a> {{formatDate item.eta style="long"}}',
      '          {{formatMoney item.amount item.currency}} {{@index}} {{../title}} {{@root.tenant.name}}',
      '        </li>',
      '      {{/each}}',
      '    </ul>',
      '  {{else}}{{#unless hidden}}<p>{{t "empty"}}</p>{{/unless}}{{/if}}',
      '  {{#with summary}}{{count}}{{/with}} {{!-- a comment --}}',
      '</section>',
    ].join('\n')
    expect(checkTemplate(source)).toEqual([])
  })
})
