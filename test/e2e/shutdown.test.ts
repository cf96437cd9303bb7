import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cleanEnv, fixtureServer, type Child } from '../harness/processes'

/** GET over a fresh connection; resolves with status and body, or rejects with the socket error. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

describe('SIGTERM', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atrium-shutdown-'))
  const children: Child[] = []
  const start = async (slowMs: number) => {
    const child = fixtureServer(cleanEnv({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), slowMs)
    children.push(child)
    const [, base] = await child.waitFor(/listening on (http:\/\/localhost:\d+)/, 60_000)
    return { child, base: base! }
  }

  afterAll(() => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('lets a slow in-flight request finish, refuses new connections, and exits 0', async () => {
    const { child, base } = await start(2500)
    const slow = get(`${base}/fixture/slow`)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const signalled = Date.now()
    child.process.kill('SIGTERM')
    await child.waitFor(/SIGTERM: shutting down/, 5000)

    // Refused, or reset when it raced into the listen backlog as the socket closed: never served.
    const refused = await get(`${base}/healthz`).then(
      (res) => `served with ${res.status}`,
      (err: NodeJS.ErrnoException) => err.code,
    )
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(refused)
    await expect(slow).resolves.toEqual({ status: 200, body: JSON.stringify({ finished: true }) })
    expect(await child.exited).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(10_000)
  }, 60_000)

  it('cuts off a request that outlives the grace period and still exits 0 within 10 s', async () => {
    const { child, base } = await start(60_000)
    const stuck = get(`${base}/fixture/slow`).catch((err: NodeJS.ErrnoException) => err.code)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const signalled = Date.now()
    child.process.kill('SIGTERM')
    expect(await child.exited).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(10_000)
    expect(await stuck).toBe('ECONNRESET')
  }, 60_000)
})
