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

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value)

/**
 * Whether a value sent for a field leaves the stored one as it is: as {@link sameValue}, except that
 * a group is compared only on the keys it was sent with (an update keeps a group's other fields, and
 * Payload's hooks may hand a hook a group with none of its keys given).
 */
export function unchangedWhereGiven(sent: unknown, stored: unknown): boolean {
  if (
    isPlainObject(sent) &&
    !('id' in sent && 'createdAt' in sent) &&
    (isPlainObject(stored) || stored === null || stored === undefined)
  ) {
    const original = (stored ?? {}) as Record<string, unknown>
    return Object.entries(sent).every(
      ([key, inner]) => inner === undefined || unchangedWhereGiven(inner, original[key]),
    )
  }
  return sameValue(sent, stored)
}
