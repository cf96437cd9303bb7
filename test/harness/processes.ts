/**
 * Child processes for end-to-end tests: Atrium started the way a person starts it, its output
 * collected so a failing test can show it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { PROJECT_ROOT } from '../../src/config/paths'
import { derivedEnvironment } from '../../src/config/settings'

/** A running child process and what it printed so far. */
export interface Child {
  process: ChildProcess
  output: () => string
  /** Resolves with the first match of `pattern` in the output, or rejects after `timeoutMs`. */
  waitFor: (pattern: RegExp, timeoutMs: number) => Promise<RegExpMatchArray>
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
}

/** The parent's environment minus what would change how Atrium behaves (jest sets NODE_ENV=test), plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return derivedEnvironment(extra, [
    'NODE_ENV',
    'NODE_OPTIONS',
    'DATABASE_URL',
    'PAYLOAD_SECRET',
    'PORT',
    'DATA_DIR',
    'SMTP_URL',
    'EMAIL_FROM',
  ])
}

/** Starts `command args` in the project root with `env`. */
export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const waiters = new Set<() => void>()
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8')
    for (const check of waiters) check()
  }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    process: child,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern)
          if (!match) return
          cleanup()
          resolve(match)
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`waited ${timeoutMs} ms for ${pattern}; output:\n${output.slice(-4000)}`))
        }, timeoutMs)
        void exited.then((code) => {
          if (!waiters.has(check)) return
          cleanup()
          reject(new Error(`exited with ${code} before printing ${pattern}; output:\n${output.slice(-4000)}`))
        })
        const cleanup = () => {
          clearTimeout(timer)
          waiters.delete(check)
        }
        waiters.add(check)
        check()
      }),
  }
}

/** `npm start`, exactly as the README says. */
export function npmStart(env: NodeJS.ProcessEnv): Child {
  return startChild('npm', ['start', '--silent'], env)
}

/** The fixture server (test/fixtures/fixtureServer.ts) with a slow route taking `slowMs`. */
export function fixtureServer(env: NodeJS.ProcessEnv, slowMs: number): Child {
  const script = path.join(PROJECT_ROOT, 'test', 'fixtures', 'fixtureServer.ts')
  return startChild(process.execPath, ['--conditions=production', '--import', 'tsx', script, String(slowMs)], env)
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net')
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
