import { parseDatabaseUrl } from '../../src/config/settings'
import { createDatabaseAdapter, migrationDir } from '../../src/db/databaseAdapter'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const dir = mkdtempSync(path.join(tmpdir(), 'atrium-adapter-'))

describe('database adapter selection', () => {
  it.each([
    [`file:${path.join(dir, 'a.db')}`, 'sqlite'],
    ['postgres://postgres@127.0.0.1:5432/atrium', 'postgres'],
    ['mongodb://127.0.0.1:27017/atrium', 'mongoose'],
  ])('builds the adapter for %s without connecting', (url, name) => {
    expect(createDatabaseAdapter(parseDatabaseUrl(url, dir), { push: false }).name).toBe(name)
  })

  it('keeps one migration folder per SQL database kind', () => {
    expect(migrationDir('sqlite')).toMatch(/src\/db\/migrations\/sqlite$/)
    expect(migrationDir('postgres')).toMatch(/src\/db\/migrations\/postgres$/)
  })
})
