import type { IncomingHttpHeaders } from 'node:http'

/** An express (node) request's headers as a Fetch Headers object, which Payload reads. */
export function headersOf(req: { headers: IncomingHttpHeaders }): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item)
  }
  return headers
}
