/**
 * Runs Atrium's one HTTP server, with a graceful shutdown: stop accepting, let
 * in-flight requests finish, close the database.
 */
import type { RequestHandler } from 'express'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import next from 'next'
import type { Payload } from 'payload'
import { PROJECT_ROOT } from '../config/paths'
import type { Settings } from '../config/settings'
import { closePayload } from '../db/connection'
import { createApp } from '../http/createApp'
import { createRateLimiters } from '../http/rateLimits'

/** Requests still running this long after shutdown began are cut off, to exit within 10 s. */
const SHUTDOWN_GRACE_MS = 8000

/** What the server is started with. */
export interface StartServerOptions {
  payload: Payload
  settings: Settings
  /** Serve Payload's admin UI through Next's production build. */
  admin: boolean
}

/** A listening server. */
export interface RunningServer {
  /** e.g. http://localhost:3000 */
  url: string
  server: Server
  /** Stops accepting, waits for in-flight requests (up to a grace period), closes Next and the database. */
  stop: () => Promise<void>
}

async function startNext(): Promise<{ handler: RequestHandler; close: () => Promise<void> }> {
  const app = next({ dev: false, dir: PROJECT_ROOT })
  await app.prepare()
  const handle = app.getRequestHandler()
  return { handler: (req, res) => handle(req, res), close: () => app.close() }
}

/** Starts the HTTP server and resolves once it listens. */
export async function startServer({ payload, settings, admin }: StartServerOptions): Promise<RunningServer> {
  let draining = false
  const nextApp = admin ? await startNext() : undefined
  const rateLimiters = await createRateLimiters(settings.rateLimits, settings.database)
  const app = await createApp({
    payload,
    settings,
    rateLimiters,
    nextHandler: nextApp?.handler,
    health: { draining: () => draining },
  })
  const server = createServer(app)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(settings.port, settings.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://localhost:${port}`

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      draining = true
      payload.logger.info('Shutting down: finishing in-flight requests')
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      const idleSweep = setInterval(() => server.closeIdleConnections(), 100)
      const deadline = setTimeout(() => {
        payload.logger.warn(`Requests still running after ${SHUTDOWN_GRACE_MS} ms: closing their connections`)
        server.closeAllConnections()
      }, SHUTDOWN_GRACE_MS)
      server.closeIdleConnections()
      await closed
      clearInterval(idleSweep)
      clearTimeout(deadline)
      await nextApp?.close()
      await rateLimiters.close()
      await closePayload(payload)
      payload.logger.info('Shut down')
    })()
    return stopping
  }
  return { url, server, stop }
}
