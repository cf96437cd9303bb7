/**
 * Measures what graphql's validation costs, against Atrium's real schema, for the worst documents
 * the GraphQL guard (src/http/graphqlGuard.ts) lets through.
 *
 *   node --conditions=production --import tsx bench/graphqlValidation.ts [runs=15] [limits as JSON]
 *
 * e.g. `… 15 '{"maxTokens":2000}'` measures what those limits would let through (the rest default).
 * The schema and rules are built the way Payload's GraphQL handler builds them: `configToSchema`
 * of the sanitized config, and graphql's specified rules followed by Payload's (query complexity,
 * introspection in production). For each adversarial shape the largest size the guard accepts is
 * found by search, so the table follows the guard's limits as they change; then `validate` is
 * timed warm, in CPU time (which other work on a shared machine does not inflate) and wall time.
 * Ordinary documents (introspection, fragments, wide queries) must pass the guard.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { configToSchema } from '@payloadcms/graphql'
import {
  getIntrospectionQuery,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql'
import { buildAtriumConfig } from '../src/config/payloadConfig'
import { parseSettings } from '../src/config/settings'
import { HttpError } from '../src/http/errors'
import {
  DEFAULT_GRAPHQL_LIMITS,
  inspectGraphqlRequest,
  type GraphqlGuardOptions,
  type GraphqlLimits,
} from '../src/http/graphqlGuard'

const runs = Number(process.argv[2] ?? 15)
const given = JSON.parse(process.argv[3] ?? '{}') as Partial<GraphqlLimits>
const limits: GraphqlLimits = { ...DEFAULT_GRAPHQL_LIMITS, ...given }

/** One request body: what the guard inspects and graphql validates. */
interface Body {
  query: string
  operationName?: string
  variables?: Record<string, unknown>
}

/** A shape: a fixed document, or a family grown by `n` until the guard refuses it. */
interface Shape {
  name: string
  build: (n: number) => Body
  /** fixed documents are built once with n = 1 and must pass */
  fixed?: boolean
  /** upper end of the search (keeps the search itself quick) */
  maxN?: number
  /** give the guard the schema, as the route can, so that it coerces the variables */
  withSchema?: boolean
}

const times = (n: number, make: (i: number) => string, separator = ' ') =>
  Array.from({ length: n }, (_, i) => make(i)).join(separator)
const list = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i))
const op = (query: string): Body => ({ query })

