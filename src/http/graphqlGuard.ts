/**
 * Inspects a GraphQL request before Payload sees it, in time linear in the document's size, or in
 * its expanded size once that is known to be within limits.
 *
 * Payload validates a document by expanding every fragment spread, so a few hundred bytes of
 * fragments that each spread the previous one twice cost 2^n steps before anything refuses them,
 * and a fragment that spreads itself overflows the stack. This guard bounds the parser (bytes and
 * tokens), then counts what the document would expand to (depth, fields, aliases) with each
 * fragment evaluated once, so the refusal itself never expands anything. Within those bounds,
 * graphql's check that overlapping fields can merge is still quadratic in how many fields share a
 * response key at one place of the result, and in how many fragments meet there, so both are
 * capped (graphqlCost.ts), as are the variables, which Payload coerces while validating. Together
 * the limits keep graphql's whole validation of a request that passes within a few milliseconds;
 * bench/graphqlValidation.ts measures the worst shapes against Atrium's schema.
 *
 * It also tells the caller how many times chosen root fields (sign-in mutations) would run, so a
 * request that batches 200 aliased `loginUser` mutations counts as 200 attempts against a rate
 * limiter.
 */
import {
  GraphQLError,
  Kind,
  Lexer,
  parse,
  Source,
  TokenKind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type SelectionSetNode,
} from 'graphql'
import { Errors } from './errors'
import {
  checkVariables,
  describeCount,
  describeRepeatedKey,
  expansionCost,
  findRepeatedKey,
  unusedFragment,
} from './graphqlCost'

/** How large and how complex a GraphQL document may be. */
export interface GraphqlLimits {
  /** UTF-8 bytes of the `query` string */
  maxBytes: number
  /** lexical tokens of the document (comments and whitespace are not tokens) */
  maxTokens: number
  /** nesting of fields, fragments expanded: `{ a { b } }` is 2 deep */
  maxDepth: number
  /** field selections of all operations once fragments are expanded, counted without expanding */
  maxFields: number
  /** aliased field selections of all operations once fragments are expanded */
  maxAliases: number
  /** operations in one document; only one runs, but Payload validates them all */
  maxOperations: number
  /** fragment definitions; graphql compares the fragments spread in one selection set pairwise */
  maxFragments: number
  /** fragment spreads of all operations once fragments are expanded, which cost like fields */
  maxFragmentSpreads: number
  /**
   * distinct fields with arguments or a sub-selection that may share one response key at one place
   * of the result (sibling fields with that key merged, fragments expanded): graphql compares each
   * pair of them, and each pair of their sub-fields that meet in turn
   */
  maxKeyRepeats: number
  /** the same for plain leaves (no arguments, no sub-selection), which graphql compares cheaply */
  maxLeafKeyRepeats: number
  /** JSON values (objects, lists, scalars) in the declared variables, when the guard has the schema */
  maxVariableValues: number
  /** the same without the schema, when every value may be one that costs graphql an error */
  maxUncheckedVariableValues: number
}

/**
 * The limits used for anything not given, chosen with bench/graphqlValidation.ts against Atrium's
 * schema so that the worst request within them costs validation about 5 ms (median, 2 cores).
 * Validation costs ~4 µs per field written, which maxTokens bounds, and ~1 µs per field or spread
 * once fragments are expanded (Payload's complexity rule expands them), which maxFields and
 * maxFragmentSpreads bound. A key selected n times at one place costs n²/2 comparisons of whole
 * sub-trees, and n fragments spread together n²/2 comparisons: the key repeats and fragments are
 * capped well below where that shows. Variables are capped by what coercing them can cost.
 * graphql's introspection query (`getIntrospectionQuery()`, which GraphQL tools send) is about
 * 2 KB, 163–184 tokens, 15 deep and 220–230 fields expanded, with three fragments and no repeated
 * key, so it passes everywhere with room to spare but depth, which is set to exactly what it needs.
 */
export const DEFAULT_GRAPHQL_LIMITS: Readonly<GraphqlLimits> = Object.freeze({
  maxBytes: 20 * 1024,
  maxTokens: 1_000,
  maxDepth: 15,
  maxFields: 2_000,
  maxAliases: 30,
  maxOperations: 10,
  maxFragments: 32,
  maxFragmentSpreads: 4_000,
  maxKeyRepeats: 5,
  maxLeafKeyRepeats: 32,
  maxVariableValues: 1_000,
  maxUncheckedVariableValues: 50,
})

