/**
 * The production build of Payload's admin UI (Next). `npm start` builds it when there is none, or
 * when the sources it was built from have changed since; `npm run build` builds it on demand.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, linkSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import path from 'node:path'
import { PROJECT_ROOT } from '../config/paths'
import { childProcessEnv, type Settings } from '../config/settings'
import { processIsAlive } from './processIsAlive'

const NEXT_DIR = path.join(PROJECT_ROOT, '.next')
const STAMP_FILE = path.join(NEXT_DIR, 'atrium-build.json')
// Outside .next, which `next build` empties when it starts.
const LOCK_FILE = path.join(PROJECT_ROOT, '.next-build.lock')
/** How long a start waits for another process's build before giving up. */
const LOCK_WAIT_MS = 10 * 60_000
// What the admin bundle is compiled from: the config and everything it imports.
const SOURCE_DIRS = ['src', 'collections', 'plugins']
const SOURCE_FILES = ['package-lock.json', 'next.config.mjs', 'tsconfig.json']
const SOURCE_EXTENSIONS = /\.(ts|tsx|js|mjs|jsx|scss|css|json)$/

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SOURCE_EXTENSIONS.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/** A hash of every source file the admin build depends on. */
export function sourceFingerprint(): string {
  const files = [
    ...SOURCE_FILES.map((file) => path.join(PROJECT_ROOT, file)).filter((file) => existsSync(file)),
    ...SOURCE_DIRS.flatMap((dir) => listFiles(path.join(PROJECT_ROOT, dir))),
  ].sort()
  const hash = createHash('sha256')
  for (const file of files) hash.update(path.relative(PROJECT_ROOT, file)).update('\0').update(readFileSync(file))
  return hash.digest('hex')
}

/** True when a build exists and was made from the current sources. */
export function adminBuildIsCurrent(fingerprint = sourceFingerprint()): boolean {
  if (!existsSync(path.join(NEXT_DIR, 'BUILD_ID')) || !existsSync(STAMP_FILE)) return false
  try {
    return (JSON.parse(readFileSync(STAMP_FILE, 'utf8')) as { fingerprint?: string }).fingerprint === fingerprint
  } catch {
    return false
  }
}

/** The pid in the lock file; undefined when there is none (it went away meanwhile) or it is unreadable. */
function lockHolder(): number | undefined {
  try {
    const pid = Number(readFileSync(LOCK_FILE, 'utf8'))
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/**
 * Runs `work` holding the build lock, a file naming the building process: two starts on one
 * checkout (two test workers, two terminals) must not run `next build` into one .next at once.
 * A lock left by a process that no longer runs is taken over.
 */
async function withBuildLock<T>(work: () => Promise<T>, log: (message: string) => void): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS
  let told = false
  const claim = `${LOCK_FILE}.${process.pid}`
  writeFileSync(claim, String(process.pid))
  try {
    for (;;) {
      try {
        // A hard link appears whole or not at all: nobody ever reads a half-written lock.
        linkSync(claim, LOCK_FILE)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const holder = lockHolder()
      if (holder === undefined || !processIsAlive(holder)) {
        rmSync(LOCK_FILE, { force: true })
        continue
      }
      if (Date.now() > deadline)
        throw new Error(`Another process (pid ${holder}) has been building the admin UI for too long; see ${LOCK_FILE}`)
      if (!told) log(`Waiting for the admin UI build of another process (pid ${holder})…`)
      told = true
      await sleep(500)
    }
  } finally {
    rmSync(claim, { force: true })
  }
  try {
    return await work()
  } finally {
    rmSync(LOCK_FILE, { force: true })
  }
}

/** Runs `next build`, streaming its output, and records which sources it was built from. */
async function runNextBuild(settings: Settings): Promise<void> {
  const fingerprint = sourceFingerprint()
  const nextBin = path.join(PROJECT_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next')
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=production', nextBin, 'build'], {
      cwd: PROJECT_ROOT,
      env: childProcessEnv(settings, { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' }),
      stdio: 'inherit',
    })
    child.on('error', reject)
    child.on('exit', resolve)
  })
  if (code !== 0) throw new Error(`The admin UI build (next build) failed with exit code ${code}`)
  writeFileSync(STAMP_FILE, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }, null, 2))
}

/** Builds the admin UI now, whether or not a current build exists (after any build already running). */
export async function buildAdmin(settings: Settings, log: (message: string) => void): Promise<void> {
  await withBuildLock(() => runNextBuild(settings), log)
}

/** Builds the admin UI unless a build of the current sources exists (or another process just made one). */
export async function ensureAdminBuild(settings: Settings, log: (message: string) => void): Promise<void> {
  if (adminBuildIsCurrent()) return
  await withBuildLock(async () => {
    if (adminBuildIsCurrent()) return
    log('Building the admin UI (first start, or its sources changed); this takes 30–60 s…')
    const started = Date.now()
    await runNextBuild(settings)
    log(`Admin UI built in ${Math.round((Date.now() - started) / 1000)} s`)
  }, log)
}
