import { subject as subjectOf } from '@casl/ability'
import type { AtriumAbility } from './rules'

type ConditionNode = { field?: unknown; value?: unknown }

/** The top-level fields `node` reads, or undefined when a node names no plain field path. */
function fieldsOf(node: ConditionNode, into: Set<string>): boolean {
  if (Array.isArray(node.value) && node.field === undefined)
    return (node.value as ConditionNode[]).every((child) => fieldsOf(child, into))
  if (typeof node.field !== 'string') return false
  into.add(node.field.split('.')[0]!)
  return true
}

const readFields = new WeakMap<AtriumAbility, Map<string, readonly string[] | undefined>>()

/**
 * The top-level fields that the conditions of `ability`'s rules for `action` on `subjectType`
 * read (undefined: some condition is not a plain field comparison); computed once per ability.
 */
function conditionFields(ability: AtriumAbility, action: string, subjectType: string) {
  let known = readFields.get(ability)
  if (!known) readFields.set(ability, (known = new Map()))
  const key = `${action}\u0000${subjectType}`
  if (known.has(key)) return known.get(key)
  const fields = new Set<string>()
  const plain = ability
    .possibleRulesFor(action, subjectType)
    .every((rule) => rule.ast === undefined || fieldsOf(rule.ast as ConditionNode, fields))
  const result = plain ? [...fields] : undefined
  known.set(key, result)
  return result
}

/**
 * `doc` as the CASL subject of a check of `action` on `subjectType`, holding only the fields the
 * rules' conditions read (own properties only, so `exists` and `eq null` judge it as the whole
 * document). CASL decides from those fields alone; copying a whole document for every field of
 * every row of a page cost ≈10 µs each, 15 ms a page of 50 records (bench/records.ts).
 */
export function conditionSubject(
  ability: AtriumAbility,
  action: string,
  subjectType: string,
  doc: Record<string, unknown>,
): Record<string, unknown> {
  const fields = conditionFields(ability, action, subjectType)
  if (!fields) return subjectOf(subjectType, { ...doc })
  const picked: Record<string, unknown> = {}
  for (const field of fields) if (Object.hasOwn(doc, field)) picked[field] = doc[field]
  return subjectOf(subjectType, picked)
}
