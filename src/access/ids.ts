/**
 * Document ids as relationship fields hold them: an id, or the related document itself when it was
 * loaded with depth. One reading of both, for every hook that compares or collects ids; and ids
 * from outside (paths, bodies, job inputs) as the database stores them.
 */
import type { Payload } from 'payload'

/** A document id: a number on SQL databases, text on MongoDB. */
export type Id = number | string

/** The id a relationship value names (populated or not), or undefined when it names none. */
export function idOf(value: unknown): Id | undefined {
  if (typeof value === 'number' || typeof value === 'string') return value
  if (value && typeof value === 'object' && 'id' in value) return idOf((value as { id: unknown }).id)
  return undefined
}

/** The ids a hasMany relationship value names, skipping empty entries. */
export function idsOf(values: readonly unknown[] | null | undefined): Id[] {
  return (values ?? []).map(idOf).filter((id): id is Id => id !== undefined)
}

/**
 * `id` as the database stores document ids, or undefined when it cannot be one: SQL ids are
 * positive integers, and comparing an id column with other text fails in the database (a 500).
 */
export function storableId(payload: Payload, id: unknown): Id | undefined {
  if (typeof id !== 'number' && typeof id !== 'string') return undefined
  if (payload.db.defaultIDType !== 'number') return typeof id === 'string' && id !== '' ? id : undefined
  const number = typeof id === 'number' ? id : /^\d{1,15}$/.test(id) ? Number(id) : NaN
  return Number.isSafeInteger(number) && number > 0 ? number : undefined
}
