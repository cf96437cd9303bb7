/**
 * Turns the CASL rules of one ability into the Payload `Where` of a collection access function, so
 * that the database returns exactly the documents `ability.can(action, doc)` allows.
 *
 * CASL's own `rulesToAST` combines the rules (later rules win, inverted rules subtract, rules
 * restricted to fields still grant the document); this module only translates the resulting
 * condition tree. Payload's Where has no `not`, so negations are pushed down to the comparisons
 * (De Morgan), and every comparison is split into what it means for a stored value and what it
 * means for NULL, because SQL and CASL disagree about NULL (CASL: `null < 5` is true; SQL: unknown).
 *
 * Whatever cannot be translated faithfully becomes `false` at its place in the tree. Negations
 * have already been pushed below that place, so the result can only lose documents, never gain
 * them: an unknown operator in a `can` rule grants nothing, in a `cannot` rule it forbids all.
 */
import { mongoQueryMatcher, type AnyMongoAbility, type MongoQuery } from '@casl/ability'
import { rulesToAST, rulesToCondition } from '@casl/ability/extra'
import type { Where } from 'payload'
import { plainCopy } from './plainCopy'
import { all, any, type Clause } from './whereClauses'

type Condition = NonNullable<ReturnType<typeof rulesToAST>>
type Scalar = string | number | boolean | null

/** The comparisons translated; each maps to the one that holds, for a stored value, when it does not. */
const OPPOSITE = {
  eq: 'ne',
  ne: 'eq',
  in: 'nin',
  nin: 'in',
  gt: 'lte',
  lte: 'gt',
  gte: 'lt',
  lt: 'gte',
  exists: 'exists',
} as const
type Comparison = keyof typeof OPPOSITE

const RANGE = { gt: 'greater_than', gte: 'greater_than_equal', lt: 'less_than', lte: 'less_than_equal' } as const

/** Payload reads `and`/`or` keys in any case as logic, and `__` in a path as `.`. */
const FIELD_PATH = /^(?!(?:and|or)(?:\.|$))[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*$/i
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * The Payload Where matching exactly the documents `ability` lets the user `action` in
 * `subjectType`: true = all, false = none. With `field`, the documents whose `field` the user may
 * `action` (rules restricted to other fields then grant nothing, and rules forbidding that field
 * subtract), as `ability.can(action, doc, field)` decides.
 *
 * Documents are compared as Payload's SQL adapters return them (depth 0): every top-level field is
 * present, NULL when empty. Condition values must have their field's type (numbers for number and
 * relationship-id fields, canonical ISO instants for dates, booleans for checkboxes). A rule that
 * CASL cannot parse throws here as it would in `ability.can`. The ability must use CASL's default
 * conditions matcher (`createMongoAbility`), whose NULL semantics this reproduces.
 */
export function accessWhere(
  ability: AnyMongoAbility,
  action: string,
  subjectType: string,
  field?: string,
): Where | boolean {
  // Abilities are never changed once built (a change of rules or user builds a new one), so the
  // translation is kept with the ability; callers get their own copy, which Payload may modify.
  let known = translated.get(ability)
  if (!known) translated.set(ability, (known = new Map()))
  const key = `${action}\u0000${subjectType}\u0000${field ?? ''}`
  let where = known.get(key)
  if (where === undefined) {
    const ast =
      field === undefined
        ? rulesToAST(ability, action, subjectType)
        : fieldRulesToAST(ability, action, subjectType, field)
    where = ast ? translate(ast, false) : false
    known.set(key, where)
  }
  return typeof where === 'boolean' ? where : plainCopy(where)
}

const translated = new WeakMap<AnyMongoAbility, Map<string, Where | boolean>>()

// A node of the condition tree, as translate reads it.
const node = (operator: 'and' | 'or' | 'not', value: Condition[]) => ({ operator, value }) as unknown as Condition

/** rulesToAST for the rules that decide about one field (CASL's own covers whole documents only). */
function fieldRulesToAST(ability: AnyMongoAbility, action: string, subjectType: string, field: string) {
  return rulesToCondition(
    ability.rulesFor(action, subjectType, field),
    (rule): Condition => {
      if (!rule.ast) throw new Error(`The rule ${JSON.stringify(rule)} has no conditions tree`)
      return rule.inverted ? node('not', [rule.ast]) : rule.ast
    },
    { and: (all) => node('and', all), or: (any) => node('or', any), empty: () => node('and', []) },
  )
}

function translate(node: Condition, negated: boolean): Clause {
  const children = Array.isArray(node.value) ? (node.value as Condition[]) : undefined
  if ('field' in node && typeof node.field === 'string') {
    return Object.hasOwn(OPPOSITE, node.operator)
      ? comparison(node.operator as Comparison, node.field, node.value, negated)
      : false
  }
  if (!children) return false
  switch (node.operator) {
    case 'and':
      return (negated ? any : all)(children.map((child) => translate(child, negated)))
    case 'or':
      return (negated ? all : any)(children.map((child) => translate(child, negated)))
    case 'nor':
      return (negated ? any : all)(children.map((child) => translate(child, !negated)))
    case 'not':
      return children.length === 1 ? translate(children[0]!, !negated) : false
    default:
      return false
  }
}

