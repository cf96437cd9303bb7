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
export function toPlainData(template: string, value: unknown, path = 'context', depth = 0): PlainValue {
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
      throw new TemplateRenderError(template, 'invalid_data', `${path} is a ${typeof value}, not plain data`)
  }
  if (depth >= MAX_DEPTH) throw new TemplateRenderError(template, 'invalid_data', `${path} nests too deep (a cycle?)`)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (Array.isArray(value))
    return value.map((item, index) => toPlainData(template, item, `${path}[${index}]`, depth + 1))
  if (!isPlainObject(value)) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object'
    throw new TemplateRenderError(template, 'invalid_data', `${path} is a ${kind}, not plain data`)
  }
  const copy: { [key: string]: PlainValue } = {}
  for (const [key, item] of Object.entries(value)) {
    // Such keys could only serve to reach a prototype; plain data never needs them.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue
    copy[key] = toPlainData(template, item, `${path}.${key}`, depth + 1)
  }
  return copy
}
