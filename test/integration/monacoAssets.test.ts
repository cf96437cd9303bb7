import type { Express } from 'express'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import request from 'supertest'
import { MONACO_VS_DIR, MONACO_VS_URL } from '../../src/admin/monacoAssets'
import { bootPayload, type BootedPayload } from '../harness/bootPayload'
import { testApp } from '../harness/http'

// The code editor of the admin's json fields, served by Atrium itself from its one folder. The
// route does not touch the database: one SQLite boot is enough.
describe('Monaco assets', () => {
  let booted: BootedPayload
  let app: Express

  beforeAll(async () => {
    booted = await bootPayload('sqlite')
    app = await testApp(booted)
  })
  afterAll(async () => {
    await booted.close()
  })

  it('names the installed version in its path', () => {
    const { version } = JSON.parse(readFileSync(path.join(MONACO_VS_DIR, '..', '..', 'package.json'), 'utf8')) as {
      version: string
    }
    expect(MONACO_VS_URL).toBe(`/_atrium/monaco/${version}/vs`)
  })

  it("serves Monaco's loader as JavaScript, cached for a year, with the usual security headers", async () => {
    const res = await request(app).get(`${MONACO_VS_URL}/loader.js`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['x-request-id']).toBeDefined()
    expect(res.text).toBe(readFileSync(path.join(MONACO_VS_DIR, 'loader.js'), 'utf8'))
  })

  it('serves its stylesheet as CSS', async () => {
    const res = await request(app).get(`${MONACO_VS_URL}/editor/editor.main.css`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8')
  })

  it('answers a file that is not there with the JSON 404', async () => {
    const res = await request(app).get(`${MONACO_VS_URL}/no-such-file.js`)
    expect(res.status).toBe(404)
    expect(res.body.error).toMatchObject({ id: 'route_not_found', status: 404 })
  })

  it('answers the folder itself and its subfolders with 404, not a listing', async () => {
    for (const route of [MONACO_VS_URL, `${MONACO_VS_URL}/`, `${MONACO_VS_URL}/editor`, `${MONACO_VS_URL}/editor/`]) {
      expect({ route, status: (await request(app).get(route)).status }).toEqual({ route, status: 404 })
    }
  })

  it.each([
    '/..%2f..%2fpackage.json',
    '/..%2f..%2f..%2f..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/package.json',
    '/editor/..%2f..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fsrc%2fpayload.config.ts',
  ])('refuses to climb out of the folder: %s', async (attempt) => {
    const res = await request(app).get(`${MONACO_VS_URL}${attempt}`)
    expect(res.status).toBe(404)
    expect(res.body.error).toMatchObject({ id: 'route_not_found' })
    expect(res.text).not.toContain('"name"')
  })

  it('serves no other version than the installed one', async () => {
    expect((await request(app).get('/_atrium/monaco/0.0.1/vs/loader.js')).status).toBe(404)
  })

  it('only reads: a POST is 404', async () => {
    expect((await request(app).post(`${MONACO_VS_URL}/loader.js`).send({})).status).toBe(404)
  })
})
