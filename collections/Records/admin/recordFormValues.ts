/**
 * What the admin's record form shows in its inputs and what it stores in `data`, per field kind.
 *
 * Inputs hold text; `data` holds the normalised values fieldKinds.ts defines. The conversion is
 * faithful where it can be and otherwise passes the typed text through unchanged, so the server's
 * check (the one validator) names the problem next to the input, instead of the form guessing.
 * Money is typed in major units (12.50) and stored in minor units (1250); date-times are typed in
 * the browser's time zone and stored as UTC.
 */
import type { FieldKind, Money } from '../../../src/records/fieldKinds'
import type { FieldDefinition, RecordTypeDefinition } from '../../../src/records/typeDefinition'

/** A record's `data` as the form edits it: anything JSON, including keys its type no longer has. */
export type EditableData = Record<string, unknown>

/** `data` with `key` set to `value`, or without `key` when `value` is undefined; other keys are kept. */
export function withValue(data: EditableData, key: string, value: unknown): EditableData {
  const next: EditableData = {}
  for (const [name, existing] of Object.entries(data)) if (name !== key) next[name] = existing
  if (value !== undefined) next[key] = value
  return next
}

/** The keys of `data` its type has no field for (left by an older revision): shown, never dropped. */
export function unknownKeys(type: Pick<RecordTypeDefinition, 'fields'>, data: EditableData): string[] {
  const known = new Set(type.fields.map((field) => field.key))
  return Object.keys(data).filter((key) => !known.has(key))
}

/** `data` as a plain object: the json field holds null on a new record. */
export function asEditableData(value: unknown): EditableData {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as EditableData) } : {}
}

const DECIMAL = /^([+-]?)(\d*)(?:[.,](\d*))?$/

/** How many digits the currency's minor unit has (2 for EUR, 0 for JPY, 3 for BHD); 2 when unknown. */
export function minorUnitDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/**
 * `12.50` EUR → 1250. Exact (no floating point); undefined when the text is not an amount with at
 * most the currency's decimals, so the caller can say so and store what was typed.
 */
export function toMinorUnits(text: string, currency: string): number | undefined {
  const match = DECIMAL.exec(text.trim().replace(/[\s']/g, ''))
  if (!match) return undefined
  const [, sign = '', whole = '', fraction = ''] = match
  const digits = minorUnitDigits(currency)
  if ((whole === '' && fraction === '') || fraction.length > digits) return undefined
  const amount = Number(`${whole || '0'}${fraction.padEnd(digits, '0')}`)
  if (!Number.isSafeInteger(amount)) return undefined
  return sign === '-' && amount !== 0 ? -amount : amount
}

/** 1250 EUR → `12.50`: the amount as typed in the form. */
export function fromMinorUnits(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency)
  const negative = amount < 0
  const text = String(Math.abs(amount)).padStart(digits + 1, '0')
  const whole = digits === 0 ? text : text.slice(0, -digits)
  const fraction = digits === 0 ? '' : `.${text.slice(-digits)}`
  return `${negative ? '-' : ''}${whole}${fraction}`
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0')

/** A stored UTC date-time as a `datetime-local` input shows it, in the browser's time zone. */
export function toLocalDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const day = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
  const seconds = date.getSeconds() === 0 ? '' : `:${pad(date.getSeconds())}`
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}${seconds}`
}

/** A `datetime-local` value (the browser's time zone) as the UTC ISO text that is stored. */
export function fromLocalDateTime(local: string): string | undefined {
  const date = new Date(local)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** What one input of the form holds: text for most kinds, a flag for yes/no, two texts for money. */
export type InputValue = string | boolean | { amount: string; currency: string }

const MONEY_BLANK = { amount: '', currency: '' }

const isMoney = (value: unknown): value is Money =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as Money).amount === 'number' &&
  typeof (value as Money).currency === 'string'

/** The stored value of a field as its input shows it. */
export function toInputValue(kind: FieldKind, stored: unknown): InputValue {
  if (stored === undefined || stored === null) return kind === 'boolean' ? false : kind === 'money' ? MONEY_BLANK : ''
  switch (kind) {
    case 'boolean':
      return stored === true
    case 'money':
      return isMoney(stored)
        ? { amount: fromMinorUnits(stored.amount, stored.currency), currency: stored.currency }
        : { amount: JSON.stringify(stored), currency: '' }
    case 'date_time':
      return typeof stored === 'string' ? toLocalDateTime(stored) || stored : JSON.stringify(stored)
    default:
      return typeof stored === 'string' || typeof stored === 'number' ? String(stored) : JSON.stringify(stored)
  }
}

/**
 * What an input's value stores in `data`: undefined for a blank input (the key is removed, which
 * the server reads as "no value"). Text that does not convert is stored as typed, for the server
 * to name the problem.
 */
export function toStoredValue(field: Pick<FieldDefinition, 'kind'>, input: InputValue): unknown {
  switch (field.kind) {
    case 'boolean':
      return input === true
    case 'money': {
      const { amount, currency } = typeof input === 'object' ? input : MONEY_BLANK
      if (amount.trim() === '' && currency === '') return undefined
      const minor = toMinorUnits(amount, currency)
      return { amount: minor ?? amount, currency }
    }
    default: {
      const text = typeof input === 'string' ? input : ''
      if (text.trim() === '') return undefined
      if (field.kind === 'number') return Number.isFinite(Number(text)) ? Number(text) : text
      if (field.kind === 'date_time') return fromLocalDateTime(text) ?? text
      if (field.kind === 'reference') return /^\d+$/.test(text) ? Number(text) : text
      return text
    }
  }
}

/** A problem the form sees before the server does: money typed with more decimals than its currency has. */
export function localProblem(field: Pick<FieldDefinition, 'kind'>, input: InputValue): string | undefined {
  if (field.kind !== 'money' || typeof input !== 'object' || input.amount.trim() === '' || !input.currency)
    return undefined
  return toMinorUnits(input.amount, input.currency) === undefined
    ? `must be an amount such as 12.50, with at most ${minorUnitDigits(input.currency)} decimals for ${input.currency}`
    : undefined
}

/** A stored value as a list cell shows it; references show as `#id` unless their titles are known. */
export function displayValue(
  field: Pick<FieldDefinition, 'kind' | 'choices' | 'statuses'>,
  stored: unknown,
  titles: ReadonlyMap<string, string> = new Map(),
): string {
  if (stored === undefined || stored === null || stored === '') return ''
  switch (field.kind) {
    case 'boolean':
      return stored === true ? 'Yes' : 'No'
    case 'money':
      if (!isMoney(stored)) return JSON.stringify(stored)
      return `${fromMinorUnits(stored.amount, stored.currency)} ${stored.currency}`
    case 'date_time': {
      const date = new Date(String(stored))
      return Number.isNaN(date.getTime())
        ? String(stored)
        : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
    }
    case 'choice':
      return field.choices?.find((option) => option.value === stored)?.label ?? String(stored)
    case 'status':
      return field.statuses?.find((option) => option.value === stored)?.label ?? String(stored)
    case 'reference':
      return titles.get(String(stored)) ?? `#${String(stored)}`
    default:
      return typeof stored === 'object' ? JSON.stringify(stored) : String(stored)
  }
}
