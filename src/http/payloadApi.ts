/**
 * Serves Payload's REST and GraphQL API from express. Payload speaks Fetch (Request → Response);
 * this module translates both ways and puts Atrium's error envelope on Payload's error responses.
 */
import { GRAPHQL_POST } from '@payloadcms/next/routes'
import express, { type Request as ExpressRequest, type Response as ExpressResponse, type Router } from 'express'
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { handleEndpoints, type SanitizedConfig } from 'payload'
import { ensureErrorEnvelope, Errors } from './errors'

/** Limits for request bodies sent to the API. */
export interface ApiBodyLimits {
  /** bytes, for anything but multipart */
  bodyLimit: number
  /** bytes, for multipart (file uploads) */
  uploadLimit: number
}

const isMultipart = (req: IncomingMessage) =>
  (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')
const isJson = (req: ExpressRequest) => Boolean(req.is(['application/json', 'application/*+json']))

/** The Fetch Request that Payload sees for an express request whose body was read into a Buffer. */
export function toFetchRequest(req: ExpressRequest): Request {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v))
    else if (value !== undefined) headers.set(name, value)
  }
  const hasBody = Buffer.isBuffer(req.body) && req.body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD'
  // A Buffer is a Uint8Array; TypeScript's typed-array generics just don't see it as a BodyInit.
  const body = hasBody ? (req.body as Uint8Array<ArrayBuffer>) : undefined
  return new Request(url, { method: req.method, headers, body })
}

async function sendFetchResponse(req: ExpressRequest, res: ExpressResponse, response: Response) {
  res.status(response.status)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)

  const isJsonBody = response.headers.get('content-type')?.includes('application/json')
  if (response.status >= 400 && isJsonBody) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
    res.removeHeader('content-length')
    res.json(ensureErrorEnvelope(response.status, body, req.method, req.baseUrl + req.path))
    return
  }
  if (!response.body || req.method === 'HEAD') {
    res.end()
    return
  }
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>)
      .on('error', reject)
      .pipe(res)
      .on('finish', resolve)
      .on('error', reject)
  })
}

/** Rejects bodies that claim to be JSON but are not, before Payload guesses what they meant. */
function requireValidJson(req: ExpressRequest, _res: ExpressResponse, next: express.NextFunction) {
  if (isJson(req) && Buffer.isBuffer(req.body) && req.body.length > 0) {
    try {
      JSON.parse(req.body.toString('utf8'))
    } catch (err) {
      next(Errors.malformedJson((err as Error).message))
      return
    }
  }
  next()
}

/** An express router serving Payload's REST API and GraphQL; mount it at the API route (/api). */
export function payloadApiRouter(config: Promise<SanitizedConfig> | SanitizedConfig, limits: ApiBodyLimits): Router {
  const router = express.Router()
  router.use(
    express.raw({ type: isMultipart, limit: limits.uploadLimit }),
    express.raw({ type: (req) => !isMultipart(req), limit: limits.bodyLimit }),
    requireValidJson,
  )
  const graphql = GRAPHQL_POST(config)
  router.post('/graphql', async (req, res) => {
    await sendFetchResponse(req, res, await graphql(toFetchRequest(req)))
  })
  router.all('/{*path}', async (req, res) => {
    await sendFetchResponse(req, res, await handleEndpoints({ config, request: toFetchRequest(req) }))
  })
  return router
}