/** What to inspect a request against. */
export interface GraphqlGuardOptions {
  /** limits replacing the defaults one by one */
  limits?: Partial<GraphqlLimits>
  /** root fields to count in the operation that runs, e.g. `['loginUser', 'forgotPasswordUser']` */
  countRootFields?: readonly string[]
  /**
   * The schema the document will run against, if the caller has it. The declared variables are
   * then coerced here, stopping at the first value that does not fit its type, so that up to
   * maxVariableValues may be given; without it, Payload would pay for every misfit (~100 µs each)
   * and only maxUncheckedVariableValues may be given.
   */
  schema?: GraphQLSchema
}

/** What a request that passed the guard will do. */
export interface GraphqlInspection {
  /** the operation that runs */
  operationType: OperationTypeNode
  operationName: string | undefined
  /** the deepest operation's depth */
  depth: number
  /** field selections of all operations, fragments expanded */
  fields: number
  /** aliased field selections of all operations, fragments expanded */
  aliases: number
  /**
   * For each name in `countRootFields`, how many times the operation that runs executes that root
   * field: its distinct response keys (alias or name), which is what GraphQL resolves separately.
   * Fields under `@skip`/`@include` count too, since their condition may come from variables.
   */
  rootFieldCounts: ReadonlyMap<string, number>
}

/** Refuses or describes a GraphQL POST body (parsed JSON); every refusal is a 400 HttpError. */
export function inspectGraphqlRequest(body: unknown, options: GraphqlGuardOptions = {}): GraphqlInspection {
  const limits = resolveLimits(options.limits)
  const { query, operationName, variables } = readBody(body)
  const document = parseBounded(query, limits)
  const { operations, fragments } = splitDefinitions(document, limits)

  const { depth, fields, aliases, spreads } = expansionCost(operations, fragments)
  if (depth > limits.maxDepth) throw Errors.graphqlTooComplex(`depth ${depth} exceeds the limit of ${limits.maxDepth}`)
  if (fields > limits.maxFields)
    throw Errors.graphqlTooComplex(
      `${describeCount(fields)} field selections once fragments are expanded exceed the limit of ${limits.maxFields}`,
    )
  if (aliases > limits.maxAliases)
    throw Errors.graphqlTooComplex(
      `${describeCount(aliases)} aliased fields once fragments are expanded exceed the limit of ${limits.maxAliases}`,
    )
  if (spreads > limits.maxFragmentSpreads)
    throw Errors.graphqlTooComplex(
      `${describeCount(spreads)} fragment spreads once fragments are expanded exceed the limit of ${limits.maxFragmentSpreads}`,
    )
  // Checked after the expansion, whose refusal says more about a fragment bomb.
  if (fragments.size > limits.maxFragments)
    throw Errors.graphqlTooComplex(
      `the document has ${fragments.size} fragments, more than the limit of ${limits.maxFragments}`,
    )
  // Only now, with the expansion known to be small, are the places of the result walked.
  const unused = unusedFragment(operations, fragments)
  if (unused !== undefined) throw Errors.graphqlInvalid(`fragment ${unused} is never used`)
  const repeated = findRepeatedKey(operations, fragments, limits)
  if (repeated) throw Errors.graphqlTooComplex(describeRepeatedKey(repeated))

  const operation = selectOperation(operations, operationName)
  const { schema } = options
  checkVariables(operation, variables, schema ? limits.maxVariableValues : limits.maxUncheckedVariableValues, schema)
  return {
    operationType: operation.operation,
    operationName: operation.name?.value,
    depth,
    fields,
    aliases,
    rootFieldCounts: countRootFields(operation.selectionSet, fragments, options.countRootFields ?? []),
  }
}

