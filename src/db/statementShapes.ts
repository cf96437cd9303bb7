/**
 * The SQL text of a read below Payload's operations, built once per shape of its Where instead of
 * on every call. Translating a Where (Payload's `buildQuery`) and turning drizzle's statement into
 * text took a fifth of the portal's first screen (bench/portal.ts), for statements whose text
 * differs from one request to the next only in their parameters: the same blocks ask the same
 * questions with another user's, tenant's or moment's values.
 *
 * What is kept is the statement, never an answer: every call still runs it, with its own values
 * (the user's access Where included), against the database. A shape is the Where with each value
 * replaced by its kind, plus the caller's key for everything else the statement is built from
 * (collection, columns, sort, limit). The first call of a shape builds the statement twice, with
 * its own values and with made-up values of the same kinds; the text is kept only when both
 * builds give the same text and every parameter is either the same constant in both or one of the
 * Where's values, passed through unchanged or as a number, a string or an ISO date. A later call
 * of that shape takes its parameters from its own Where by the same map. Anything else (another
 * operator, a value of another kind, a path into a json field, an array or a relationship of
 * several collections, SQLite) is built every time, as before.
 *
 * Values are only of kinds that Payload's translation treats alike (sanitizeQueryValue): integers
 * and digit strings for ids, relationships and numbers; ISO timestamps for dates; plain words for
 * text and select fields; any text of three characters or more for `contains` on text and select
 * fields (a LIKE pattern, the records' search text escaped, and the numbers it names as a tsquery:
 * searchIndex.ts; a text that names numbers is of another shape than one that names none); `true`, `false` and
 * `null` are part of the shape, not values. The kept text is sent unnamed, so PostgreSQL still
 * plans each run for its own values (a term's frequency decides how a search is best read), unless
 * the caller asks for it to be planned once (see {@link shapedRows}).
 */
import { sql } from '@payloadcms/db-postgres/drizzle'
import { createHash } from 'node:crypto'
import type { FlattenedField, Payload, SanitizedCollectionConfig, Where } from 'payload'
import { escapeLike, numbersQuery } from '../records/searchIndex'
import { numbersIn, SUBSTRING_MIN_LENGTH } from '../records/searchQuery'

/** What the shape's statement is run with: drizzle's prepared select, its parameters as placeholders. */
interface Prepared {
  params: unknown[]
  queryString?: string
  execute(values?: Record<string, unknown>): Promise<unknown[]>
}

/** A drizzle select, as far as it is used here (`prepare` on PostgreSQL only). */
export interface Preparable extends PromiseLike<unknown[]> {
  prepare(name?: string): Prepared
}

type Kind = 'int' | 'digits' | 'time' | 'word' | 'substring' | 'numbered'
type Transform = 'same' | 'number' | 'string' | 'time' | 'like' | 'escapedLike' | 'numbers'

/** How each parameter is made: the Where's value number `leaf` as `transform`, or the constant. */
type Slot = { leaf: number; transform: Transform } | { constant: unknown }

interface Shape {
  prepared: Prepared
  slots: Slot[]
}

/** Shapes kept per database connection; the oldest go first (shapes come from code: a few dozen). */
export const SHAPES_KEPT = 500

const shapesOf = new WeakMap<object, Map<string, Shape | null>>()

/** The comparison operators whose translation the shape of their value decides (and `exists`, with a boolean). */
export const COMPARISONS: ReadonlySet<string> = new Set([
  'equals',
  'not_equals',
  'in',
  'not_in',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
])
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const DIGITS = /^[1-9]\d{0,14}$/
const WORD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/
const LITERALS = new Set(['true', 'false', 'null'])

/** The kinds of value a field's translation treats alike, per field type (none: not shaped). */
function kindsFor(payload: Payload, field: FlattenedField | 'id'): readonly Kind[] {
  const numericIds = payload.db.defaultIDType === 'number'
  if (field === 'id') return numericIds ? ['int', 'digits'] : []
  switch (field.type) {
    case 'relationship':
    case 'upload': {
      if (typeof field.relationTo !== 'string') return []
      const custom = payload.collections[field.relationTo as keyof Payload['collections']]?.customIDType
      return custom === 'number' || (!custom && numericIds) ? ['int', 'digits'] : []
    }
    case 'number':
      return ['int']
    case 'date':
      return ['time']
    case 'text':
    case 'select':
    case 'radio':
    case 'email':
    case 'textarea':
      return 'hasMany' in field && field.hasMany ? [] : ['word', 'digits']
    default:
      return []
  }
}

function kindOf(value: unknown): Kind | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? 'int' : undefined
  if (typeof value !== 'string') return undefined
  if (DIGITS.test(value)) return 'digits'
  // Only an instant that reads back as itself: Date takes 2026-02-30 for 2026-03-02, and so does Payload.
  if (ISO_TIME.test(value) && isInstant(value)) return 'time'
  return WORD.test(value) && !LITERALS.has(value.toLowerCase()) ? 'word' : undefined
}

