/**
 * Checks a record's `data` against its type and returns it normalised, or every field's problem by
 * key, so one 400 tells an integrator everything that is wrong with a record.
 *
 * Validators are built once per type revision and kept in a small cache: a sync of thousands of
 * records of one type then builds one. The input is never changed; the normalised data is a new
 * object that holds only the type's fields.
 */
import { PROTOTYPE_KEYS, checkValue, isBlank, isPlainObject, type FieldValue, type RecordId } from './fieldKinds'
import type { FieldDefinition, RecordTypeDefinition } from './typeDefinition'

/** Largest `data` of one record, as UTF-8 JSON. */
export const MAX_DATA_BYTES = 64 * 1024
/** How many validators the cache keeps; the least recently used goes first. */
export const VALIDATOR_CACHE_SIZE = 200
/**
 * The error key of problems with `data` as a whole (not an object, too large). Field keys start
 * with a letter, so it never names a field.
 */
export const WHOLE_DATA = '_data'

/** A record's data, normalised: field key → value, only the type's fields, no blank values. */
export type RecordData = Record<string, FieldValue>

/** A reference the caller must check exists, in the same tenant, and is of `type`. */
export interface ReferenceToCheck {
  /** the field that holds it */
  field: string
  /** the key of the record type it must be */
  type: string
  id: RecordId
}

/** The result of validating a record's data. */
export type DataValidation =
  | { ok: true; data: RecordData; references: ReferenceToCheck[] }
  | { ok: false; errors: Record<string, string> }

/** Validates the data of one record type, at one revision. */
export interface DataValidator {
  validate(data: unknown): DataValidation
}

/** A record type as stored: its definition and its id. */
export type StoredRecordType = RecordTypeDefinition & { id: RecordId }

const cache = new Map<string, DataValidator>()

function serialisedBytes(data: unknown): number | undefined {
  try {
    const json = JSON.stringify(data)
    return json === undefined ? undefined : Buffer.byteLength(json, 'utf8')
  } catch {
    // Cycles and BigInts reach here only from in-process callers; they are not JSON either way.
    return undefined
  }
}

function buildValidator(type: RecordTypeDefinition): DataValidator {
  const fields = new Map<string, FieldDefinition>(type.fields.map((field) => [field.key, field]))
  const typeName = type.singularLabel
  return {
    validate(data) {
      const bytes = serialisedBytes(data)
      if (bytes === undefined || !isPlainObject(data))
        return { ok: false, errors: { [WHOLE_DATA]: 'must be a JSON object of field values' } }
      if (bytes > MAX_DATA_BYTES)
        return {
          ok: false,
          errors: { [WHOLE_DATA]: `is ${bytes} bytes as JSON; a record's data may be at most ${MAX_DATA_BYTES} bytes` },
        }
      // Entries, not assignments: `errors['__proto__'] = …` would set a prototype instead of reporting the key.
      const errors: [string, string][] = []
      const values: [string, FieldValue][] = []
      const references: ReferenceToCheck[] = []
      for (const key of Object.keys(data)) {
        if (PROTOTYPE_KEYS.includes(key)) errors.push([key, 'is not allowed as a key'])
        else if (!fields.has(key)) errors.push([key, `is not a field of ${typeName}`])
      }
      for (const field of type.fields) {
        const raw = Object.hasOwn(data, field.key) ? data[field.key] : undefined
        if (isBlank(raw)) {
          if (field.required) errors.push([field.key, 'is required'])
          continue
        }
        const checked = checkValue(field, raw)
        if (!checked.ok) errors.push([field.key, checked.message])
        else {
          values.push([field.key, checked.value])
          if (field.kind === 'reference')
            references.push({ field: field.key, type: field.referenceType ?? '', id: checked.value as RecordId })
        }
      }
      if (errors.length > 0) return { ok: false, errors: Object.fromEntries(errors) }
      return { ok: true, data: Object.fromEntries(values), references }
    },
  }
}

/**
 * The validator of `type` at `revision`, from the cache when it was built before. The revision must
 * change whenever the definition does (the caller's save counter or updatedAt), or a stale
 * validator would be used; `type` is a definition that {@link parseRecordType} accepted.
 */
export function validatorFor(type: StoredRecordType, revision: number | string): DataValidator {
  const cacheKey = `${String(type.id)}@${String(revision)}`
  const cached = cache.get(cacheKey)
  if (cached) {
    // Re-inserting moves it to the end of the Map's order: the oldest entry is the least recently used.
    cache.delete(cacheKey)
    cache.set(cacheKey, cached)
    return cached
  }
  const validator = buildValidator(type)
  cache.set(cacheKey, validator)
  while (cache.size > VALIDATOR_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  return validator
}

/** The errors of a failed validation as Payload ValidationError entries, at `data.<key>` by default. */
export function toFieldErrors(
  errors: Readonly<Record<string, string>>,
  prefix = 'data',
): { path: string; message: string }[] {
  return Object.entries(errors).map(([key, message]) => ({
    path: key === WHOLE_DATA ? prefix : `${prefix}.${key}`,
    message,
  }))
}
