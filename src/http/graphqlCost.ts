/**
 * What a GraphQL request costs graphql's validation, measured without running it.
 *
 * Rules that expand fragments (Payload's query complexity among them) work in proportion to the
 * fields of the expanded document, which `expansionCost` counts bottom-up, each fragment once.
 * graphql's OverlappingFieldsCanBeMerged rule compares every pair of distinct fields that land on
 * the same place of the result (same response key, sibling fields merged, fragments expanded), and
 * every pair of their sub-fields: quadratic in how often a key repeats, and multiplied level by
 * level, since `Users { docs } Users { docs }` puts both `docs` at one place. `findRepeatedKey`
 * walks those places. And Payload's complexity rule coerces the variables while validating,
 * paying dearly for each value that does not fit its type, which `checkVariables` bounds.
 */
import {
  getVariableValues,
  Kind,
  type FieldNode,
  type GraphQLSchema,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'
import { Errors } from './errors'

/** What a selection set expands to once fragments are expanded. */
export interface ExpansionCost {
  /** nesting of fields: `{ a { b } }` is 2 deep */
  depth: number
  /** field selections */
  fields: number
  /** aliased field selections */
  aliases: number
  /** fragment spreads, each a step for the rules that expand them, like a field */
  spreads: number
}

const NO_COST: ExpansionCost = { depth: 0, fields: 0, aliases: 0, spreads: 0 }

// Counts past 2^53 stop growing instead of losing precision or reaching Infinity: they only need
// to be "more than any limit".
const add = (a: number, b: number) => Math.min(a + b, Number.MAX_SAFE_INTEGER)

/** Writes a count that may have stopped growing at 2^53. */
export const describeCount = (n: number): string =>
  n >= Number.MAX_SAFE_INTEGER ? `more than ${Number.MAX_SAFE_INTEGER}` : `${n}`

/**
 * The expansion of all `operations` (depth is the deepest one's, the counts are summed),
 * computed bottom-up so that a fragment's cost is computed once and reused at every spread: the
 * doubling that makes expansion exponential is just an addition. Every fragment is evaluated, used
 * or not, since graphql's rules visit them all. Throws a 400 for a fragment cycle or an unknown
 * fragment, and for nesting too deep to walk.
 */
export function expansionCost(
  operations: readonly OperationDefinitionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): ExpansionCost {
  const known = new Map<string, ExpansionCost>()
  const path: string[] = []
  const onPath = new Set<string>()

  function fragmentCost(name: string): ExpansionCost {
    const done = known.get(name)
    if (done) return done
    if (onPath.has(name)) {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' → ')
      throw Errors.graphqlFragmentCycle(`fragment ${name} spreads itself: ${cycle}`)
    }
    const fragment = fragments.get(name)
    if (!fragment) throw Errors.graphqlInvalid(`fragment ${name} is spread but not defined`)
    path.push(name)
    onPath.add(name)
    const cost = selectionSetCost(fragment.selectionSet)
    path.pop()
    onPath.delete(name)
    known.set(name, cost)
    return cost
  }

  function selectionSetCost(selectionSet: SelectionSetNode): ExpansionCost {
    let { depth, fields, aliases, spreads } = NO_COST
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const inner = selection.selectionSet ? selectionSetCost(selection.selectionSet) : NO_COST
        depth = Math.max(depth, inner.depth + 1)
        fields = add(fields, add(inner.fields, 1))
        aliases = add(aliases, add(inner.aliases, selection.alias ? 1 : 0))
        spreads = add(spreads, inner.spreads)
      } else {
        const spread = selection.kind === Kind.FRAGMENT_SPREAD
        const inner = spread ? fragmentCost(selection.name.value) : selectionSetCost(selection.selectionSet)
        depth = Math.max(depth, inner.depth)
        fields = add(fields, inner.fields)
        aliases = add(aliases, inner.aliases)
        spreads = add(spreads, add(inner.spreads, spread ? 1 : 0))
      }
    }
    return { depth, fields, aliases, spreads }
  }

  let total = NO_COST
  try {
    for (const name of fragments.keys()) fragmentCost(name)
    for (const operation of operations) {
      const cost = selectionSetCost(operation.selectionSet)
      total = {
        depth: Math.max(total.depth, cost.depth),
        fields: add(total.fields, cost.fields),
        aliases: add(total.aliases, cost.aliases),
        spreads: add(total.spreads, cost.spreads),
      }
    }
  } catch (err) {
    throw err instanceof RangeError ? Errors.graphqlTooComplex('the document nests too deeply to analyse') : err
  }
  return total
}

/**
 * The first fragment no operation spreads, directly or through other fragments. graphql refuses
 * such a document anyway (NoUnusedFragments), but only after its other rules have compared the
 * fragment's fields, which `findRepeatedKey` walks only where operations spread them.
 */
export function unusedFragment(
  operations: readonly OperationDefinitionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): string | undefined {
  const used = new Set<string>()
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)
        if (fragment && !used.has(selection.name.value)) {
          used.add(selection.name.value)
          walk(fragment.selectionSet)
        }
      } else if (selection.selectionSet) {
        walk(selection.selectionSet)
      }
    }
  }
  for (const operation of operations) walk(operation.selectionSet)
  return [...fragments.keys()].find((name) => !used.has(name))
}

