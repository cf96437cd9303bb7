/**
 * The kinds of field a record type may have, and for each what a stored value looks like.
 *
 * Every value is normalised to one form before it is stored, because the same value then compares
 * equal everywhere: MongoDB compares ISO dates as strings, slot columns are copied from the stored
 * value, and the search text is built from it. Checks are strict about JS types (a number is never
 * read from text here) because integrators send JSON, and a silent conversion would hide their bug.
 */
import type { FieldDefinition } from './typeDefinition'

/** The field kinds, as stored in a type definition. */
export const FIELD_KINDS = [
  'text',
  'long_text',
  'number',
  'money',
  'date',
  'date_time',
  'boolean',
  'choice',
  'status',
  'reference',
  'link',
] as const
/** A field kind. */
export type FieldKind = (typeof FIELD_KINDS)[number]

/** What a status value means to the portal (overdue lists, progress, hiding finished work). */
export const STATUS_CATEGORIES = ['open', 'at_risk', 'done', 'cancelled'] as const
/** A status category. */
export type StatusCategory = (typeof STATUS_CATEGORIES)[number]

/** Size limits of values; text is counted in characters (code points), not bytes. */
export const VALUE_LIMITS = { text: 500, longText: 20_000, link: 2048, recordId: 64 } as const

/** The typed column family a field's value can be copied into (see slots.ts). */
export type SlotFamily = 'text' | 'number' | 'date'
/** How a query may compare a field: `gte`/`lte` are inclusive ranges, `prefix` is case-sensitive. */
export type FilterOperator = 'equals' | 'in' | 'gte' | 'lte' | 'prefix' | 'contains'

/** What each kind allows beyond its values. */
export interface KindTraits {
  /** how the kind is named in messages */
  label: string
  /** the slot family its value is copied into when filterable, sortable or unique; none: it cannot be */
  slot?: SlotFamily
  /** the operators a filter may use on it */
  operators: readonly FilterOperator[]
  sortable: boolean
  unique: boolean
  searchable: boolean
}

const EXACT: readonly FilterOperator[] = ['equals', 'in']
const RANGE: readonly FilterOperator[] = ['equals', 'in', 'gte', 'lte']
const TEXTUAL: readonly FilterOperator[] = ['equals', 'in', 'prefix', 'contains']

/**
 * Long text never reaches a slot: a btree index entry is limited to about 2.7 kB on PostgreSQL.
 * Money is compared by amount only (minor units), so mixed currencies sort by raw amount. A
 * reference is an id of another record: equal or not, never ordered, unique to make one-to-one links.
 */
export const KIND_TRAITS: Readonly<Record<FieldKind, KindTraits>> = {
  text: { label: 'text', slot: 'text', operators: TEXTUAL, sortable: true, unique: true, searchable: true },
  long_text: { label: 'long text', operators: [], sortable: false, unique: false, searchable: true },
  number: { label: 'number', slot: 'number', operators: RANGE, sortable: true, unique: true, searchable: true },
  money: { label: 'money', slot: 'number', operators: RANGE, sortable: true, unique: false, searchable: false },
  date: { label: 'date', slot: 'date', operators: RANGE, sortable: true, unique: true, searchable: true },
  date_time: { label: 'date-time', slot: 'date', operators: RANGE, sortable: true, unique: true, searchable: true },
  boolean: { label: 'yes/no', slot: 'number', operators: ['equals'], sortable: true, unique: false, searchable: false },
  choice: { label: 'choice', slot: 'text', operators: EXACT, sortable: true, unique: false, searchable: true },
  status: { label: 'status', slot: 'text', operators: EXACT, sortable: true, unique: false, searchable: true },
  reference: { label: 'reference', slot: 'text', operators: EXACT, sortable: false, unique: true, searchable: false },
  link: { label: 'link', slot: 'text', operators: TEXTUAL, sortable: true, unique: true, searchable: true },
}

/** A sum of money: an integer count of the currency's minor unit (cents), never a float. */
export interface Money {
  amount: number
  currency: string
}
/** A record's id: a number on SQL databases, text (an ObjectId) on MongoDB. */
export type RecordId = number | string
/** A normalised field value. */
export type FieldValue = string | number | boolean | Money

/** A value checked against its field: normalised, or why not. */
export type ValueCheck = { ok: true; value: FieldValue } | { ok: false; message: string }

/** Keys that could reach an object's prototype; refused wherever data has keys. */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype']

/** The value pattern of choices and statuses: safe in URLs, query strings and every database. */
export const OPTION_VALUE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):([0-5]\d))$/
const CURRENCY = /^[A-Z]{3}$/
// PostgreSQL refuses NUL in text and jsonb, and a lone surrogate is not UTF-8: both would fail as a 500.
const UNSTORABLE = /\p{Cs}/u

/** Whether the databases can store `text`: PostgreSQL refuses NUL, and a lone surrogate is not UTF-8. */
export const isStorableText = (text: string): boolean => !text.includes('\u0000') && !UNSTORABLE.test(text)

const fail = (message: string): ValueCheck => ({ ok: false, message })
const pass = (value: FieldValue): ValueCheck => ({ ok: true, value })

