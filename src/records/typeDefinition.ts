/**
 * A record type as staff define it in the admin UI, checked before it is saved.
 *
 * Every problem is reported at once, each with the path of the part at fault (`fields.2.key`), in
 * the `{ path, message }` shape of Payload's ValidationError, so the admin UI can show each next to
 * its input. Payload keeps the values of inputs it hides, so a field that was a choice and became
 * text still carries its old choices: those are ignored and dropped, not refused.
 */
import { z } from 'zod'
import {
  FIELD_KINDS,
  KIND_TRAITS,
  OPTION_VALUE_PATTERN,
  PROTOTYPE_KEYS,
  STATUS_CATEGORIES,
  isPlainObject,
  type FieldKind,
  type StatusCategory,
} from './fieldKinds'

/** Type and field keys: what integrators write in JSON and query strings. */
export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/
/** Size limits of a definition. */
export const DEFINITION_LIMITS = { fields: 100, choices: 100, statuses: 50, label: 100, helpText: 500 } as const

/** One value of a choice field. */
export interface ChoiceOption {
  /** what is stored and queried */
  value: string
  /** what people see */
  label: string
}
/** One value of a status field. */
export interface StatusOption extends ChoiceOption {
  /** `#rrggbb`, lower case */
  colour: string
  category: StatusCategory
}

/** A field of a record type, normalised: flags are booleans, kind-specific parts only on their kind. */
export interface FieldDefinition {
  key: string
  label: string
  helpText?: string
  kind: FieldKind
  required: boolean
  /** unique among the records of one tenant and type */
  unique: boolean
  /** shown as a column of the portal's list */
  listColumn: boolean
  filterable: boolean
  sortable: boolean
  /** part of the record's search text */
  searchable: boolean
  /** choice fields: the values it may take */
  choices?: ChoiceOption[]
  /** status fields: the values it may take */
  statuses?: StatusOption[]
  /** reference fields: the key of the record type it points to */
  referenceType?: string
}

/** A record type definition, normalised. */
export interface RecordTypeDefinition {
  key: string
  singularLabel: string
  pluralLabel: string
  fields: FieldDefinition[]
  /** the text field whose value is the record's title */
  titleField: string
  /** the status field whose value is the record's status, if the type has one */
  statusField?: string
  /** how long a record may go without a sync before the portal marks it stale */
  staleAfterMinutes?: number
}

/** A problem with a definition, at a dotted path such as `fields.2.key`. */
export interface DefinitionProblem {
  path: string
  message: string
}

/** The result of {@link parseRecordType}. */
export type RecordTypeParse = { ok: true; type: RecordTypeDefinition } | { ok: false; errors: DefinitionProblem[] }

const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters long`)
const key = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
  .regex(KEY_PATTERN, 'must start with a lower-case letter and have only a–z, 0–9 and _, at most 40 characters')
const flag = z.boolean({ error: 'must be true or false' }).nullish()
const choice = z.object({
  value: z.string({ error: 'must be text' }).regex(OPTION_VALUE_PATTERN, 'must be letters, digits, - and _'),
  label: text(DEFINITION_LIMITS.label),
})
const status = choice.extend({
  colour: z.string({ error: 'must be text' }).regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb'),
  category: z.enum(STATUS_CATEGORIES, { error: `must be one of ${STATUS_CATEGORIES.join(', ')}` }),
})

/** The shape of one field as staff save it (Payload stores unset inputs as null). */
export const fieldInputSchema = z.object({
  key,
  label: text(DEFINITION_LIMITS.label),
  helpText: z.string({ error: 'must be text' }).trim().max(DEFINITION_LIMITS.helpText).nullish(),
  kind: z.enum(FIELD_KINDS, { error: `must be one of ${FIELD_KINDS.join(', ')}` }),
  required: flag,
  unique: flag,
  listColumn: flag,
  filterable: flag,
  sortable: flag,
  searchable: flag,
  choices: z.array(choice).max(DEFINITION_LIMITS.choices, `at most ${DEFINITION_LIMITS.choices} choices`).nullish(),
  statuses: z.array(status).max(DEFINITION_LIMITS.statuses, `at most ${DEFINITION_LIMITS.statuses} statuses`).nullish(),
  referenceType: key.nullish(),
})

/** The shape of a record type as staff save it; cross-field rules are checked by {@link parseRecordType}. */
export const recordTypeInputSchema = z.object({
  key,
  singularLabel: text(DEFINITION_LIMITS.label),
  pluralLabel: text(DEFINITION_LIMITS.label),
  fields: z
    .array(fieldInputSchema, { error: 'must be a list of fields' })
    .min(1, 'a type needs at least its title field')
    .max(DEFINITION_LIMITS.fields, `at most ${DEFINITION_LIMITS.fields} fields`),
  titleField: key,
  statusField: key.nullish(),
  staleAfterMinutes: z.number({ error: 'must be a number' }).int('must be whole minutes').positive().nullish(),
})

type FieldInput = z.infer<typeof fieldInputSchema>
type RecordTypeInput = z.infer<typeof recordTypeInputSchema>

const asObject = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : {})
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const isKind = (value: unknown): value is FieldKind => FIELD_KINDS.includes(value as FieldKind)

function optionProblems(options: unknown, at: string, what: string): DefinitionProblem[] {
  const list = asList(options)
  if (list.length === 0) return [{ path: at, message: `a ${what} field needs at least one value` }]
  const seen = new Set<unknown>()
  return list.flatMap((option, j) => {
    const value = asObject(option).value
    if (seen.has(value)) return [{ path: `${at}.${j}.value`, message: `"${String(value)}" is listed twice` }]
    seen.add(value)
    return []
  })
}

function fieldProblems(
  field: Record<string, unknown>,
  at: string,
  typeKeys?: ReadonlySet<string>,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  const kind = field.kind
  if (!isKind(kind)) return problems
  const traits = KIND_TRAITS[kind]
  if (kind === 'choice') problems.push(...optionProblems(field.choices, `${at}.choices`, 'choice'))
  if (kind === 'status') problems.push(...optionProblems(field.statuses, `${at}.statuses`, 'status'))
  if (kind === 'reference') {
    const target = field.referenceType
    if (typeof target !== 'string' || target === '')
      problems.push({
        path: `${at}.referenceType`,
        message: 'a reference field must name the record type it points to',
      })
    else if (typeKeys && !typeKeys.has(target))
      problems.push({ path: `${at}.referenceType`, message: `there is no record type "${target}"` })
  }
  const refuse = (flagName: string, message: string) => problems.push({ path: `${at}.${flagName}`, message })
  if (field.filterable === true && traits.operators.length === 0)
    refuse('filterable', `${traits.label} fields cannot be filtered; make them searchable instead`)
  if (field.sortable === true && !traits.sortable) refuse('sortable', `${traits.label} fields cannot be sorted by`)
  if (field.unique === true && !traits.unique) refuse('unique', `${traits.label} fields cannot be unique`)
  if (field.searchable === true && !traits.searchable) refuse('searchable', `${traits.label} fields cannot be searched`)
  return problems
}

function namedFieldProblems(
  fields: Record<string, unknown>[],
  name: unknown,
  path: string,
  kind: FieldKind,
): DefinitionProblem[] {
  if (typeof name !== 'string') return []
  const field = fields.find((candidate) => candidate.key === name)
  const wanted = KIND_TRAITS[kind].label
  if (!field) return [{ path, message: `must name one of the type's ${wanted} fields; there is no field "${name}"` }]
  if (field.kind !== kind) return [{ path, message: `must name a ${wanted} field; "${name}" is not one` }]
  // A record without a title would be a blank line in every list and search result.
  if (path === 'titleField' && field.required !== true)
    return [{ path, message: `the title field "${name}" must be required` }]
  return []
}

