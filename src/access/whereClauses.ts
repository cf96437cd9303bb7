/**
 * Boolean algebra over Payload `Where`s with `true` (every document) and `false` (none) as
 * constants, so that a translated condition folds to the smallest query: an access function may
 * return `true`/`false` itself, and Payload never sees an empty `and`/`or`.
 */
import type { Where } from 'payload'

/** A Payload Where, or a constant: true = every document, false = none. */
export type Clause = Where | boolean

/** Conjunction: false if any clause is false; true if all are true (or none are given). */
export function all(clauses: Clause[]): Clause {
  return combine('and', clauses, false)
}

/** Disjunction: true if any clause is true; false if all are false (or none are given). */
export function any(clauses: Clause[]): Clause {
  return combine('or', clauses, true)
}

function combine(key: 'and' | 'or', clauses: Clause[], absorbing: boolean): Clause {
  const wheres: Where[] = []
  for (const clause of clauses) {
    if (clause === absorbing) return absorbing
    if (typeof clause === 'boolean') continue
    // `and` inside `and` (or `or` inside `or`) adds nothing but depth
    const nested = Object.keys(clause).length === 1 ? clause[key] : undefined
    wheres.push(...(nested ?? [clause]))
  }
  if (wheres.length === 0) return !absorbing
  return wheres.length === 1 ? wheres[0]! : { [key]: wheres }
}
