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
import type { Settings } from '../config/settings'
import { ensureErrorEnvelope, Errors } from './errors'
import { headersOf } from './fetchHeaders'
import { guardGraphql } from './graphqlRoute'
import { checkRestQuery } from './queryLimits'
import { clientKey, type RateLimiters } from './rateLimits'

/** What the API router is built from. */
export interface PayloadApiOptions {
  settings: Pick<Settings, 'bodyLimit' | 'uploadLimit' | 'queryLimits' | 'graphqlEnabled' | 'publicUrl'>
  rateLimiters: RateLimiters
}

const ACCEPTED_BODIES = 'application/json, or multipart/form-data for uploads'

const isMultipart = (req: IncomingMessage) =>
  (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')
const isJson = (req: ExpressRequest) => Boolean(req.is(['application/json', 'application/*+json']))
const hasBody = (req: ExpressRequest) => Buffer.isBuffer(req.body) && req.body.length > 0
// Payload's admin UI sends long list queries as a form-encoded POST that stands for a GET; only
// same-origin scripts can set that header, so a cross-site form cannot use it.
const isQueryAsPost = (req: ExpressRequest) =>
  req.method === 'POST' &&
  (req.get('x-payload-http-method-override') === 'GET' || req.get('x-http-method-override') === 'GET')

/** The Fetch Request that Payload sees for an express request whose body was read into a Buffer. */
export function toFetchRequest(req: ExpressRequest): Request {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`)
  const headers = headersOf(req)
  const hasBody = Buffer.isBuffer(req.body) && req.body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD'
  // A Buffer is a Uint8Array; TypeScript's typed-array generics just don't see it as a BodyInit.
  const body = hasBody ? (req.body as Uint8Array<ArrayBuffer>) : undefined
  return new Request(url, { method: req.method, headers, body })
}

/** Session cookies get `Secure` when users reach Atrium over https (PUBLIC_URL, or a trusted proxy's word). */
function secureCookie(cookie: string): string {
  return /;\s*secure(=|;|$)/i.test(cookie) ? cookie : `${cookie}; Secure`
}

async function sendFetchResponse(req: ExpressRequest, res: ExpressResponse, response: Response, httpsOnly: boolean) {
  res.status(response.status)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', httpsOnly || req.secure ? cookies.map(secureCookie) : cookies)

  const isJsonBody = response.headers.get('content-type')?.includes('application/json')
  if (response.status >= 400 && (isJsonBody || !response.body)) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
    const envelope = ensureErrorEnvelope(response.status, body, req.method, req.baseUrl + req.path)
    res.removeHeader('content-length')
    res.status(envelope.error.status).json(envelope)
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

/** Refuses bodies the API does not take (415), before Payload tries to read them as something else. */
function requireAcceptedBody(req: ExpressRequest, _res: ExpressResponse, next: express.NextFunction) {
  const formQuery = isQueryAsPost(req) && Boolean(req.is('application/x-www-form-urlencoded'))
  if (hasBody(req) && !isJson(req) && !isMultipart(req) && !formQuery) {
    next(Errors.unsupportedMediaType(req.get('content-type') ?? '', ACCEPTED_BODIES))
    return
  }
  next()
}

/** The paging parameters of a REST read, whether in the URL or in a query-as-POST body. */
function queryOf(req: ExpressRequest): URLSearchParams {
  const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '')
  if (isQueryAsPost(req) && hasBody(req) && !isJson(req)) {
    for (const [key, value] of new URLSearchParams((req.body as Buffer).toString('utf8'))) query.append(key, value)
  }
  return query
}

// The auth routes whose attempts are throttled per client IP: /api/<auth collection>/<action>.
const THROTTLED_ACTIONS: Record<string, keyof Omit<RateLimiters, 'close' | 'graphql' | 'signInBackoff'>> = {
  login: 'signIn',
  'forgot-password': 'passwordReset',
  'reset-password': 'passwordReset',
}

/** An express router serving Payload's REST API and GraphQL; mount it at the API route (/api). */
export function payloadApiRouter(config: SanitizedConfig, { settings, rateLimiters }: PayloadApiOptions): Router {
  const router = express.Router()
  const httpsOnly = settings.publicUrl?.startsWith('https:') ?? false
  router.use(
    express.raw({ type: isMultipart, limit: settings.uploadLimit }),
    express.raw({ type: (req) => !isMultipart(req), limit: settings.bodyLimit }),
    requireAcceptedBody,
    requireValidJson,
  )
  const graphql = GRAPHQL_POST(config)
  router.post(
    '/graphql',
    guardGraphql(config, { enabled: settings.graphqlEnabled, rateLimiters, clientKey }),
    async (req, res) => {
      await sendFetchResponse(req, res, await graphql(toFetchRequest(req)), httpsOnly)
    },
  )
  router.post('/:collection/:action', async (req, _res, next) => {
    const throttle = THROTTLED_ACTIONS[req.params.action as string]
    if (throttle) await rateLimiters[throttle].take(clientKey(req))
    next()
  })
  router.all('/{*path}', async (req, res) => {
    if (req.method === 'GET' || isQueryAsPost(req)) checkRestQuery(queryOf(req), settings.queryLimits)
    await sendFetchResponse(req, res, await handleEndpoints({ config, request: toFetchRequest(req) }), httpsOnly)
  })
  return router
}