/** The rules that span several parts of a definition, read defensively from unchecked input. */
function crossProblems(input: unknown, typeKeys?: ReadonlySet<string>): DefinitionProblem[] {
  const type = asObject(input)
  const fields = asList(type.fields).map(asObject)
  const problems: DefinitionProblem[] = []
  const seen = new Set<unknown>()
  fields.forEach((field, i) => {
    const at = `fields.${i}`
    if (typeof field.key === 'string' && PROTOTYPE_KEYS.includes(field.key))
      problems.push({ path: `${at}.key`, message: `"${field.key}" cannot be a field key` })
    else if (seen.has(field.key))
      problems.push({ path: `${at}.key`, message: `"${String(field.key)}" is the key of another field` })
    seen.add(field.key)
    problems.push(...fieldProblems(field, at, typeKeys))
  })
  problems.push(...namedFieldProblems(fields, type.titleField, 'titleField', 'text'))
  problems.push(...namedFieldProblems(fields, type.statusField, 'statusField', 'status'))
  return problems
}

function normaliseField(field: FieldInput): FieldDefinition {
  return {
    key: field.key,
    label: field.label,
    ...(field.helpText ? { helpText: field.helpText } : {}),
    kind: field.kind,
    required: field.required === true,
    unique: field.unique === true,
    listColumn: field.listColumn === true,
    filterable: field.filterable === true,
    sortable: field.sortable === true,
    searchable: field.searchable === true,
    ...(field.kind === 'choice'
      ? { choices: (field.choices ?? []).map(({ value, label }) => ({ value, label })) }
      : {}),
    ...(field.kind === 'status'
      ? {
          statuses: (field.statuses ?? []).map(({ value, label, colour, category }) => ({
            value,
            label,
            colour: colour.toLowerCase(),
            category,
          })),
        }
      : {}),
    ...(field.kind === 'reference' && field.referenceType ? { referenceType: field.referenceType } : {}),
  }
}

function normaliseType(type: RecordTypeInput): RecordTypeDefinition {
  return {
    key: type.key,
    singularLabel: type.singularLabel,
    pluralLabel: type.pluralLabel,
    fields: type.fields.map(normaliseField),
    titleField: type.titleField,
    ...(type.statusField ? { statusField: type.statusField } : {}),
    ...(type.staleAfterMinutes ? { staleAfterMinutes: type.staleAfterMinutes } : {}),
  }
}

/**
 * Checks a definition as staff save it and returns it normalised, or every problem with its path.
 * `typeKeys`, when given, are the keys of the existing record types, which reference fields must name.
 */
export function parseRecordType(input: unknown, context: { typeKeys?: ReadonlySet<string> } = {}): RecordTypeParse {
  const parsed = recordTypeInputSchema.safeParse(input)
  const problems: DefinitionProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
  // zod skips refinements once a shape check fails; these run regardless, so staff see everything at once.
  for (const problem of crossProblems(input, context.typeKeys)) {
    if (!problems.some((known) => known.path === problem.path)) problems.push(problem)
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, errors: problems }
  return { ok: true, type: normaliseType(parsed.data) }
}