function isInstant(value: string): boolean {
  const time = Date.parse(value)
  return !Number.isNaN(time) && new Date(time).toISOString() === value
}

/** A value of `kind` that no other value of the probe shares (the `n`th of the Where). */
function probeOf(kind: Kind, n: number): string | number {
  const unique = 900_000_000 + n
  switch (kind) {
    case 'int':
      return unique
    case 'digits':
      return String(unique)
    case 'time':
      return new Date(Date.UTC(2003, 0, 1) + n * 3_600_000).toISOString()
    case 'word':
    case 'substring':
      return `probe_${n}_value`
    case 'numbered':
      return `probe_${n}_value-${unique}`
  }
}

const byName = new WeakMap<SanitizedCollectionConfig, Map<string, FlattenedField>>()

/** A collection's top-level fields by name (built once per configuration). */
export function fieldsByName(config: SanitizedCollectionConfig): Map<string, FlattenedField> {
  let fields = byName.get(config)
  if (!fields) byName.set(config, (fields = new Map(config.flattenedFields.map((field) => [field.name, field]))))
  return fields
}

/** The shape of `where` and its values in order, or undefined when it is not one shaped here. */
export function shapeOf(
  payload: Payload,
  config: SanitizedCollectionConfig,
  where: Where,
): { key: string; leaves: unknown[]; kinds: Kind[] } | undefined {
  const fields = fieldsByName(config)
  const leaves: unknown[] = []
  const kinds: Kind[] = []
  const leaf = (v: unknown, kind: Kind): string => {
    leaves.push(v)
    kinds.push(kind)
    return kind
  }
  const value = (allowed: readonly Kind[], v: unknown): string | undefined => {
    const kind = kindOf(v)
    return kind && allowed.includes(kind) ? leaf(v, kind) : undefined
  }
  // Text of a `contains`, on fields that take words: any characters, three or more.
  const substring = (allowed: readonly Kind[], v: unknown): string | undefined =>
    typeof v === 'string' && [...v].length >= SUBSTRING_MIN_LENGTH && allowed.includes('word')
      ? leaf(v, numbersIn(v).length ? 'numbered' : 'substring')
      : undefined
  const node = (w: Where): string | undefined => {
    const parts: string[] = []
    for (const [key, v] of Object.entries(w)) {
      if (key === 'and' || key === 'or') {
        if (!Array.isArray(v)) return undefined
        const children: string[] = []
        for (const child of v as Where[]) {
          const shape = child && typeof child === 'object' ? node(child) : undefined
          if (shape === undefined) return undefined
          children.push(shape)
        }
        parts.push(`${key}(${children.join(',')})`)
        continue
      }
      const field = key === 'id' ? 'id' : fields.get(key)
      if (!field || !v || typeof v !== 'object' || Array.isArray(v)) return undefined
      const allowed = kindsFor(payload, field)
      for (const [operator, operand] of Object.entries(v as Record<string, unknown>)) {
        let shape: string | undefined
        if (operator === 'exists') shape = typeof operand === 'boolean' ? String(operand) : undefined
        else if (operator === 'contains') shape = substring(allowed, operand)
        else if (!COMPARISONS.has(operator)) shape = undefined
        else if (operand === null || typeof operand === 'boolean') shape = String(operand)
        else if (Array.isArray(operand)) {
          if (!operator.endsWith('in')) return undefined
          const items = operand.map((item) => value(allowed, item))
          shape = items.every(Boolean) ? `[${items.join(',')}]` : undefined
        } else shape = value(allowed, operand)
        if (shape === undefined) return undefined
        parts.push(`${JSON.stringify(key)}.${operator}:${shape}`)
      }
    }
    return `{${parts.join(';')}}`
  }
  const key = node(where)
  return key === undefined ? undefined : { key, leaves, kinds }
}

/** `where` with its values replaced, in order, by `values`. */
function withValues(where: Where, values: readonly unknown[]): Where {
  let next = 0
  const node = (w: Where): Where => {
    const out: Where = {}
    for (const [key, v] of Object.entries(w)) {
      if (key === 'and' || key === 'or') {
        out[key] = (v as Where[]).map(node)
        continue
      }
      const operators: Record<string, unknown> = {}
      for (const [operator, operand] of Object.entries(v as Record<string, unknown>)) {
        const kept = operator === 'exists' || operand === null || typeof operand === 'boolean'
        operators[operator] = kept
          ? operand
          : Array.isArray(operand)
            ? operand.map(() => values[next++])
            : values[next++]
      }
      out[key] = operators
    }
    return out
  }
  return node(where)
}