/**
 * One comparison `field op value`, negated or not. The part for stored values is a Payload
 * operator; the part for NULL is asked of CASL itself, on a document whose field is null, because
 * CASL's order is not SQL's: it puts null below 0 and 5 but above -5 (JS coerces null to 0).
 */
function comparison(op: Comparison, field: string, value: unknown, negated: boolean): Clause {
  if (!FIELD_PATH.test(field) || field.includes('__') || !valid(op, value)) return false
  // A dotted path may run through an array (`memberships.tenant`): CASL then asks whether ANY
  // element matches, and so does Payload's join, but only for a positive eq or in; a negation
  // would mean "no element" to CASL and "some element" to the join.
  if (field.includes('.')) {
    if (negated || (op !== 'eq' && op !== 'in')) return false
    const values = op === 'eq' ? [value as Scalar] : (value as Scalar[])
    if (values.includes(null)) return false
    return oneOf(field, values)
  }
  const matchesNull = mongoQueryMatcher({ [field]: { [`$${op}`]: value } } as MongoQuery)({ [field]: null }) !== negated
  const effective: Comparison = negated ? OPPOSITE[op] : op
  const effectiveValue = negated && op === 'exists' ? !value : value
  return withNull(field, storedValue(effective, field, effectiveValue), matchesNull, effective)
}

/**
 * `field` is one of `values` (non-NULL): `equals` when there is one distinct value, because
 * PostgreSQL reads a compound index in order for `tenant = 1` but not for `tenant IN (1, 1)` — a
 * tenant's sorted first page measured 0.5 ms against 16 ms (bench/records.ts).
 */
function oneOf(field: string, values: Scalar[]): Clause {
  const distinct = [...new Set(values)]
  if (distinct.length === 0) return false
  return distinct.length === 1 ? { [field]: { equals: distinct[0]! } } : { [field]: { in: distinct } }
}

/** What `field op value` means for a field that holds a (non-NULL) value. */
function storedValue(op: Comparison, field: string, value: unknown): Clause {
  const values = Array.isArray(value) ? (value as Scalar[]).filter((item) => item !== null) : []
  switch (op) {
    case 'eq':
      return value === null ? false : { [field]: { equals: value as Scalar } }
    case 'ne':
      return value === null ? true : { [field]: { not_equals: value as Scalar } }
    case 'in':
      return oneOf(field, values)
    case 'nin':
      return values.length ? { [field]: { not_in: [...new Set(values)] } } : true
    case 'exists':
      // Payload's SQL adapters return every top-level field, NULL or not, so CASL finds it "present".
      return value === true
    default:
      return { [field]: { [RANGE[op]]: value as Scalar } }
  }
}

/**
 * Adds or removes the NULL rows. Payload's `not_equals` keeps NULLs, and its `not_in` keeps them
 * for relationships only, so those two are always told explicitly; the other operators never
 * match NULL in SQL.
 */
function withNull(field: string, stored: Clause, matchesNull: boolean, op: Comparison): Clause {
  const isNull: Where = { [field]: { exists: false } }
  const notNull: Where = { [field]: { exists: true } }
  if (typeof stored === 'boolean') {
    if (stored === matchesNull) return stored
    return matchesNull ? isNull : notNull
  }
  if (matchesNull) return any([stored, isNull])
  return op === 'ne' || op === 'nin' ? all([stored, notNull]) : stored
}

function valid(op: Comparison, value: unknown): boolean {
  switch (op) {
    case 'eq':
    case 'ne':
      return isScalar(value)
    case 'in':
    case 'nin':
      return Array.isArray(value) && value.every(isScalar)
    case 'exists':
      return typeof value === 'boolean'
    default:
      // Text order depends on the database's collation, so only numbers and instants are compared.
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && isInstant(value))
  }
}

function isScalar(value: unknown): value is Scalar {
  if (value === null || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  return typeof value === 'string' && (isInstant(value) || isPlainText(value))
}

/** An instant exactly as Payload stores and returns dates, so string and date order agree. */
function isInstant(value: string): boolean {
  const time = Date.parse(value)
  return ISO_INSTANT.test(value) && !Number.isNaN(time) && new Date(time).toISOString() === value
}

/**
 * Text that Payload passes on as it is. Depending on the field's type, Payload turns '' and 'null'
 * into NULL, 'true' into a boolean, '12' or '12abc' into an id or number, and '2024-01-01' into an
 * instant, while CASL keeps comparing the string: such values could match rows CASL would not.
 */
function isPlainText(value: string): boolean {
  return (
    value.trim() !== '' &&
    !/^(null|true|false)$/i.test(value) &&
    Number.isNaN(Number(value)) &&
    Number.isNaN(parseInt(value, 10)) &&
    Number.isNaN(Date.parse(value))
  )
}
