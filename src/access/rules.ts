/**
 * Permissions as data: the rules a role holds, as staff edit them in the admin UI (structured
 * fields, never a JSON box), how they are checked before they are stored, and how they become CASL
 * rules for one user.
 *
 * Rules are never unpacked from stored or received JSON (the path of CVE-2026-1774); each is built
 * here from validated fields. CASL silently treats an operator it does not know as equality, so
 * the operators are an allow-list, and a placeholder with no value for this user denies instead of
 * becoming `undefined`, which would match every document that lacks the field.
 */
import type { RawRuleOf, MongoAbility } from '@casl/ability'

/** What a rule may allow or forbid; `manage` is every action. */
export const RULE_ACTIONS = ['read', 'create', 'update', 'delete', 'manage'] as const
/** The only condition operators a rule may use (CASL's $eq, $ne, …; stored without the `$`). */
export const RULE_OPERATORS = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'exists'] as const
/** A rule's subject that means every collection. */
export const ALL_SUBJECTS = 'all'
/** Keys that could reach an object's prototype; refused anywhere in a rule. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const

/** A rule action. */
export type RuleAction = (typeof RULE_ACTIONS)[number]
/** A condition operator. */
export type RuleOperator = (typeof RULE_OPERATORS)[number]

/** One condition as stored: `field operator value`, the value as typed (a literal, a list, or a placeholder). */
export interface StoredCondition {
  field: string
  operator: RuleOperator
  value?: string | null
}

/** One rule as stored on a role. */
export interface StoredRule {
  action: RuleAction
  /** a collection slug, or `all` */
  subject: string
  /** only these fields, when given */
  fields?: string[] | null
  conditions?: StoredCondition[] | null
  /** a rule that forbids instead of allowing */
  inverted?: boolean | null
}

/** What an ability is made of. */
export type AtriumAbility = MongoAbility
/** A CASL rule with its conditions filled in. */
export type CompiledRule = RawRuleOf<AtriumAbility>

/** A scalar a condition compares with. */
export type ConditionValue = string | number | boolean | null
/** How a field's values are compared: decides how a typed value is read. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'date' | 'id'

/** What the validator needs to know about the platform's collections. */
export interface SubjectCatalogue {
  /** slug → field name → how it is compared, and whether it holds several values (arrays) */
  subjects: Map<string, Map<string, { kind: FieldKind; many: boolean }>>
  /** the kind of document ids (numbers on SQL, text on MongoDB) */
  idKind: 'number' | 'text'
}

/** The values placeholders stand for, for one user in one membership. */
export type PlaceholderValues = Partial<Record<Placeholder, ConditionValue | ConditionValue[]>>

/** Placeholders a condition may use: `${user.id}` and the like. */
export const PLACEHOLDERS = ['user.id', 'user.tenant', 'user.tenantAndDescendants', 'user.assignedTenants'] as const
/** A placeholder's name. */
export type Placeholder = (typeof PLACEHOLDERS)[number]

const PLACEHOLDER = /^\$\{([\w.]+)\}$/
const LIST_OPERATORS = new Set<RuleOperator>(['in', 'nin'])
const ARRAY_SAFE_OPERATORS = new Set<RuleOperator>(['eq', 'in'])

const mentionsPrototype = (text: string) => PROTOTYPE_KEYS.some((key) => text.split(/[.[\]\s,]/).includes(key))

/** The placeholder a condition value names, if it is one. */
export function placeholderOf(value: string | null | undefined): string | undefined {
  return PLACEHOLDER.exec((value ?? '').trim())?.[1]
}

function readScalar(raw: string, kind: FieldKind, idKind: 'number' | 'text'): ConditionValue | Error {
  const text = raw.trim()
  if (text === 'null') return null
  const numeric = kind === 'number' || (kind === 'id' && idKind === 'number')
  if (numeric) return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : new Error(`"${text}" is not a number`)
  if (kind === 'boolean')
    return text === 'true' || text === 'false' ? text === 'true' : new Error(`"${text}" is not true or false`)
  if (kind === 'date') {
    const date = new Date(text)
    return Number.isNaN(date.getTime()) ? new Error(`"${text}" is not a date`) : date.toISOString()
  }
  return text
}

/** Reads a typed value for `operator` on a field of `kind`: a list for in/nin, a boolean for exists. */
export function readConditionValue(
  raw: string,
  operator: RuleOperator,
  kind: FieldKind,
  idKind: 'number' | 'text',
): ConditionValue | ConditionValue[] | Error {
  if (operator === 'exists')
    return raw.trim() === 'true' || raw.trim() === 'false'
      ? raw.trim() === 'true'
      : new Error('exists takes true or false')
  if (!LIST_OPERATORS.has(operator)) return readScalar(raw, kind, idKind)
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
  const values = items.map((item) => readScalar(item, kind, idKind))
  const bad = values.find((value): value is Error => value instanceof Error)
  return bad ?? (values as ConditionValue[])
}

