/**
 * How custom endpoints read their input: path parameters as checked text, the JSON body as an
 * object. Every endpoint reads them this way, so bad input gets the same errors everywhere.
 */
import type { PayloadRequest } from 'payload'
import { isStorableText } from '../records/fieldKinds'
import { Errors } from './errors'

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
