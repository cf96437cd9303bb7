/**
 * The text a record is found by: its searchable fields' values, one per line, copied into a
 * column on every write so a full-text index (pg_trgm, FTS5, a MongoDB text index) can serve the
 * portal's search box without reading the JSON data.
 */
import type { FieldValue } from './fieldKinds'
import type { RecordTypeDefinition } from './typeDefinition'

/**
 * The search text of a record's normalised data. Choices and statuses are found by their labels,
 * which are what people see and type, rather than by their stored values.
 */
export function searchTextOf(type: RecordTypeDefinition, data: Readonly<Record<string, FieldValue>>): string {
  const lines: string[] = []
  for (const field of type.fields) {
    const value = field.searchable && Object.hasOwn(data, field.key) ? data[field.key] : undefined
    if (value === undefined || typeof value === 'object' || typeof value === 'boolean') continue
    const options = field.kind === 'choice' ? field.choices : field.kind === 'status' ? field.statuses : undefined
    lines.push(options?.find((option) => option.value === value)?.label ?? String(value))
  }
  return lines.join('\n')
}
