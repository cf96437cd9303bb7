/**
 * A load generator for benches, run as a child process (see {@link startLoadGenerator}) so that
 * its CPU is not counted as the server's: `n` GET requests at `concurrency` over keep-alive
 * connections, each answered in full; it reports throughput, latency percentiles and the statuses.
 */
import { fork, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

/** One run to make. */
export interface LoadRun {
  url: string
  headers: Record<string, string>
  n: number
  concurrency: number
}

/** What a run measured. */
export interface LoadResult {
  requests: number
  seconds: number
  p50: number
  p95: number
  /** status → how many */
  statuses: Record<string, number>
}

function get(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', () => undefined)
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

async function run({ url, headers, n, concurrency }: LoadRun): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const target = new URL(url)
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next += 1
        const t0 = performance.now()
        const status = await get(agent, target, headers)
        latencies.push(performance.now() - t0)
        statuses[status] = (statuses[status] ?? 0) + 1
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!
  return { requests: n, seconds, p50: at(0.5), p95: at(0.95), statuses }
}

/** A child process that makes runs on request. */
export interface LoadGenerator {
  run(load: LoadRun): Promise<LoadResult>
  close(): void
}

/** Starts the load generator's child process (this file, with the same Node flags). */
export function startLoadGenerator(): LoadGenerator {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: 'inherit' })
  return {
    run: (load) =>
      new Promise((resolve, reject) => {
        child.once('error', reject)
        child.once('message', (result) => {
          child.off('error', reject)
          resolve(result as LoadResult)
        })
        child.send(load)
      }),
    close: () => child.kill(),
  }
}

if (process.argv[2] === '--child') {
  process.on('message', (load) => {
    void run(load as LoadRun).then((result) => process.send!(result))
  })
}
