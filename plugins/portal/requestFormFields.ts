/**
 * A request type's form as a plain HTML form: one input per field of its kind, with label, help
 * text, required mark and the problem found with what was typed; and the posted inputs turned
 * back into the request's data. Conversion is faithful where it can be and otherwise passes the
 * typed text through, so the workflow service's check (the one validator) names the problem; only
 * what the form itself must read (amounts, local date-times) is reported here.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { Id } from '../../src/access/ids'
import { localProblem, toStoredValue } from '../../collections/Records/admin/recordFormValues'
import type { RequestType } from '../../src/payload-types'
import type { FieldDefinition, RecordTypeDefinition } from '../../src/records/typeDefinition'
import { requestForm } from '../../src/workflows/service'
import type { PortalUser } from './portalSession'
import { wallClock } from '../../src/notifications/timeZones'

/** Input names are `f.<key>` (money: `f.<key>.amount` and `f.<key>.currency`). */
export const INPUT_PREFIX = 'f.'
/** How many records a reference field offers to pick from, by title (the Local API's largest page). */
export const REFERENCE_OPTIONS_LIMIT = 100

/** An active request type the person may read, with its form; undefined when there is none. */
export async function readableRequestType(
  payload: Payload,
  user: PortalUser,
  key: string,
): Promise<{ type: RequestType; form: RecordTypeDefinition } | undefined> {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(key)) return undefined
  const { docs } = await payload.find({
    collection: Slugs.requestTypes,
    where: { and: [{ key: { equals: key } }, { active: { equals: true } }] },
    limit: 1,
    depth: 0,
    user,
    overrideAccess: false,
  })
  const type = docs[0] as RequestType | undefined
  return type ? { type, form: requestForm(type) } : undefined
}

/** The records each reference field may name: the tenant's records of its type, read as the person. */
export async function referenceOptions(
  payload: Payload,
  user: PortalUser,
  tenant: Id,
  form: RecordTypeDefinition,
): Promise<Map<string, { value: string; label: string }[]>> {
  const options = new Map<string, { value: string; label: string }[]>()
  for (const field of form.fields) {
    if (field.kind !== 'reference' || !field.referenceType) continue
    const { docs } = await payload.find({
      collection: Slugs.records,
      where: { and: [{ 'type.key': { equals: field.referenceType } }, { tenant: { equals: tenant } }] },
      sort: 'title',
      limit: REFERENCE_OPTIONS_LIMIT,
      pagination: false,
      depth: 0,
      user,
      overrideAccess: false,
    })
    options.set(
      field.key,
      docs.map((doc) => ({ value: String(doc.id), label: (doc as { title?: string | null }).title || `#${doc.id}` })),
    )
  }
  return options
}

/** The fields in the order the form shows them: the title first. */
const ordered = (form: RecordTypeDefinition): FieldDefinition[] => [
  ...form.fields.filter((field) => field.key === form.titleField),
  ...form.fields.filter((field) => field.key !== form.titleField),
]

const DATE_TIME_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** How far `timeZone` is ahead of UTC at instant `ms`. */
const zoneOffsetMs = (ms: number, timeZone: string): number => wallClock(ms, timeZone) - ms

/** A `datetime-local` value read in `timeZone`, as UTC ISO text; undefined when it is no such time. */
export function zonedDateTime(local: string, timeZone: string): string | undefined {
  const match = DATE_TIME_LOCAL.exec(local.trim())
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[]
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!)
  const check = new Date(wall)
  if (check.getUTCDate() !== day || check.getUTCHours() !== hour || year! < 1000) return undefined
  try {
    // Twice: the offset at the wall time may differ from the offset at the instant (a DST change).
    const first = wall - zoneOffsetMs(wall, timeZone)
    return new Date(wall - zoneOffsetMs(first, timeZone)).toISOString()
  } catch {
    return undefined
  }
}

/** The posted form as request data, what was typed (to show again) and the problems the form saw itself. */
export interface PostedData {
  data: Record<string, unknown>
  values: Record<string, string>
  problems: Record<string, string>
}

