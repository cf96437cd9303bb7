/**
 * Copies a render's context into plain data: objects, arrays, strings, finite numbers, booleans
 * and null, nothing else. A template must never reach a class instance (a raw document with
 * methods, a Payload request, a database client) through its context, so anything else is
 * refused with the path to it; a Date becomes its ISO string (what Payload returns for dates).
 */
import { TemplateRenderError } from './templateErrors'

/** How deep a context may nest; deeper is a cycle or a mistake. */
const MAX_DEPTH = 32

/** A value a template may read. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue }

const isPlainObject = (value: object) => {
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/** `value` as plain data; throws TemplateRenderError (`invalid_data`) naming what is not plain. */
export function toPlainData(template: string, value: unknown): PlainValue {
  return plain(template, value, undefined, 'context', 0)
}

/**
 * Where a value sits in the context, written out only for an error: a render copies hundreds of
 * values, and spelling each one's path cost more than the copy.
 */
interface Step {
  parent: Step | undefined
  key: string | number
}

const pathOf = (step: Step | undefined, key: string | number): string =>
  step === undefined
    ? String(key)
    : typeof key === 'number'
      ? `${pathOf(step.parent, step.key)}[${key}]`
      : `${pathOf(step.parent, step.key)}.${key}`

function plain(
  template: string,
  value: unknown,
  parent: Step | undefined,
  key: string | number,
  depth: number,
): PlainValue {
  if (value === null || value === undefined) return null
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? value : null
    case 'object':
      break
    default:
      throw new TemplateRenderError(
        template,
        'invalid_data',
        `${pathOf(parent, key)} is a ${typeof value}, not plain data`,
      )
  }
  if (depth >= MAX_DEPTH)
    throw new TemplateRenderError(template, 'invalid_data', `${pathOf(parent, key)} nests too deep (a cycle?)`)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  const step: Step = { parent, key }
  if (Array.isArray(value)) {
    const copy: PlainValue[] = new Array(value.length)
    for (let index = 0; index < value.length; index++)
      copy[index] = plain(template, value[index], step, index, depth + 1)
    return copy
  }
  if (!isPlainObject(value)) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object'
    throw new TemplateRenderError(template, 'invalid_data', `${pathOf(parent, key)} is a ${kind}, not plain data`)
  }
  const copy: { [key: string]: PlainValue } = {}
  for (const name of Object.keys(value)) {
    // Such keys could only serve to reach a prototype; plain data never needs them.
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue
    copy[name] = plain(template, (value as Record<string, unknown>)[name], step, name, depth + 1)
  }
  return copy
}
