import type { Config, Plugin } from 'payload'
import { openApiEndpoint } from './openApiEndpoint'
import { batchUpsertEndpoint, changesEndpoint, deleteRecordEndpoint, upsertRecordEndpoint } from './recordEndpoints'

/**
 * The integration API: other systems keep a tenant's records in step through integration
 * accounts' API keys (collections/IntegrationAccounts), at /api/integrations/v1.
 */
export const integrationsPlugin =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    endpoints: [
      ...(config.endpoints ?? []),
      upsertRecordEndpoint,
      batchUpsertEndpoint,
      deleteRecordEndpoint,
      changesEndpoint,
      openApiEndpoint,
    ],
  })