function transformed(transform: Transform, value: unknown): unknown {
  switch (transform) {
    case 'same':
      return value
    case 'number':
      return Number(value)
    case 'string':
      return String(value)
    case 'time':
      return new Date(value as string).toISOString()
    case 'like':
      return `%${value as string}%`
    case 'escapedLike':
      return `%${escapeLike(value as string)}%`
    case 'numbers':
      return numbersQuery(value as string)
  }
}

/** What a value of each kind may become in the statement's parameters. */
const TRANSFORMS: Record<Kind, readonly Transform[]> = {
  int: ['same', 'string'],
  digits: ['same', 'number'],
  time: ['same', 'time'],
  word: ['same'],
  // Payload's `contains` pattern, or the records' search text's (searchIndex.ts)
  substring: ['like', 'escapedLike'],
  numbered: ['like', 'escapedLike', 'numbers'],
}

/**
 * How the probe's parameters came from its values (see the module comment), checked against the
 * real build: undefined when some parameter did not come from them so, or a value was dropped.
 */
function slotsOf(
  real: Prepared,
  probe: Prepared,
  leaves: unknown[],
  kinds: Kind[],
  probes: unknown[],
): Slot[] | undefined {
  if (real.queryString === undefined || real.queryString !== probe.queryString) return undefined
  if (real.params.length !== probe.params.length) return undefined
  const used = new Set<number>()
  const slots: Slot[] = []
  for (const [i, param] of probe.params.entries()) {
    let slot: Slot | undefined
    for (const [leaf, probeValue] of probes.entries()) {
      const transform = TRANSFORMS[kinds[leaf]!].find((t) => transformed(t, probeValue) === param)
      if (transform) {
        if (slot) return undefined
        slot = { leaf, transform }
      }
    }
    if (!slot) {
      if (param !== real.params[i] || (typeof param === 'object' && param !== null)) return undefined
      slot = { constant: param }
    } else if ('leaf' in slot) {
      if (transformed(slot.transform, leaves[slot.leaf]) !== real.params[i]) return undefined
      used.add(slot.leaf)
    }
    slots.push(slot)
  }
  return used.size === leaves.length ? slots : undefined
}

/**
 * The rows of the statement `build` makes of `where` (a drizzle select on PostgreSQL, or
 * undefined when it cannot be answered in one), its text built once per shape (see the module
 * comment). `key` names everything besides the Where that the statement is built from. Undefined
 * when `build` gives undefined. A statement of several Wheres is given them as one, `{ and: [...] }`.
 *
 * With `planOnce`, the kept statement is sent named, so that each connection prepares it once and
 * PostgreSQL may then run it with one plan for all values instead of planning every run (a
 * search's statements took 3 to 4 ms to plan, as long as their window took to read): only for a
 * statement whose plan its own structure decides, never one whose best plan depends on how many
 * rows its values select.
 */
export async function shapedRows(
  payload: Payload,
  config: SanitizedCollectionConfig,
  key: string,
  where: Where,
  build: (where: Where) => Preparable | undefined,
  { planOnce = false }: { planOnce?: boolean } = {},
): Promise<unknown[] | undefined> {
  const db = payload.db as { name?: string; drizzle?: object }
  const shape = db.name === 'postgres' && db.drizzle ? shapeOf(payload, config, where) : undefined
  if (!shape) {
    const statement = build(where)
    return statement && (await statement)
  }
  let shapes = shapesOf.get(db.drizzle!)
  if (!shapes) shapesOf.set(db.drizzle!, (shapes = new Map()))
  const fullKey = `${key}|${shape.key}`
  const kept = shapes.get(fullKey)
  if (kept) return kept.prepared.execute(valuesOf(kept.slots, shape.leaves))
  const real = build(where)?.prepare()
  if (!real) return undefined
  if (kept === undefined) {
    const probes = shape.kinds.map(probeOf)
    const name = planOnce
      ? `atrium_${createHash('sha256').update(fullKey).digest('base64url').slice(0, 24)}`
      : undefined
    const probe = build(withValues(where, probes))?.prepare(name)
    const slots = probe && slotsOf(real, probe, shape.leaves, shape.kinds, probes)
    if (shapes.size >= SHAPES_KEPT) shapes.delete(shapes.keys().next().value!)
    if (probe && slots) {
      probe.params = slots.map((slot, i) => ('leaf' in slot ? sql.placeholder(String(i)) : slot.constant))
      shapes.set(fullKey, { prepared: probe, slots })
    } else shapes.set(fullKey, null)
  }
  return real.execute()
}

function valuesOf(slots: readonly Slot[], leaves: readonly unknown[]): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  slots.forEach((slot, i) => {
    if ('leaf' in slot) values[String(i)] = transformed(slot.transform, leaves[slot.leaf])
  })
  return values
}
