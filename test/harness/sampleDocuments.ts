/**
 * A valid document for any collection, made from its config, so that suites generated from the
 * config (tenant isolation) cover collections added later without being edited. A collection can
 * give its own through `custom.atrium.sampleDocument(tenant, payload)` when generated values would
 * not validate.
 */
import { randomBytes } from 'node:crypto'
import type { CollectionSlug, Field, Payload, SanitizedCollectionConfig } from 'payload'
import { TENANT_FIELD } from '../../src/access/tenantOwned'

/** A 1×1 transparent PNG, for upload collections. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

/** Arguments for `payload.create` of a sample document. */
export interface SampleDocument {
  collection: CollectionSlug
  data: Record<string, unknown>
  file?: { data: Buffer; mimetype: string; name: string; size: number }
}

/**
 * A collection's own sample data for `tenant` (`custom.atrium.sampleDocument`); it may create what
 * the document needs first (a record needs a record type).
 */
type CustomSample = (
  tenant: number | string,
  payload: Payload,
) => Record<string, unknown> | Promise<Record<string, unknown>>

function sampleValue(field: Field, unique: string): unknown {
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'code':
      return `sample ${unique}`
    case 'email':
      return `sample-${unique}@example.com`
    case 'number':
      return 1
    case 'checkbox':
      return false
    case 'date':
      return new Date().toISOString()
    case 'select':
    case 'radio': {
      const first = field.options[0]
      const value = typeof first === 'string' ? first : first?.value
      return field.type === 'select' && field.hasMany ? [value] : value
    }
    case 'json':
      return {}
    default:
      return undefined
  }
}

/** A document of `collection` for `tenant`, with every required field filled. */
export async function sampleDocument(
  payload: Payload,
  collection: SanitizedCollectionConfig,
  tenant: number | string,
): Promise<SampleDocument> {
  const custom = (collection.custom as { atrium?: { sampleDocument?: CustomSample } } | undefined)?.atrium
  const unique = randomBytes(4).toString('hex')
  const data: Record<string, unknown> = { ...((await custom?.sampleDocument?.(tenant, payload)) ?? {}) }
  for (const field of collection.fields) {
    if (!('name' in field) || !field.name || field.name in data || !('required' in field) || !field.required) continue
    if (field.name === TENANT_FIELD) continue
    const value = sampleValue(field, unique)
    if (value === undefined)
      throw new Error(`sampleDocument: give ${collection.slug} a custom.atrium.sampleDocument (field ${field.name})`)
    data[field.name] = value
  }
  data[TENANT_FIELD] = tenant
  return {
    collection: collection.slug as CollectionSlug,
    data,
    ...(collection.upload
      ? { file: { data: PNG, mimetype: 'image/png', name: `sample-${unique}.png`, size: PNG.length } }
      : {}),
  }
}
