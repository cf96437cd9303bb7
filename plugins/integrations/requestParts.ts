/**
 * What every route of the integration API checks first: the caller is an integration account that
 * sent its key in the header (its parameters and body are read with src/http/endpointInput.ts).
 */
import type { PayloadRequest } from 'payload'
import { Slugs } from '../../collections/slugs'
import { Errors } from '../../src/http/errors'

/** Query parameters that clients put API keys in; a key there ends up in access logs. */
const KEY_PARAMETERS = ['apiKey', 'api_key', 'apikey', 'key', 'token', 'access_token']

/** Refuses a key in the query string (400) and any caller but an integration account (401). */
export function requireIntegrationAccount(req: PayloadRequest): void {
  const url = new URL(req.url ?? '', 'http://atrium')
  const parameter = KEY_PARAMETERS.find((name) => url.searchParams.has(name))
  if (parameter) throw Errors.apiKeyInQuery(parameter)
  if (!req.user || req.user.collection !== Slugs.integrationAccounts) throw Errors.integrationAccountRequired()
}