function resolveLimits(given: Partial<GraphqlLimits> = {}): GraphqlLimits {
  const limits = { ...DEFAULT_GRAPHQL_LIMITS }
  for (const key of Object.keys(limits) as (keyof GraphqlLimits)[]) limits[key] = given[key] ?? limits[key]
  return limits
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isAbsent = (value: unknown) => value === undefined || value === null

// The shape graphql-http (inside Payload's GRAPHQL_POST) accepts; it runs one operation per
// request and answers arrays with an error, so batches are refused here too.
function readBody(body: unknown): {
  query: string
  operationName: string | undefined
  variables: Readonly<Record<string, unknown>>
} {
  if (Array.isArray(body))
    throw Errors.graphqlInvalid('batched requests (a JSON array) are not supported; send one operation per request')
  if (!isPlainObject(body)) throw Errors.graphqlInvalid('the body must be a JSON object with a "query" string')
  const { query, variables, operationName, extensions } = body
  if (typeof query !== 'string') throw Errors.graphqlInvalid('"query" must be a string holding a GraphQL document')
  if (!isAbsent(variables) && !isPlainObject(variables)) throw Errors.graphqlInvalid('"variables" must be an object')
  if (!isAbsent(operationName) && typeof operationName !== 'string')
    throw Errors.graphqlInvalid('"operationName" must be a string')
  if (!isAbsent(extensions) && !isPlainObject(extensions)) throw Errors.graphqlInvalid('"extensions" must be an object')
  return {
    query,
    operationName: typeof operationName === 'string' ? operationName : undefined,
    variables: isPlainObject(variables) ? variables : {},
  }
}

function parseBounded(query: string, limits: GraphqlLimits): DocumentNode {
  const bytes = Buffer.byteLength(query, 'utf8')
  if (bytes > limits.maxBytes)
    throw Errors.graphqlTooComplex(`the document is ${bytes} bytes, more than the limit of ${limits.maxBytes}`)
  try {
    // Counted apart from parsing so that the refusal names the limit rather than a syntax error;
    // lexing is linear and stops at the first token over the limit.
    const lexer = new Lexer(new Source(query))
    let tokens = 0
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++tokens > limits.maxTokens)
        throw Errors.graphqlTooComplex(`the document has more than ${limits.maxTokens} tokens`)
    }
    // maxTokens again, so that the parser is bounded on its own as well.
    return parse(query, { maxTokens: limits.maxTokens, noLocation: true })
  } catch (err) {
    if (err instanceof RangeError) throw Errors.graphqlTooComplex('the document nests too deeply to parse')
    if (!(err instanceof GraphQLError)) throw err
    const where = err.locations?.[0]
    const message = err.message.replace(/^Syntax Error: /, '')
    throw Errors.graphqlSyntax(where ? `${message} (line ${where.line}, column ${where.column})` : message)
  }
}

function splitDefinitions(document: DocumentNode, limits: GraphqlLimits) {
  const operations: OperationDefinitionNode[] = []
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition)
    else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const name = definition.name.value
      // graphql's validators would refuse it, but only after looking up one of the two copies,
      // which need not be the one counted here.
      if (fragments.has(name)) throw Errors.graphqlInvalid(`fragment ${name} is defined more than once`)
      fragments.set(name, definition)
    } else {
      throw Errors.graphqlInvalid(`a request holds operations and fragments only, not a ${definition.kind}`)
    }
  }
  if (operations.length === 0) throw Errors.graphqlInvalid('the document has no operation')
  if (operations.length > limits.maxOperations)
    throw Errors.graphqlTooComplex(
      `the document has ${operations.length} operations, more than the limit of ${limits.maxOperations}`,
    )
  return { operations, fragments }
}

// The operation graphql-http runs: the one named, or the only one.
function selectOperation(operations: OperationDefinitionNode[], name: string | undefined): OperationDefinitionNode {
  if (name !== undefined) {
    const named = operations.find((operation) => operation.name?.value === name)
    if (!named) throw Errors.graphqlInvalid(`the document has no operation named "${name}"`)
    return named
  }
  const [only] = operations
  if (!only || operations.length > 1)
    throw Errors.graphqlInvalid(
      `the document has ${operations.length} operations; "operationName" must name the one to run`,
    )
  return only
}

// GraphQL merges root fields that share a response key and resolves each key once, so the
// distinct keys are the executions. Each fragment is walked once: a second spread adds no key.
function countRootFields(
  root: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  names: readonly string[],
): ReadonlyMap<string, number> {
  const keys = new Map(names.map((name) => [name, new Set<string>()]))
  const walked = new Set<string>()
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        keys.get(selection.name.value)?.add(selection.alias?.value ?? selection.name.value)
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet)
      } else if (!walked.has(selection.name.value)) {
        walked.add(selection.name.value)
        const fragment = fragments.get(selection.name.value)
        if (fragment) walk(fragment.selectionSet)
      }
    }
  }
  if (keys.size > 0) walk(root)
  return new Map([...keys].map(([name, responseKeys]) => [name, responseKeys.size]))
}
