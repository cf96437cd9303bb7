import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadPortalTemplates } from '../../../plugins/portal/portalTemplates'
import { templateCompileCount } from '../../../src/templates/compileCache'

const folderWith = (files: Record<string, string>): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'portal-templates-'))
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), source)
  }
  return dir
}

describe('portal templates at boot', () => {
  it('checks and compiles the shipped templates once, so pages compile nothing', () => {
    const templates = loadPortalTemplates()
    expect([...templates.keys()]).toEqual(expect.arrayContaining(['layout', 'sign-in', 'page', 'not-found', 'error']))
    const before = templateCompileCount()
    loadPortalTemplates()
    expect(templateCompileCount()).toBe(before)
  })

  it('fails the boot naming the file and the line of an unsafe template', () => {
    const dir = folderWith({ 'layout.hbs': '{{> content}}', 'bad.hbs': '<p>ok</p>\n<p>{{{title}}}</p>' })
    expect(() => loadPortalTemplates(dir)).toThrow(/bad\.hbs.*line 2/)
  })

  it('fails the boot without a layout', () => {
    expect(() => loadPortalTemplates(folderWith({ 'home.hbs': '<p>hi</p>' }))).toThrow(/no layout/)
  })
})
