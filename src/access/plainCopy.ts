/**
 * A deep copy of data made of plain objects, arrays and primitives (a Where, a user as Payload
 * hands it over), for the caches that give each caller its own copy (accessWhere.ts,
 * userCache.ts). Several times faster than `structuredClone` on such data (about 1 µs against
 * 5 µs for a user or an access Where, several of them on every portal page); anything else inside
 * (a Date, a class instance, a structure deeper than any document) is left to `structuredClone`.
 */

/** How deep the walk goes before handing the rest to structuredClone (which also copes with cycles). */
const MAX_DEPTH = 32

/** A copy of `value` that shares nothing mutable with it. */
export function plainCopy<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return structuredClone(value)
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length)
    for (let i = 0; i < value.length; i++) copy[i] = plainCopy(value[i] as unknown, depth + 1)
    return copy as T
  }
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) return structuredClone(value)
  const copy: Record<string, unknown> = proto === null ? Object.create(null) : {}
  for (const key of Object.keys(value)) copy[key] = plainCopy((value as Record<string, unknown>)[key], depth + 1)
  return copy as T
}
