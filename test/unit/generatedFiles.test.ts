import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { generateImportMap, type SanitizedConfig } from 'payload'
import { generateTypes } from 'payload/node'
import { buildAtriumConfig } from '../../src/config/payloadConfig'
import { parseSettings } from '../../src/config/settings'
import { PROJECT_ROOT } from '../../src/config/paths'

// Files Payload generates from the config are committed; they must be regenerated with it.
describe('generated files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'atrium-generated-'))
  let config: SanitizedConfig

  beforeAll(async () => {
    const settings = parseSettings({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent' })
    config = await buildAtriumConfig({ settings })
  })

  it('src/payload-types.ts matches the config (else run: npm run generate:types)', async () => {
    const outputFile = path.join(dir, 'payload-types.ts')
    await generateTypes({ ...config, typescript: { ...config.typescript, outputFile } }, { log: false })
    expect(readFileSync(outputFile, 'utf8')).toBe(readFileSync(path.join(PROJECT_ROOT, 'src/payload-types.ts'), 'utf8'))
  })

  it("the admin UI's import map matches the config (else run: npm run generate:importmap)", async () => {
    const committed = path.join(PROJECT_ROOT, 'src/app/(payload)/admin/importMap.js')
    // Beside the committed map: components are imported by paths relative to the map's folder.
    const importMapFile = path.join(path.dirname(committed), `.importMap-${process.pid}.js`)
    try {
      writeFileSync(importMapFile, '')
      const admin = { ...config.admin, importMap: { ...config.admin.importMap, importMapFile } }
      await generateImportMap({ ...config, admin }, { log: false, force: true })
      expect(readFileSync(importMapFile, 'utf8')).toBe(readFileSync(committed, 'utf8'))
    } finally {
      rmSync(importMapFile, { force: true })
    }
  })
})
