import express, { type Router } from 'express'
import type { Payload } from 'payload'
import { pingDatabase } from '../db/connection'
import { Errors, errorBody } from './errors'

const PING_TIMEOUT_MS = 2000

/** What the health endpoints need to know about the server around them. */
export interface HealthState {
  /** True once SIGTERM arrived: the load balancer should stop sending traffic. */
  draining: () => boolean
}

/** /healthz (the process answers) and /readyz (it can serve: the database answers, no shutdown under way). */
export function healthRouter(payload: Payload, state: HealthState): Router {
  const router = express.Router()
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  router.get('/readyz', async (_req, res) => {
    if (state.draining()) {
      res.status(503).json(errorBody(Errors.shuttingDown()))
      return
    }
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        pingDatabase(payload),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)
        }),
      ])
      res.json({ status: 'ready', database: payload.db.name })
    } catch (err) {
      payload.logger.warn({ err }, 'readiness check: database unreachable')
      res.status(503).json(errorBody(Errors.databaseUnreachable()))
    } finally {
      clearTimeout(timer)
    }
  })
  return router
}
