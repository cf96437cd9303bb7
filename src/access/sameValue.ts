/**
 * Whether a value sent for a field equals the stored one, for hooks that refuse changes: populated
 * relations count as their ids, ids as text, array rows' generated ids are ignored, and an empty list
 * equals no value.
 */
const plain = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(plain)
  if (value && typeof value === 'object') {
    if ('id' in value && 'createdAt' in value) return (value as { id: unknown }).id
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'id')
        .map(([key, inner]) => [key, plain(inner)]),
    )
  }
  return typeof value === 'number' ? String(value) : (value ?? null)
}
/** Whether `a` and `b` hold the same value (see the module comment). */
export const sameValue = (a: unknown, b: unknown) => JSON.stringify(plain(a)) === JSON.stringify(plain(b))
