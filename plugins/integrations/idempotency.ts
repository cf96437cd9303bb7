/**
 * Idempotency-Key for the integration API's POSTs: a retry of a request (same key, same body,
 * within 24 hours) gets the first response again instead of writing twice. The key is claimed
 * before the request runs, under a unique index of (account, key), so of two concurrent requests
 * one runs and the other waits for its response.
 */
import { createHash } from 'node:crypto'
import type { PayloadRequest } from 'payload'
import { Slugs } from '../../collections/slugs'
import { Errors } from '../../src/http/errors'

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/** How long a request waits for a concurrent one with its key before answering 409. */
export const IDEMPOTENCY_WAIT_MS = 30_000
const POLL_MS = 100

/** A response to store and replay. */
export interface StoredResponse {
  status: number
  body: unknown
}

type Claim = { id: number | string; requestHash: string; status?: number | null; response?: unknown }

const system = { overrideAccess: true, depth: 0 } as const

async function findClaim(req: PayloadRequest, account: number | string, key: string): Promise<Claim | undefined> {
  const { docs } = await req.payload.find({
    collection: Slugs.idempotencyKeys,
    where: { account: { equals: account }, key: { equals: key } },
    limit: 1,
    ...system,
  })
  const claim = docs[0]
  if (claim && Date.parse(claim.expiresAt) <= Date.now()) {
    await req.payload.delete({ collection: Slugs.idempotencyKeys, id: claim.id, ...system })
    return undefined
  }
  return claim
}

/** Claims the key; undefined when another request holds it already. */
async function claim(req: PayloadRequest, account: number | string, key: string, requestHash: string) {
  try {
    const expiresAt = new Date(Date.now() + IDEMPOTENCY_TTL_MS).toISOString()
    return await req.payload.create({
      collection: Slugs.idempotencyKeys,
      data: { account: account as number, key, requestHash, expiresAt },
      ...system,
    })
  } catch (err) {
    if (await findClaim(req, account, key)) return undefined
    throw err
  }
}

const replay = (stored: StoredResponse) =>
  Response.json(stored.body, { status: stored.status, headers: { 'Idempotent-Replayed': 'true' } })

/**
 * Runs `operation` once per Idempotency-Key (without the header: every time). A key met again
 * with another request answers 422; one whose first request is still running waits for it, then
 * 409. A request that fails gives its key back, so its retry runs again.
 */
export async function idempotent(
  req: PayloadRequest,
  body: unknown,
  operation: () => Promise<StoredResponse>,
): Promise<Response> {
  const key = req.headers.get('idempotency-key')
  if (key === null) {
    const result = await operation()
    return Response.json(result.body, { status: result.status })
  }
  if (key === '' || key.length > 255) throw Errors.invalidIdempotencyKey()
  const account = req.user!.id
  const url = new URL(req.url ?? '', 'http://atrium')
  const requestHash = createHash('sha256')
    .update(`${req.method ?? ''} ${url.pathname}\n${JSON.stringify(body)}`)
    .digest('hex')
  const deadline = Date.now() + IDEMPOTENCY_WAIT_MS
  for (;;) {
    const existing = await findClaim(req, account, key)
    if (existing) {
      if (existing.requestHash !== requestHash) throw Errors.idempotencyKeyReused()
      if (typeof existing.status === 'number') return replay({ status: existing.status, body: existing.response })
      if (Date.now() > deadline) throw Errors.idempotencyKeyInProgress()
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      continue
    }
    const claimed = await claim(req, account, key, requestHash)
    if (!claimed) continue
    let result: StoredResponse
    try {
      result = await operation()
    } catch (err) {
      await req.payload.delete({ collection: Slugs.idempotencyKeys, id: claimed.id, ...system })
      throw err
    }
    await req.payload.update({
      collection: Slugs.idempotencyKeys,
      id: claimed.id,
      data: { status: result.status, response: result.body as Record<string, unknown> },
      ...system,
    })
    return Response.json(result.body, { status: result.status })
  }
}