/** Reads the posted inputs of `form` (only its fields: other inputs are ignored). */
export function postedData(form: RecordTypeDefinition, body: Record<string, unknown>, timeZone: string): PostedData {
  const data: Record<string, unknown> = {}
  const values: Record<string, string> = {}
  const problems: Record<string, string> = {}
  // A repeated input arrives as a list: the validator names it ("must be text") instead of guessing.
  const read = (name: string): unknown => {
    const raw = Object.hasOwn(body, name) ? body[name] : undefined
    if (typeof raw === 'string') values[name] = raw
    return raw
  }
  for (const field of form.fields) {
    const name = `${INPUT_PREFIX}${field.key}`
    if (field.kind === 'money') {
      const amount = read(`${name}.amount`)
      const currency = read(`${name}.currency`) ?? ''
      if (amount === undefined) continue
      if (typeof amount !== 'string' || typeof currency !== 'string') {
        data[field.key] = { amount, currency }
        continue
      }
      // A currency alone is no amount: the required check speaks for a blank one.
      if (amount.trim() === '') continue
      const input = { amount, currency: currency.trim().toUpperCase() }
      const problem = input.currency ? localProblem(field, input) : 'needs its currency, a code such as EUR'
      if (problem) problems[field.key] = problem
      data[field.key] = toStoredValue(field, input)
      continue
    }
    const raw = read(name)
    if (typeof raw !== 'string') {
      if (field.kind === 'boolean') data[field.key] = raw === undefined ? false : raw
      else if (raw !== undefined) data[field.key] = raw
      continue
    }
    if (field.kind === 'boolean') data[field.key] = raw === 'true'
    else if (field.kind === 'date_time' && raw.trim() !== '') {
      const iso = zonedDateTime(raw, timeZone)
      if (!iso) problems[field.key] = 'must be a date and a time, such as 2025-03-31 09:30'
      data[field.key] = iso ?? raw
    } else data[field.key] = toStoredValue(field, raw)
  }
  return { data, values, problems }
}

/** What the template shows of one input. */
export interface InputView {
  key: string
  id: string
  name: string
  label: string
  required: boolean
  help: string
  helpId: string
  error: string
  errorId: string
  describedBy: string
  text: boolean
  longText: boolean
  select: boolean
  checkbox: boolean
  money: boolean
  inputType: string
  inputMode: string
  maxLength: string
  value: string
  checked: boolean
  options: { value: string; label: string; selected: boolean }[]
  amount: { id: string; name: string; value: string }
  currency: { id: string; name: string; value: string }
}

const INPUT_KIND: Partial<Record<FieldDefinition['kind'], { type: string; mode: string; max: string }>> = {
  text: { type: 'text', mode: '', max: '500' },
  number: { type: 'text', mode: 'decimal', max: '40' },
  date: { type: 'date', mode: '', max: '' },
  date_time: { type: 'datetime-local', mode: '', max: '' },
  link: { type: 'url', mode: '', max: '2048' },
}

/** The inputs of `form`, showing `values` as typed and `errors` (by field key) beside their inputs. */
export function formInputs(
  form: RecordTypeDefinition,
  idPrefix: string,
  references: ReadonlyMap<string, { value: string; label: string }[]>,
  values: Readonly<Record<string, string>> = {},
  errors: Readonly<Record<string, string>> = {},
): InputView[] {
  return ordered(form).map((field) => {
    const id = `${idPrefix}-${field.key}`
    const name = `${INPUT_PREFIX}${field.key}`
    const error = Object.hasOwn(errors, field.key) ? `${field.label} ${errors[field.key]}` : ''
    const helpId = field.helpText ? `${id}-help` : ''
    const errorId = error ? `${id}-error` : ''
    const value = values[name] ?? ''
    const choices =
      field.kind === 'reference'
        ? (references.get(field.key) ?? [])
        : (field.kind === 'choice' ? field.choices : field.kind === 'status' ? field.statuses : undefined)?.map(
            (option) => ({ value: option.value, label: option.label }),
          )
    const kind = INPUT_KIND[field.kind]
    return {
      key: field.key,
      id,
      name,
      label: field.label,
      required: field.required && field.kind !== 'boolean',
      help: field.helpText ?? '',
      helpId,
      error,
      errorId,
      describedBy: [errorId, helpId].filter(Boolean).join(' '),
      text: kind !== undefined,
      longText: field.kind === 'long_text',
      select: choices !== undefined,
      checkbox: field.kind === 'boolean',
      money: field.kind === 'money',
      inputType: kind?.type ?? 'text',
      inputMode: kind?.mode ?? '',
      maxLength: kind?.max ?? '',
      value,
      checked: value === 'true',
      options: (choices ?? []).map((option) => ({ ...option, selected: option.value === value })),
      amount: { id: `${id}-amount`, name: `${name}.amount`, value: values[`${name}.amount`] ?? '' },
      currency: { id: `${id}-currency`, name: `${name}.currency`, value: values[`${name}.currency`] ?? '' },
    }
  })
}
