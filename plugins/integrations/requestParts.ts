/**
 * What every route of the integration API checks first, and reads the same way: the caller is an
 * integration account that sent its key in the header, the record type it names, its JSON body.
 */
import type { PayloadRequest } from 'payload'
import { Slugs } from '../../collections/slugs'
import { Errors } from '../../src/http/errors'
import { isStorableText } from '../../src/records/fieldKinds'

/** Query parameters that clients put API keys in; a key there ends up in access logs. */
const KEY_PARAMETERS = ['apiKey', 'api_key', 'apikey', 'key', 'token', 'access_token']

/** Refuses a key in the query string (400) and any caller but an integration account (401). */
export function requireIntegrationAccount(req: PayloadRequest): void {
  const url = new URL(req.url ?? '', 'http://atrium')
  const parameter = KEY_PARAMETERS.find((name) => url.searchParams.has(name))
  if (parameter) throw Errors.apiKeyInQuery(parameter)
  if (!req.user || req.user.collection !== Slugs.integrationAccounts) throw Errors.integrationAccountRequired()
}

/** Whether `value` may be a source, external id or type key: 1 to `maxLength` characters the databases can store. */
export const isIdText = (value: unknown, maxLength: number): value is string =>
  typeof value === 'string' && value !== '' && value.length <= maxLength && isStorableText(value)

/** A path parameter, as text (Payload has decoded it already). */
export function routeParam(req: PayloadRequest, name: string, maxLength: number): string {
  const value = req.routeParams?.[name]
  if (!isIdText(value, maxLength))
    throw Errors.invalidInput(
      'invalid_path_parameter',
      `"${name}" must be text of 1 to ${maxLength} characters, without NUL or unpaired surrogates`,
    )
  return value
}

/** The request's JSON body as an object. */
export async function jsonBody(req: PayloadRequest): Promise<Record<string, unknown>> {
  let body: unknown
  try {
    body = await req.json?.()
  } catch (err) {
    throw Errors.malformedJson((err as Error).message)
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw Errors.invalidInput('invalid_body', 'The request body must be a JSON object')
  return body as Record<string, unknown>
}
