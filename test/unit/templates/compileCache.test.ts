/**
 * The compile cache compiles a template once per revision, counts every compile (the request
 * path must add none after warm-up), recompiles when the revision changes or after invalidation,
 * refuses to compile an unsafe source, and stays within its bound.
 */
import {
  cachedTemplateCount,
  compiledTemplate,
  invalidateTemplate,
  revisionOf,
  TEMPLATE_CACHE_SIZE,
  templateCompileCount,
} from '../../../src/templates/compileCache'
import { jest } from '@jest/globals'
import { templateEnvironment } from '../../../src/templates/environment'
import { renderTemplate } from '../../../src/templates/renderTemplate'
import { TemplateRenderError } from '../../../src/templates/templateErrors'

const template = (id: string, source: string, revision = revisionOf(source)) => ({ id, revision, source })

describe('the compile cache', () => {
  it('compiles once per revision, however often it renders', () => {
    const first = template('cache:once', '<p>{{name}}</p>')
    const before = templateCompileCount()
    for (let i = 0; i < 1000; i++) expect(renderTemplate(first, { name: `n${i}` })).toBe(`<p>n${i}</p>`)
    expect(templateCompileCount() - before).toBe(1)
  })

  it('compiles when the template enters the cache, not inside its first render (whose time is budgeted)', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ n: i }))
    const source = '{{#each rows}}<tr><td>{{n}}</td></tr>{{/each}}'.repeat(20)
    const cold = { id: 'cache:cold', revision: '1', source }
    const before = templateCompileCount()
    // Handlebars' lazy compile() would compile inside this first render and spend its budget:
    // precompile (the work) must run when the template enters the cache, and never in a render.
    const precompile = jest.spyOn(templateEnvironment, 'precompile')
    const compile = jest.spyOn(templateEnvironment, 'compile')
    try {
      compiledTemplate(cold)
      const atEntry = precompile.mock.calls.length
      expect(atEntry).toBeGreaterThan(0)
      expect(renderTemplate(cold, { rows })).toContain('<td>199</td>')
      expect(precompile.mock.calls.length).toBe(atEntry)
      expect(compile).not.toHaveBeenCalled()
      expect(templateCompileCount()).toBe(before + 1)
    } finally {
      precompile.mockRestore()
      compile.mockRestore()
    }
  })

  it('recompiles when the revision changes, and renders the new source', () => {
    const before = templateCompileCount()
    expect(renderTemplate(template('cache:edit', 'old {{x}}', '2026-01-01'), { x: 1 })).toBe('old 1')
    expect(renderTemplate(template('cache:edit', 'new {{x}}', '2026-01-02'), { x: 1 })).toBe('new 1')
    expect(renderTemplate(template('cache:edit', 'new {{x}}', '2026-01-02'), { x: 2 })).toBe('new 2')
    expect(templateCompileCount() - before).toBe(2)
  })

  it('compiles again after invalidation', () => {
    const same = template('cache:invalidated', 'a {{x}}')
    compiledTemplate(same)
    const before = templateCompileCount()
    compiledTemplate(same)
    invalidateTemplate(same.id)
    compiledTemplate(same)
    expect(templateCompileCount() - before).toBe(1)
  })

  it('never compiles a source that fails the check', () => {
    const before = templateCompileCount()
    expect(() => compiledTemplate(template('cache:unsafe', '{{{html}}}'))).toThrow(TemplateRenderError)
    expect(() => compiledTemplate(template('cache:unsafe', '{{{html}}}'))).toThrow(/invalid_template.*line 1/)
    expect(templateCompileCount()).toBe(before)
  })

  it(`keeps at most ${TEMPLATE_CACHE_SIZE} compiled templates, dropping the least recently used`, () => {
    const hot = template('cache:hot', 'hot')
    compiledTemplate(hot)
    for (let i = 0; i < TEMPLATE_CACHE_SIZE + 20; i++) {
      compiledTemplate(template(`cache:many:${i}`, `t${i}`))
      if (i % 100 === 0) compiledTemplate(hot) // used now and then: stays
    }
    expect(cachedTemplateCount()).toBe(TEMPLATE_CACHE_SIZE)
    const before = templateCompileCount()
    compiledTemplate(hot)
    compiledTemplate(template(`cache:many:${TEMPLATE_CACHE_SIZE + 19}`, `t${TEMPLATE_CACHE_SIZE + 19}`))
    expect(templateCompileCount()).toBe(before)
    compiledTemplate(template('cache:many:0', 't0'))
    expect(templateCompileCount()).toBe(before + 1)
  })
})