/** F0 holds `base`; each further fragment spreads the one before twice, `extra` added per level. */
function bomb(levels: number, on: string, base: string, extra: (i: number) => string = () => ''): string {
  const fragments = [`fragment F0 on ${on} { ${base} }`]
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on ${on} { ${extra(i)} ...F${i - 1} ...F${i - 1} }`)
  return fragments.join('\n')
}

const USER_LEAVES = [
  'id',
  'name',
  'kind',
  'email',
  'updatedAt',
  'createdAt',
  'resetPasswordToken',
  'resetPasswordExpiration',
  'salt',
  'hash',
  'resetPasswordRequestedAt',
  'loginAttempts',
  'lockUntil',
]

const ADMIN_STYLE = `query Users($limit: Int, $page: Int, $where: User_where, $sort: String) {
  Users(limit: $limit, page: $page, where: $where, sort: $sort) {
    docs { ...UserRow sessions { ...Session } }
    ...Paging
  }
  countUsers(where: $where) { totalDocs }
  meUser { user { ...UserRow } exp token }
  Access { canAccessAdmin users { ...Ops } }
}
fragment UserRow on User { id name kind email createdAt updatedAt }
fragment Session on User_Sessions { id createdAt expiresAt }
fragment Paging on Users { totalDocs totalPages page limit hasNextPage hasPrevPage nextPage prevPage pagingCounter }
fragment Ops on usersAccess { create { permission } read { permission } update { permission } delete { permission } }`

// Apollo-style: every selection set also asks for __typename, and colocated fragments repeat `id`.
const COLOCATED = `query Screen {
  Users(limit: 10) { __typename docs { __typename id ...A ...B ...C ...D } totalDocs }
  meUser { __typename user { __typename id ...A ...B } }
}
fragment A on User { __typename id name }
fragment B on User { __typename id email kind }
fragment C on User { __typename id createdAt sessions { __typename id } }
fragment D on User { __typename id updatedAt sessions { __typename id expiresAt } }`

const WIDE_QUERY = `query Everything {
  Users(limit: 5) { docs { id name kind email createdAt updatedAt sessions { id createdAt expiresAt } } totalDocs }
  User(id: 1) { id name email }
  countUsers { totalDocs }
  docAccessUser(id: 1) { update { permission } delete { permission } }
  meUser { user { id } exp }
  initializedUser
  PayloadKv(id: 1) { id key data }
  PayloadKvs { docs { id key } totalDocs }
  countPayloadKvs { totalDocs }
  docAccessPayloadKv(id: 1) { update { permission } }
  PayloadLockedDocument(id: 1) { id globalSlug updatedAt }
  PayloadLockedDocuments { docs { id globalSlug user { relationTo } } }
  countPayloadLockedDocuments { totalDocs }
  docAccessPayloadLockedDocument(id: 1) { update { permission } }
  PayloadPreference(id: 1) { id key value }
  PayloadPreferences(limit: 1) { docs { id key value } }
  countPayloadPreferences { totalDocs }
  docAccessPayloadPreference(id: 1) { update { permission } }
  Access { canAccessAdmin users { read { permission } } }
  first: Users(limit: 1) { docs { id } }
}`

const SHAPES: Shape[] = [
  // what clients send
  { name: 'introspection (default)', fixed: true, build: () => op(getIntrospectionQuery()) },
  {
    name: 'introspection (every option)',
    fixed: true,
    build: () =>
      op(
        getIntrospectionQuery({
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          schemaDescription: true,
          inputValueDeprecation: true,
          oneOf: true,
        }),
      ),
  },
  { name: 'admin-style, 4 fragments', fixed: true, build: () => op(ADMIN_STYLE) },
  { name: 'colocated fragments, __typename', fixed: true, build: () => op(COLOCATED) },
  { name: '20 root fields', fixed: true, build: () => op(WIDE_QUERY) },
  // the same response key over and over
  { name: 'root: n × Users{docs{id}}', build: (n) => op(`{ ${times(n, () => 'Users { docs { id } }')} }`) },
  { name: 'root: n × u: Users{docs{id}}', build: (n) => op(`{ ${times(n, () => 'u: Users { docs { id } }')} }`) },
  {
    name: 'nested: n × Users{ n × docs{id} }',
    build: (n) => op(`{ ${times(n, () => `Users { ${times(n, () => 'docs { id }')} }`)} }`),
  },
  { name: 'leaf: Users{docs{ n × id }}', build: (n) => op(`{ Users { docs { ${times(n, () => 'id')} } } }`) },
  {
    name: 'leaf with args: n × countUsers(where)',
    build: (n) => op(`{ ${times(n, () => 'countUsers(where: { id: { equals: 1 } }) { totalDocs }')} }`),
  },
  {
    name: 'differing args: n × Users(limit: i)',
    build: (n) => op(`{ ${times(n, (i) => `Users(limit: ${i + 1}) { totalDocs }`)} }`),
  },
  {
    name: 'repeats at every level (2^n paths)',
    maxN: 14,
    build: (n) => {
      let inner = 'name'
      for (let i = 0; i < n; i++) inner = `ofType { ${inner} } ofType { ${inner} }`
      return op(`{ __type(name: "User") { ${inner} } }`)
    },
  },
  {
    name: 'k copies (k = maxKeyRepeats) of a tree n wide',
    build: (n) =>
      op(`{ ${times(limits.maxKeyRepeats, () => `Users { docs { ${times(n, (i) => `f${i} { a b }`)} } }`)} }`),
  },
  {
    name: 'k copies of a plain leaf at n places',
    build: (n) =>
      op(`{ Users { docs { ${times(n, (i) => `f${i} { ${times(limits.maxLeafKeyRepeats, () => 'id')} }`)} } } }`),
  },
  // fragments
  {
    name: 'a 31-fragment chain spread at n places',
    build: (n) =>
      op(
        `{ Users { docs { ${times(n, (i) => `f${i} { ...C30 }`)} } } }\nfragment C0 on User { id }\n` +
          times(30, (i) => `fragment C${i + 1} on User { ...C${i} }`, '\n'),
      ),
  },
  {
    name: 'n fragments, each Users{docs{id}}',
    build: (n) =>
      op(
        `{ ${times(n, (i) => `...F${i}`)} }\n${times(n, (i) => `fragment F${i} on Query { Users { docs { id } } }`, '\n')}`,
      ),
  },
  {
    name: 'n fragments, disjoint keys',
    build: (n) =>
      op(`{ ${times(n, (i) => `...F${i}`)} }\n${times(n, (i) => `fragment F${i} on Query { f${i} }`, '\n')}`),
  },
  {
    name: 'n fragments, each spreading 8 more',
    build: (n) =>
      op(
        `{ ${times(n, (i) => `...F${i}`)} }\n` +
          times(n, (i) => `fragment F${i} on Query { ${times(8, (j) => `...G${(i + j) % n}`)} }`, '\n') +
          '\n' +
          times(n, (i) => `fragment G${i} on Query { g${i} }`, '\n'),
      ),
  },
  {
    name: 'n × Users{docs{...U}}, shared fragment',
    build: (n) =>
      op(`{ ${times(n, () => 'Users { docs { ...U } }')} }\nfragment U on User { id name email sessions { id } }`),
  },
  {
    name: 'fragment bomb (n levels, __typename)',
    maxN: 40,
    build: (n) => op(`{ ...F${n} }\n${bomb(n, 'Query', '__typename')}`),
  },
  {
    name: 'fragment bomb (n levels, User fields)',
    maxN: 40,
    build: (n) => op(`{ Users { docs { ...F${n} } } }\n${bomb(n, 'User', 'id name email sessions { id expiresAt }')}`),
  },
  {
    name: 'aliased fragment bomb (n levels)',
    maxN: 40,
    build: (n) =>
      op(`{ ...F${n} }\n${bomb(n, 'Query', 'countUsers { totalDocs }', (i) => `a${i}: countUsers { totalDocs }`)}`),
  },
  // variables, which Payload's complexity rule coerces during validation
  ...[false, true].flatMap((withSchema): Shape[] => {
    const guard = withSchema ? ', guard given the schema' : ''
    const where = 'query ($w: User_where) { Users(where: $w) { totalDocs } }'
    return [
      // maxN: about what the 1 MB body limit allows (fewer where graphql's cost is quadratic)
      {
        name: `variables: n × { id: { equals: i } } in OR${guard}`,
        withSchema,
        maxN: 40_000,
        build: (n) => ({ query: where, variables: { w: { OR: list(n, (i) => ({ id: { equals: i } })) } } }),
      },
      {
        name: `variables: n misfit values in OR${guard}`,
        withSchema,
        maxN: 20_000,
        build: (n) => ({ query: where, variables: { w: { OR: list(n, () => ({ id: { equals: 'x' } })) } } }),
      },
      {
        name: `variables: n misfits in a list ($l: [Int])${guard}`,
        withSchema,
        maxN: 20_000,
        build: (n) => ({ query: 'query ($l: [Int]) { __typename }', variables: { l: list(n, (i) => `x${i}`) } }),
      },
      {
        name: `variables: n unknown keys in one object${guard}`,
        withSchema,
        maxN: 2_000,
        build: (n) => ({ query: where, variables: { w: Object.fromEntries(list(n, (i) => [`k${i}`, 1])) } }),
      },
    ]
  }),
  {
    name: 'both: k copies of a tree 36 wide, and n misfits in a list',
    maxN: 20_000,
    build: (n) => ({
      query: `query ($l: [Int]) { ${times(limits.maxKeyRepeats, () => `Users { docs { ${times(36, (i) => `f${i} { a b }`)} } }`)} }`,
      variables: { l: list(n, (i) => `x${i}`) },
    }),
  },
  {
    name: 'variables: n values inside a JSON scalar',
    maxN: 40_000,
    build: (n) => ({
      query: 'mutation ($d: mutationPayloadKvInput!) { createPayloadKv(data: $d) { id } }',
      variables: { d: { key: 'k', data: list(n, (i) => ({ id: i })) } },
    }),
  },
  // the largest document each limit allows
  {
    name: 'tokens: n plain User fields, each key repeated',
    build: (n) => {
      // as many copies of each key as one place allows, over as many places (aliases) as needed
      const perPlace = USER_LEAVES.length * limits.maxLeafKeyRepeats
      const places = times(Math.ceil(n / perPlace), (p) => {
        const fields = times(Math.min(perPlace, n - p * perPlace), (i) => USER_LEAVES[i % USER_LEAVES.length]!)
        return `p${p}: Users { docs { ${fields} } }`
      })
      return op(`{ ${places} }`)
    },
  },
  {
    name: 'aliases: n valid fields, no key repeated',
    build: (n) =>
      op(
        `{ ${times(Math.ceil(n / USER_LEAVES.length), (p) => `p${p}: User(id: 1) { ${USER_LEAVES.slice(0, Math.min(USER_LEAVES.length, n - p * USER_LEAVES.length)).join(' ')} }`)} }`,
      ),
  },
  {
    name: 'bytes: one long string argument',
    build: (n) => op(`{ Users(where: { email: { equals: "${'x'.repeat(n)}" } }) { totalDocs } }`),
  },
  {
    name: 'tokens: n distinct keys (unknown fields)',
    build: (n) => op(`{ Users { docs { ${times(n, (i) => `f${i}`)} } } }`),
  },
  {
    name: 'depth: __type … ofType nested n deep',
    maxN: 40,
    build: (n) => op(`{ __type(name: "User") { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } }`),
  },
  {
    name: 'operations: 10 × fragment bomb (n levels)',
    maxN: 40,
    build: (n) => ({
      query: `${times(10, (i) => `query Q${i} { Users { docs { ...F${n} } } }`, '\n')}\n${bomb(n, 'User', 'id name email')}`,
      operationName: 'Q0',
    }),
  },
  {
    name: 'aliases: n × a_i: Users{docs{...U}}',
    build: (n) => op(`{ ${times(n, (i) => `a${i}: Users { docs { ...U } }`)} }\nfragment U on User { id name }`),
  },
]

// ---------------------------------------------------------------------------------------------

function refusal(body: Body, options: GraphqlGuardOptions): HttpError | undefined {
  try {
    inspectGraphqlRequest(body, options)
    return undefined
  } catch (err) {
    if (err instanceof HttpError) return err
    throw err
  }
}

/** The largest n in [1, maxN] the guard accepts, assuming that acceptance shrinks as n grows. */
function largestAccepted(shape: Shape, options: GraphqlGuardOptions): number | undefined {
  const passes = (n: number) => !refusal(shape.build(n), options)
  if (!passes(1)) return undefined
  const maxN = shape.maxN ?? 100_000
  let low = 1
  let high = 2
  while (high <= maxN && passes(high)) [low, high] = [high, high * 2]
  if (high > maxN) high = maxN + 1
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2)
    if (passes(mid)) low = mid
    else high = mid
  }
  return low
}

async function atriumSchema() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atrium-graphql-bench-'))
  try {
    const settings = parseSettings({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PAYLOAD_SECRET: 'b'.repeat(40),
      LOG_LEVEL: 'silent',
    })
    return configToSchema(await buildAtriumConfig({ settings }))
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

type RulesFor = ReturnType<typeof configToSchema>['validationRules']

// What Payload's handler does per request: graphql-http's defaults, then Payload's rules built from
// the operation's arguments (the complexity rule reads the variables).
function validateLikePayload(schema: GraphQLSchema, rulesFor: RulesFor, document: DocumentNode, body: Body) {
  const args = {
    schema,
    document,
    operationName: body.operationName,
    variableValues: body.variables ?? {},
    contextValue: {},
  }
  const rules: ValidationRule[] = [...specifiedRules, ...rulesFor(args)]
  return validate(schema, document, rules)
}

/** Wall time, and the CPU time of this process, which other processes on the machine do not inflate. */
interface Timing {
  wall: number
  cpu: number
}

function timed(run: () => void): Timing {
  const cpu = process.cpuUsage()
  const start = performance.now()
  run()
  const wall = performance.now() - start
  const used = process.cpuUsage(cpu)
  return { wall, cpu: (used.user + used.system) / 1000 }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1)

const abbreviate = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text)

function outcome(errors: readonly GraphQLError[]): string {
  if (errors.length === 0) return 'valid'
  return `${errors.length} error${errors.length > 1 ? 's' : ''}: ${abbreviate(errors[0]?.message ?? '')}`
}

const { schema, validationRules } = await atriumSchema()
const rows: string[][] = []
let worst = 0
for (const shape of SHAPES) {
  const options: GraphqlGuardOptions = shape.withSchema ? { limits, schema } : { limits }
  let n = shape.fixed ? 1 : largestAccepted(shape, options)
  // A shape the schema-aware guard refuses at any size: time that refusal on the largest body the
  // limits alone let through.
  const countOnly = { limits: { ...limits, maxUncheckedVariableValues: limits.maxVariableValues } }
  if (n === undefined && shape.withSchema) n = largestAccepted(shape, countOnly)
  if (n === undefined) {
    const why = refusal(shape.build(1), options)?.message ?? ''
    rows.push([shape.name, '—', '', '', '', '', '', '', '', `refused at n = 1: ${abbreviate(why)}`])
    continue
  }
  const body = shape.build(n)
  const refused = refusal(body, options)
  if (refused && shape.fixed) throw new Error(`${shape.name} must pass the guard: ${refused.message}`)
  const inspection = inspectGraphqlRequest(body, refused ? countOnly : options)
  const guard: number[] = []
  const validation: Timing[] = []
  let errors: readonly GraphQLError[] = []
  // Shapes that take seconds (the unguarded ones) stop after a few runs.
  const started = performance.now()
  for (let i = 0; i < runs + 3 && (i < 6 || performance.now() - started < 5_000); i++) {
    const guardTime = timed(() => refusal(body, options))
    if (!refused) {
      const document = parse(body.query)
      const validateTime = timed(() => (errors = validateLikePayload(schema, validationRules, document, body)))
      if (i >= 3) validation.push(validateTime)
    }
    if (i >= 3) guard.push(guardTime.cpu) // the first three warm up
  }
  const cpu = validation.map((timing) => timing.cpu)
  const wall = validation.map((timing) => timing.wall)
  if (!refused) worst = Math.max(worst, ...cpu)
  rows.push([
    shape.name,
    shape.fixed ? '' : String(n),
    String(Buffer.byteLength(body.query) + Buffer.byteLength(JSON.stringify(body.variables ?? {}))),
    String(inspection.fields),
    ms(median(guard)),
    ...(refused
      ? ['—', '—', '—', '—']
      : [ms(median(cpu)), ms(Math.max(...cpu)), ms(median(wall)), ms(Math.max(...wall))]),
    refused ? `refused by the guard: ${abbreviate(refused.message.replace(/^.*?: /, ''))}` : outcome(errors),
  ])
}

const header = [
  'shape',
  'n',
  'bytes (query + variables)',
  'fields',
  'guard CPU ms',
  'validate CPU median',
  'validate CPU max',
  'wall median',
  'wall max',
  'result',
]
const table = [header, header.map(() => '---'), ...rows]
console.log(table.map((row) => `| ${row.join(' | ')} |`).join('\n'))
console.log(
  `\nslowest validation: ${ms(worst)} ms of CPU (${runs} warm runs per shape, node ${process.version}). ` +
    'CPU time is what a request costs the process; wall time adds whatever else the machine runs.',
)