/** How many distinct fields may share one response key at one place of the result. */
export interface KeyRepeatLimits {
  /** fields with arguments or a sub-selection, which graphql compares in depth */
  maxKeyRepeats: number
  /** plain leaves (no arguments, no sub-selection), which graphql compares in constant time */
  maxLeafKeyRepeats: number
}

/** A response key selected by more distinct fields at one place than its limit allows. */
export interface RepeatedKey {
  key: string
  /** response keys from the operation's root to the selection set holding the key; empty at the root */
  path: readonly string[]
  /** distinct field selections with that key there */
  count: number
  limit: number
  /** whether they are all plain leaves, held to `maxLeafKeyRepeats` */
  leaf: boolean
}

/** Says which key repeats where, and the limit it exceeds. */
export function describeRepeatedKey({ key, path, count, limit, leaf }: RepeatedKey): string {
  const where = path.length === 0 ? 'the top of the operation' : path.join('.')
  return (
    `the response key "${key}" is selected by ${count} different ${leaf ? 'plain fields' : 'fields'} at ${where} ` +
    `(sibling fields merged, fragments expanded), more than the limit of ${limit}`
  )
}

const isPlainLeaf = (field: FieldNode) => !field.selectionSet && (field.arguments?.length ?? 0) === 0

/**
 * The first response key that more distinct fields share at one place of the result than
 * `limits` allow, walking each operation the way graphql merges fields: sibling fields with the
 * same key have their sub-selections merged, fragments and inline fragments are expanded, and a
 * fragment spread twice at one place adds its fields once (graphql compares a field with itself
 * at no cost, so fields are counted as distinct AST nodes, not as copies).
 *
 * Each place is visited once, and each field and fragment expanded there stands for at least one
 * field or spread of the expanded operation, so the walk takes at most as many steps as those:
 * call it only once their counts (`expansionCost`) are known to be within limits.
 */
export function findRepeatedKey(
  operations: readonly OperationDefinitionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  limits: KeyRepeatLimits,
): RepeatedKey | undefined {
  const path: string[] = []

  // The fields that land on one place, by response key, from the selection sets merged there.
  function visit(selectionSets: readonly SelectionSetNode[]): RepeatedKey | undefined {
    const byKey = new Map<string, Set<FieldNode>>()
    const expanded = new Set<string>()
    const collect = (selectionSet: SelectionSetNode) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value
          const fields = byKey.get(key)
          if (fields) fields.add(selection)
          else byKey.set(key, new Set([selection]))
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet)
        } else if (!expanded.has(selection.name.value)) {
          expanded.add(selection.name.value)
          const fragment = fragments.get(selection.name.value)
          if (fragment) collect(fragment.selectionSet)
        }
      }
    }
    for (const selectionSet of selectionSets) collect(selectionSet)

    for (const [key, fields] of byKey) {
      const leaf = [...fields].every(isPlainLeaf)
      const limit = leaf ? limits.maxLeafKeyRepeats : limits.maxKeyRepeats
      if (fields.size > limit) return { key, path: [...path], count: fields.size, limit, leaf }
    }
    for (const [key, fields] of byKey) {
      const merged = [...fields].flatMap((field) => (field.selectionSet ? [field.selectionSet] : []))
      if (merged.length === 0) continue
      path.push(key)
      const found = visit(merged)
      path.pop()
      if (found) return found
    }
    return undefined
  }

  for (const operation of operations) {
    const found = visit([operation.selectionSet])
    if (found) return found
  }
  return undefined
}

/**
 * Refuses variables that would cost validation too much. Payload's complexity rule coerces the
 * variables the operation declares (graphql ignores the others) during validation, collecting every
 * error: a value that fits its type costs up to ~3 µs, one that does not ~100 µs, more for an
 * unknown key of a large object, since each error prints the whole object. So at most `limit`
 * values may be given; with the `schema`, they are coerced here too, stopping at the first misfit.
 */
export function checkVariables(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  limit: number,
  schema: GraphQLSchema | undefined,
): void {
  const definitions = operation.variableDefinitions ?? []
  const given = definitions.map(({ variable }) => variables[variable.name.value]).filter((v) => v !== undefined)
  if (countValues(given, limit) > limit) throw Errors.graphqlTooComplex(`the variables hold more than ${limit} values`)
  if (!schema) return
  const { errors } = getVariableValues(schema, definitions, variables, { maxErrors: 1 })
  if (errors?.[0]) throw Errors.graphqlInvalid(errors[0].message)
}

// How many JSON values (objects, lists and scalars, at any depth) `values` hold, counting no
// further than one past `limit`, so that a megabyte of them costs no more than the limit does.
// Iterative, so deep nesting cannot overflow the stack.
function countValues(values: readonly unknown[], limit: number): number {
  let count = 0
  const pending: unknown[] = [values]
  while (pending.length > 0) {
    const value = pending.pop()
    const children = Array.isArray(value)
      ? value
      : typeof value === 'object' && value !== null
        ? Object.values(value)
        : []
    for (const child of children) {
      if (++count > limit) return count
      pending.push(child)
    }
  }
  return count
}
