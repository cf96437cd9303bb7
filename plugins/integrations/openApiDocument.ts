/**
 * The OpenAPI 3.1 description of the integration API, generated from the record types the caller
 * can read: one component schema per type (its data, field by field), and the record routes for
 * each type. Integrators generate their clients from it, so it follows the types as staff edit them.
 */
import type { FieldDefinition, RecordTypeDefinition } from '../../src/records/typeDefinition'
import { VALUE_LIMITS } from '../../src/records/fieldKinds'

type Schema = Record<string, unknown>

/** The JSON Schema of one field's value. */
function fieldSchema(field: FieldDefinition): Schema {
  const described = { title: field.label, ...(field.helpText ? { description: field.helpText } : {}) }
  switch (field.kind) {
    case 'text':
      return { ...described, type: 'string', maxLength: VALUE_LIMITS.text }
    case 'long_text':
      return { ...described, type: 'string', maxLength: VALUE_LIMITS.longText }
    case 'number':
      return { ...described, type: 'number' }
    case 'money':
      return {
        ...described,
        type: 'object',
        required: ['amount', 'currency'],
        properties: {
          amount: { type: 'integer', description: 'In minor units (cents)' },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        },
      }
    case 'date':
      return { ...described, type: 'string', format: 'date' }
    case 'date_time':
      return { ...described, type: 'string', format: 'date-time' }
    case 'boolean':
      return { ...described, type: 'boolean' }
    case 'choice':
      return { ...described, type: 'string', enum: (field.choices ?? []).map((choice) => choice.value) }
    case 'status':
      return { ...described, type: 'string', enum: (field.statuses ?? []).map((status) => status.value) }
    case 'reference':
      return { ...described, type: ['integer', 'string'], description: `The id of a ${field.referenceType} record` }
    case 'link':
      return { ...described, type: 'string', format: 'uri', maxLength: VALUE_LIMITS.link }
  }
}

/** The component schema of a type's record data. */
export function typeSchema(type: RecordTypeDefinition): Schema {
  return {
    title: type.singularLabel,
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(type.fields.map((field) => [field.key, fieldSchema(field)])),
    required: type.fields.filter((field) => field.required).map((field) => field.key),
  }
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } })
const errorResponse = (description: string) => ({ description, ...json(ref('Error')) })
const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
})

function typePaths(base: string, type: RecordTypeDefinition): Record<string, unknown> {
  const data = ref(type.key)
  const record = { type: 'object', properties: { doc: { type: 'object', properties: { data } } } }
  const one = {
    parameters: [
      pathParam('source', 'The system the record comes from'),
      pathParam('externalId', "The record's id in that system"),
    ],
    put: {
      operationId: `upsert_${type.key}`,
      summary: `Create or update a ${type.singularLabel} by its external id`,
      requestBody: json({
        type: 'object',
        required: ['data'],
        properties: { data, syncedAt: { type: 'string', format: 'date-time' } },
      }),
      responses: {
        200: { description: 'Updated', ...json(record) },
        201: { description: 'Created', ...json(record) },
        400: errorResponse('The data does not fit the type; every field is named'),
      },
    },
    delete: {
      operationId: `delete_${type.key}`,
      summary: `Delete a ${type.singularLabel} by its external id`,
      responses: { 200: { description: 'Deleted' }, 404: errorResponse('No such record that you can see') },
    },
  }
  const batch = {
    post: {
      operationId: `batch_upsert_${type.key}`,
      summary: `Create or update up to 1,000 ${type.pluralLabel}, each answered on its own`,
      parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
      requestBody: json({
        type: 'object',
        required: ['source', 'items'],
        properties: {
          source: { type: 'string' },
          items: {
            type: 'array',
            maxItems: 1000,
            items: {
              type: 'object',
              required: ['externalId', 'data'],
              properties: { externalId: { type: 'string' }, data },
            },
          },
        },
      }),
      responses: {
        200: { description: "Each item's outcome", ...json(ref('BatchResults')) },
        409: errorResponse('A request with this Idempotency-Key is still running'),
        413: errorResponse('More than 1,000 items'),
        422: errorResponse('The Idempotency-Key was used for another request'),
      },
    },
  }
  const changes = {
    get: {
      operationId: `changes_${type.key}`,
      summary: `${type.pluralLabel} changed after a cursor, oldest first`,
      parameters: [
        { name: 'since', in: 'query', schema: { type: 'string' }, description: 'The nextCursor of the last page' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
      ],
      responses: { 200: { description: 'A page of changes', ...json({ type: 'object' }) } },
    },
  }
  return {
    [`${base}/records/${type.key}/{source}/{externalId}`]: one,
    [`${base}/records/${type.key}/batch`]: batch,
    [`${base}/records/${type.key}/changes`]: changes,
  }
}

/** The OpenAPI document for `types`, with routes under `base` (e.g. /api/integrations/v1). */
export function openApiDocument(base: string, types: RecordTypeDefinition[]): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Atrium integration API', version: '1' },
    security: [{ apiKey: [] }],
    paths: Object.assign({}, ...types.map((type) => typePaths(base, type))) as Record<string, unknown>,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'integration-accounts API-Key <key>',
        },
      },
      schemas: {
        ...Object.fromEntries(types.map((type) => [type.key, typeSchema(type)])),
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { id: { type: 'string' }, status: { type: 'integer' }, message: { type: 'string' } },
            },
          },
        },
        BatchResults: {
          type: 'object',
          properties: {
            results: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  externalId: { type: 'string' },
                  status: { type: 'integer', enum: [200, 201, 400, 403] },
                  id: { type: ['integer', 'string'] },
                  errors: { type: 'array', items: { type: 'object' } },
                },
              },
            },
          },
        },
      },
    },
  }
}
