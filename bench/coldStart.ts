/**
 * Measures Payload's cold start (getPayload, schema from the committed migrations, on an empty
 * database) in fresh processes, on SQLite and PostgreSQL, and the resident memory afterwards.
 *
 *   node --conditions=production --import tsx bench/coldStart.ts [runs=5]
 *
 * Each run is a child process (bench/coldStartOnce.ts), so module loading counts as it does in
 * `npm start`; the figure printed is wall time from spawning to Payload ready.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { derivedEnvironment, getTestSettings } from '../src/config/settings'
import { createScratchSqlDatabase } from '../src/db/scratchDatabases'

const runs = Number(process.argv[2] ?? 5)
const once = path.join(path.dirname(fileURLToPath(import.meta.url)), 'coldStartOnce.ts')

interface Sample {
  initMs: number
  totalMs: number
  rssMb: number
}

function runOnce(databaseUrl: string, dataDir: string): Promise<Sample> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=production', '--import', 'tsx', once], {
      env: derivedEnvironment({
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'development',
      }),
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`run failed (${code})`))
      const { initMs, rssMb } = JSON.parse(out.trim().split('\n').at(-1)!) as { initMs: number; rssMb: number }
      resolve({ initMs, rssMb, totalMs: Date.now() - started })
    })
  })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function bench(kind: 'sqlite' | 'postgres') {
  const samples: Sample[] = []
  for (let i = 0; i < runs; i += 1) {
    const scratch = await createScratchSqlDatabase(kind, getTestSettings().postgresAdminUrl)
    try {
      samples.push(await runOnce(scratch.url, scratch.dataDir))
    } finally {
      await scratch.drop()
    }
  }
  const f = (k: keyof Sample) =>
    `median ${median(samples.map((s) => s[k])).toFixed(0)} (min ${Math.min(...samples.map((s) => s[k])).toFixed(0)}, max ${Math.max(...samples.map((s) => s[k])).toFixed(0)})`
  console.log(`${kind}: getPayload + migrations on an empty database, ms: ${f('initMs')}`)
  console.log(`${kind}: process start to ready, ms: ${f('totalMs')}`)
  console.log(`${kind}: RSS when ready, MB: ${f('rssMb')}`)
}

await bench('sqlite')
await bench('postgres')
