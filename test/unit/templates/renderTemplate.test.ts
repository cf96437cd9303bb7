/**
 * renderTemplate renders from plain data only, gives templates no way to a prototype, escapes
 * what handlebars escapes and stops javascript: links through safeUrl, and stops a render that
 * loops or writes too much with a typed error the page can replace with an error block.
 */
import { revisionOf } from '../../../src/templates/compileCache'
import { renderTemplate } from '../../../src/templates/renderTemplate'
import { TemplateRenderError } from '../../../src/templates/templateErrors'

let next = 0
const render = (source: string, context: unknown, options?: Parameters<typeof renderTemplate>[2]) =>
  renderTemplate({ id: `render:${next++}`, revision: revisionOf(source), source }, context, options)

const failure = (fn: () => unknown): TemplateRenderError => {
  try {
    fn()
  } catch (error) {
    if (error instanceof TemplateRenderError) return error
    throw error
  }
  throw new Error('expected the render to fail')
}

describe('renderTemplate', () => {
  it('refuses data that is not plain, naming where it is', () => {
    class Doc {
      title = 'x'
      save() {}
    }
    expect(failure(() => render('{{a.title}}', { a: new Doc() }))).toMatchObject({ reason: 'invalid_data' })
    expect(failure(() => render('{{a}}', { a: new Map() })).message).toMatch(/context\.a is a Map/)
    expect(failure(() => render('{{a}}', { list: [1, () => 1] })).message).toMatch(/context\.list\[1\] is a function/)
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(failure(() => render('x', cycle)).message).toMatch(/too deep/)
  })

  it('renders dates as ISO strings and copies plain data', () => {
    expect(render('{{d}} {{formatDate d}}', { d: new Date('2026-03-04T05:06:07Z') })).toBe(
      '2026-03-04T05:06:07.000Z 4 Mar 2026',
    )
  })

  it('gives a prototype key in the data nothing to reach', () => {
    const data = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": {"constructor": "c"}}') as unknown
    // Such keys are dropped from the copy: strict mode says the name is not there.
    expect(failure(() => render('{{polluted}}', data)).reason).toBe('render_failed')
    expect(({} as { polluted?: string }).polluted).toBeUndefined()
  })

  it('escapes HTML in {{ }}: & < > " \' ` =', () => {
    expect(render('<p title="{{v}}">{{v}}</p>', { v: `<script>alert("x")</script>'\`=&` })).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#x27;&#x60;&#x3D;&amp;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#x27;&#x60;&#x3D;&amp;</p>',
    )
  })

  it('turns javascript: and other unsafe links into # through safeUrl', () => {
    const link = (url: unknown) => render('<a href="{{safeUrl url}}">x</a>', { url })
    expect(link('javascript:alert(1)')).toBe('<a href="#">x</a>')
    expect(link(' JaVa\tScRiPt:alert(1)')).toBe('<a href="#">x</a>')
    expect(link('data:text/html,<script>')).toBe('<a href="#">x</a>')
    expect(link('//evil.example/')).toBe('<a href="#">x</a>')
    expect(link(42)).toBe('<a href="#">x</a>')
    expect(link('https://portal.example/a?b=1&c=2')).toBe(
      '<a href="https://portal.example/a?b&#x3D;1&amp;c&#x3D;2">x</a>',
    )
    expect(link('/t/acme/requests/7')).toBe('<a href="/t/acme/requests/7">x</a>')
    expect(link('mailto:ops@example.com')).toBe('<a href="mailto:ops@example.com">x</a>')
  })

  it('stops a huge loop with too_many_iterations, and a slow one with too_slow', () => {
    const items = Array.from({ length: 200 }, (_, i) => i)
    const nested = '{{#each items}}{{#each @root.items}}{{#each @root.items}}x{{/each}}{{/each}}{{/each}}'
    const started = performance.now()
    expect(failure(() => render(nested, { items }))).toMatchObject({ reason: 'too_many_iterations' })
    expect(performance.now() - started).toBeLessThan(1000)
    expect(
      failure(() => render(nested, { items }, { maxIterations: Number.MAX_SAFE_INTEGER, timeoutMs: 20 })),
    ).toMatchObject({ reason: 'too_slow' })
  })

  it('stops a loop that writes too much with output_too_large', () => {
    const big = 'y'.repeat(100_000)
    const items = Array.from({ length: 50 }, (_, i) => i)
    expect(failure(() => render('{{#each items}}{{@root.big}}{{/each}}', { items, big }))).toMatchObject({
      reason: 'output_too_large',
    })
  })

  it('fails on a misspelt name (strict mode) with render_failed', () => {
    expect(failure(() => render('{{titel}}', { title: 'x' }))).toMatchObject({ reason: 'render_failed' })
  })

  it('shows labels through t, and the partials the caller rendered', () => {
    const layout = {
      id: 'render:layout',
      revision: '1',
      source: '<main>{{t "hello"}} {{t "missing"}}{{> content}}</main>',
      partials: ['content'],
    }
    expect(renderTemplate(layout, {}, { labels: { hello: 'Bonjour' }, partials: { content: '<p>blocks</p>' } })).toBe(
      '<main>Bonjour missing<p>blocks</p></main>',
    )
    expect(failure(() => renderTemplate(layout, {}))).toMatchObject({ reason: 'render_failed' })
  })

  it('formats money, leaving a bad amount empty and a bad currency bare', () => {
    expect(
      render('{{formatMoney a "EUR"}}|{{formatMoney b "EUR"}}|{{formatMoney a "??"}}', { a: 1234.5, b: 'x' }),
    ).toBe('€1,234.50||1,234.5')
  })
})