/** True for what counts as "no value": missing, null, or text that is only white space. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

/** A plain object (from JSON), not an array, date or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  // Any realm's Object.prototype (its own prototype is null): objects may come from another vm context.
  return proto === null || Object.getPrototypeOf(proto) === null
}

function checkText(value: unknown, max: number, trim: boolean): ValueCheck {
  if (typeof value !== 'string') return fail('must be text')
  if (!isStorableText(value)) return fail('contains characters that cannot be stored')
  const text = trim ? value.trim() : value
  // Counting code points: an emoji is one character to the person typing it.
  let length = 0
  for (const _ of text) if (++length > max) return fail(`must be at most ${max} characters long`)
  return pass(text)
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const daysInMonth = (year: number, month: number) =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
const isCalendarDate = (year: number, month: number, day: number) =>
  year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)

function checkDate(value: unknown): ValueCheck {
  const match = typeof value === 'string' ? DATE.exec(value) : null
  if (!match) return fail('must be a date written YYYY-MM-DD, such as 2025-03-31')
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number]
  return isCalendarDate(year, month, day) ? pass(value as string) : fail(`${value as string} is not a calendar date`)
}

function checkDateTime(value: unknown): ValueCheck {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null
  if (!match) return fail('must be a date and time with a UTC offset, such as 2025-03-31T09:30:00Z or …+02:00')
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number]
  const second = Number(match[6] ?? 0)
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3))
  const offsetMinutes = match[9] ? (match[9] === '-' ? -1 : 1) * (Number(match[10]) * 60 + Number(match[11])) : 0
  if (
    !isCalendarDate(year, month, day) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    Math.abs(offsetMinutes) >= 24 * 60
  )
    return fail(`${value as string} is not a valid date and time`)
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute - offsetMinutes, second, millis)
  const iso = date.toISOString()
  // Offsets can push year 1 or 9999 out of the four-digit years every database orders as text.
  return /^\d{4}-/.test(iso) && !iso.startsWith('0000') ? pass(iso) : fail('must be between the years 1 and 9999')
}

function checkLink(value: unknown): ValueCheck {
  const text = checkText(value, VALUE_LIMITS.link, true)
  if (!text.ok) return text.message === 'must be text' ? fail('must be a web address (text)') : text
  let url: URL
  try {
    url = new URL(text.value as string)
  } catch {
    return fail('must be a full web address starting with https:// or http://')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail(`must be an http or https address; ${url.protocol} links are not allowed`)
  // https://bank.example@evil.example reads as the bank to a person and goes to evil.example.
  if (url.username || url.password) return fail('must not contain a user name or password')
  return url.href.length > VALUE_LIMITS.link
    ? fail(`must be at most ${VALUE_LIMITS.link} characters long once encoded`)
    : pass(url.href)
}

function checkMoney(value: unknown): ValueCheck {
  if (!isPlainObject(value)) return fail('must be an object { amount, currency }, the amount in minor units')
  const extra = Object.keys(value).filter((key) => key !== 'amount' && key !== 'currency')
  if (extra.length > 0) return fail(`has keys other than amount and currency: ${extra.join(', ')}`)
  const { amount, currency } = value
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount))
    return fail('amount must be a whole number of minor units (cents), such as 1250 for 12.50')
  if (typeof currency !== 'string' || !CURRENCY.test(currency))
    return fail('currency must be an ISO 4217 code of three capital letters, such as EUR')
  return pass({ amount: amount === 0 ? 0 : amount, currency })
}

function checkOption(value: unknown, options: readonly { value: string }[] | undefined, what: string): ValueCheck {
  const allowed = (options ?? []).map((option) => option.value)
  if (typeof value === 'string' && allowed.includes(value)) return pass(value)
  const shown = allowed.length > 12 ? [...allowed.slice(0, 12), '…'] : allowed
  return fail(`must be one of the ${what}: ${shown.join(', ')}`)
}

function checkRecordId(value: unknown): ValueCheck {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return pass(value)
  if (typeof value === 'string' && RECORD_ID.test(value)) return pass(value)
  return fail('must be the id of a record: a positive whole number or an id of letters, digits, - and _')
}

/** The part of a field definition that decides which values fit. */
export type ValueRules = Pick<FieldDefinition, 'kind' | 'choices' | 'statuses'>

/** Checks and normalises a value that is not blank (see {@link isBlank}) for a field. */
export function checkValue(field: ValueRules, value: unknown): ValueCheck {
  switch (field.kind) {
    case 'text':
      return checkText(value, VALUE_LIMITS.text, true)
    case 'long_text':
      return checkText(value, VALUE_LIMITS.longText, false)
    case 'number':
      if (typeof value !== 'number') return fail('must be a number')
      return Number.isFinite(value) ? pass(value === 0 ? 0 : value) : fail('must be a finite number')
    case 'money':
      return checkMoney(value)
    case 'date':
      return checkDate(value)
    case 'date_time':
      return checkDateTime(value)
    case 'boolean':
      return typeof value === 'boolean' ? pass(value) : fail('must be true or false')
    case 'choice':
      return checkOption(value, field.choices, 'choices')
    case 'status':
      return checkOption(value, field.statuses, 'statuses')
    case 'reference':
      return checkRecordId(value)
    case 'link':
      return checkLink(value)
  }
}