/** Every problem of `rule` against the catalogue, each naming the part of the rule at fault. */
export function ruleProblems(rule: StoredRule, catalogue: SubjectCatalogue): string[] {
  const problems: string[] = []
  if (!RULE_ACTIONS.includes(rule.action))
    problems.push(`action "${rule.action}" is not one of ${RULE_ACTIONS.join(', ')}`)
  const texts = [
    rule.subject,
    ...(rule.fields ?? []),
    ...(rule.conditions ?? []).flatMap((c) => [c.field, c.value ?? '']),
  ]
  if (texts.some((text) => mentionsPrototype(String(text)))) {
    problems.push(`a rule may not name ${PROTOTYPE_KEYS.join(', ')}`)
    return problems
  }
  const fields = rule.subject === ALL_SUBJECTS ? undefined : catalogue.subjects.get(rule.subject)
  if (rule.subject !== ALL_SUBJECTS && !fields) problems.push(`subject "${rule.subject}" is not a collection`)
  if (!fields) {
    if (rule.subject === ALL_SUBJECTS && ((rule.fields?.length ?? 0) > 0 || (rule.conditions?.length ?? 0) > 0)) {
      problems.push('a rule for all collections cannot name fields or conditions')
    }
    return problems
  }
  // A field, or a group of fields by its name (writes are judged by top-level field: collectionAccess.ts).
  const groups = new Set([...fields.keys()].filter((key) => key.includes('.')).map((key) => key.split('.')[0]!))
  for (const field of rule.fields ?? []) {
    if (!fields.has(field) && !groups.has(field)) problems.push(`field "${field}" does not exist in ${rule.subject}`)
  }
  const seen = new Set<string>()
  for (const condition of rule.conditions ?? []) {
    const at = `condition on "${condition.field}"`
    const field = fields.get(condition.field)
    if (!field) problems.push(`${at}: field "${condition.field}" does not exist in ${rule.subject}`)
    if (!RULE_OPERATORS.includes(condition.operator)) {
      problems.push(`${at}: operator "${condition.operator}" is not one of ${RULE_OPERATORS.join(' ')}`)
      continue
    }
    if (seen.has(`${condition.field} ${condition.operator}`))
      problems.push(`${at}: ${condition.operator} is given twice`)
    seen.add(`${condition.field} ${condition.operator}`)
    if (!field) continue
    if (field.many && (!ARRAY_SAFE_OPERATORS.has(condition.operator) || rule.inverted)) {
      problems.push(`${at}: "${condition.field}" holds several values, so only eq and in, in an allowing rule, apply`)
    }
    const placeholder = placeholderOf(condition.value)
    if (placeholder !== undefined) {
      if (!PLACEHOLDERS.includes(placeholder as Placeholder)) {
        problems.push(
          `${at}: placeholder \${${placeholder}} is not one of ${PLACEHOLDERS.map((p) => `\${${p}}`).join(', ')}`,
        )
      }
      continue
    }
    const value = readConditionValue(condition.value ?? '', condition.operator, field.kind, catalogue.idKind)
    if (value instanceof Error) problems.push(`${at}: ${value.message}`)
  }
  return problems
}

/**
 * The CASL rule for `rule` with placeholders filled from `values`, or, when a placeholder has no
 * value: nothing for an allowing rule, and a forbid-everything rule for a forbidding one. Either way
 * the missing value denies.
 */
export function compileRule(
  rule: StoredRule,
  values: PlaceholderValues,
  catalogue: SubjectCatalogue,
): CompiledRule | undefined {
  const base = { action: rule.action, subject: rule.subject, inverted: Boolean(rule.inverted) }
  const fields = catalogue.subjects.get(rule.subject)
  const conditions: Record<string, Record<string, unknown>> = Object.create(null) as Record<
    string,
    Record<string, unknown>
  >
  for (const condition of rule.conditions ?? []) {
    const field = fields?.get(condition.field)
    if (!field) return rule.inverted ? base : undefined
    const placeholder = placeholderOf(condition.value)
    let value: ConditionValue | ConditionValue[] | Error | undefined
    if (placeholder !== undefined) {
      value = values[placeholder as Placeholder]
      // A single value where a list is expected, and the other way round, are both fine to read.
      if (value !== undefined && LIST_OPERATORS.has(condition.operator) && !Array.isArray(value)) value = [value]
      if (Array.isArray(value) && !LIST_OPERATORS.has(condition.operator))
        value = value.length === 1 ? value[0] : undefined
    } else {
      value = readConditionValue(condition.value ?? '', condition.operator, field.kind, catalogue.idKind)
    }
    if (value === undefined || value instanceof Error) return rule.inverted ? base : undefined
    conditions[condition.field] = { ...(conditions[condition.field] ?? {}), [`$${condition.operator}`]: value }
  }
  const hasConditions = Object.keys(conditions).length > 0
  return {
    ...base,
    ...(rule.fields?.length ? { fields: [...rule.fields] } : {}),
    ...(hasConditions ? { conditions: { ...conditions } } : {}),
  }
}
