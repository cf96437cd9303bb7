import type { RequestHandler } from 'express'
import { randomUUID } from 'node:crypto'
import type { Payload } from 'payload'
import type { SignInBackoff } from '../auth/signInBackoff'
import { runInRequestContext } from '../logging/requestContext'
import { clientKey } from './rateLimits'

const REQUEST_ID_HEADER = 'x-request-id'
// An id from a proxy in front of us is kept only if it cannot smuggle anything into the logs.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Gives every request an id (the proxy's X-Request-Id, or a new one), echoes it in the response,
 * runs the rest of the request inside its context, and logs one line when the response is done.
 */
export function requestContext(payload: Payload, signInBackoff?: SignInBackoff): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER)
    const requestId = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID()
    res.setHeader(REQUEST_ID_HEADER, requestId)
    const started = process.hrtime.bigint()
    runInRequestContext(
      { requestId, clientAddress: clientKey(req), userAgent: req.get('user-agent'), signInBackoff },
      () => {
        res.on('finish', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6
          payload.logger.info(
            { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
            'request',
          )
        })
        next()
      },
    )
  }
}
