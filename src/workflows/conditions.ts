/**
 * Decision conditions, evaluated the way role rules are: the same operator allow-list
 * (RULE_OPERATORS) turned into CASL's `$op` conditions and matched by CASL, so there is one
 * evaluator of conditions in Atrium, not two that could disagree.
 */
import { createMongoAbility, subject } from '@casl/ability'
import { PROTOTYPE_KEYS, type RuleOperator } from '../access/rules'
import type { Condition } from './definition'

const LIST_OPERATORS = new Set<RuleOperator>(['in', 'nin'])
const SUBJECT = 'WorkflowRequest'

/** What is wrong with one condition's value for its operator, if anything. */
export function conditionProblem(condition: Condition): string | undefined {
  const at = `condition on "${condition.field}"`
  if (condition.field.split('.').some((part) => (PROTOTYPE_KEYS as readonly string[]).includes(part)))
    return `${at}: a field may not be named ${PROTOTYPE_KEYS.join(', ')}`
  const isList = Array.isArray(condition.value)
  if (LIST_OPERATORS.has(condition.operator) && !isList) return `${at}: ${condition.operator} takes a list`
  if (!LIST_OPERATORS.has(condition.operator) && isList) return `${at}: ${condition.operator} takes a single value`
  if (condition.operator === 'exists' && typeof condition.value !== 'boolean')
    return `${at}: exists takes true or false`
  return undefined
}

/** Whether every condition holds for `data` (no conditions: true). */
export function conditionsHold(conditions: Condition[] | undefined, data: Record<string, unknown>): boolean {
  if (!conditions?.length) return true
  const query: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>
  for (const { field, operator, value } of conditions) query[field] = { ...query[field], [`$${operator}`]: value }
  const ability = createMongoAbility([{ action: 'route', subject: SUBJECT, conditions: { ...query } }])
  // subject() marks the object it is given, so it gets a copy.
  return ability.can('route', subject(SUBJECT, { ...data }))
}
