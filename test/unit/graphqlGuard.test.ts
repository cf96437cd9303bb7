import { buildSchema, getIntrospectionQuery } from 'graphql'
import { HttpError } from '../../src/http/errors'
import {
  DEFAULT_GRAPHQL_LIMITS,
  inspectGraphqlRequest,
  type GraphqlGuardOptions,
  type GraphqlInspection,
} from '../../src/http/graphqlGuard'

// Generous: the guard answers in well under a millisecond; this only catches exponential work.
const QUICK_MS = 50

function refusalOf(body: unknown, options?: GraphqlGuardOptions): HttpError {
  try {
    inspectGraphqlRequest(body, options)
  } catch (err) {
    if (err instanceof HttpError) return err
    throw err
  }
  throw new Error('expected the request to be refused')
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now()
  const result = run()
  return { result, ms: performance.now() - start }
}

const inspect = (
  query: string,
  options?: GraphqlGuardOptions,
  extra: Record<string, unknown> = {},
): GraphqlInspection => inspectGraphqlRequest({ query, ...extra }, options)

/**
 * F0 selects one field; every further fragment spreads the previous one twice, so the query
 * expands to 2^levels fields. `aliased` adds two aliased fields per level, which GraphQL cannot
 * merge away: 3·2^levels − 2 fields and 2^(levels+1) − 2 aliases.
 */
function fragmentBomb(levels: number, aliased = false): string {
  const fragments = ['fragment F0 on Query { __typename }']
  for (let i = 1; i <= levels; i++) {
    const previous = `...F${i - 1}`
    const body = aliased ? `a: __typename ${previous} b: __typename ${previous}` : `${previous} ${previous}`
    fragments.push(`fragment F${i} on Query { ${body} }`)
  }
  return `query { ...F${levels} }\n${fragments.join('\n')}`
}

const nested = (depth: number) => `${'{ a '.repeat(depth)}${'}'.repeat(depth)}`

function aliasedLogins(count: number): string {
  const logins = Array.from({ length: count }, (_, i) => `l${i}: loginUser(email: $e, password: $p) { exp }`)
  return `mutation ($e: String, $p: String) { ${logins.join(' ')} }`
}

describe('inspectGraphqlRequest', () => {
  describe('fragment bombs', () => {
    it.each([30, 60])('refuses a %i-level doubling bomb quickly, without expanding it', (levels) => {
      const query = fragmentBomb(levels)
      expect(Buffer.byteLength(query)).toBeLessThan(DEFAULT_GRAPHQL_LIMITS.maxBytes)
      const { result: err, ms } = timed(() => refusalOf({ query }))
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toMatch(/field selections once fragments are expanded exceed the limit of 2000/)
      expect(ms).toBeLessThan(QUICK_MS)
    })

    it.each([30, 60])('refuses a %i-level bomb of aliased fields quickly', (levels) => {
      const { result: err, ms } = timed(() => refusalOf({ query: fragmentBomb(levels, true) }))
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(ms).toBeLessThan(QUICK_MS)
    })

    it('counts the expansion exactly, as a sum rather than by expanding', () => {
      expect(inspect(fragmentBomb(10))).toMatchObject({ fields: 1024, aliases: 0, depth: 1 })
      expect(inspect(fragmentBomb(3, true), { limits: { maxAliases: 100 } })).toMatchObject({ fields: 22, aliases: 14 })
    })

    it('names the count, and stops counting at 2^53', () => {
      expect(refusalOf({ query: fragmentBomb(30) }).message).toContain(`${2 ** 30} field selections`)
      expect(refusalOf({ query: fragmentBomb(60) }).message).toContain(`more than ${Number.MAX_SAFE_INTEGER}`)
      const limits = { maxTokens: 100_000, maxBytes: 1_000_000 }
      expect(refusalOf({ query: fragmentBomb(2_000) }, { limits }).message).toContain(
        `more than ${Number.MAX_SAFE_INTEGER}`,
      )
    })
  })

  describe('fragment cycles', () => {
    it('refuses a fragment that spreads itself', () => {
      const err = refusalOf({ query: 'query { ...A } fragment A on Query { ...A }' })
      expect(err).toMatchObject({ status: 400, id: 'graphql_fragment_cycle' })
      expect(err.message).toContain('fragment A spreads itself: A → A')
    })

    it('refuses fragments that spread each other, through fields and inline fragments', () => {
      const err = refusalOf({
        query: `query { ...A }
          fragment A on Query { x { ... on Query { ...B } } }
          fragment B on Query { ...C }
          fragment C on Query { y { ...A } }`,
      })
      expect(err).toMatchObject({ status: 400, id: 'graphql_fragment_cycle' })
      expect(err.message).toContain('A → B → C → A')
    })

    it('refuses a cycle among fragments no operation uses', () => {
      const err = refusalOf({ query: '{ __typename } fragment A on Query { ...B } fragment B on Query { ...A }' })
      expect(err.id).toBe('graphql_fragment_cycle')
    })
  })

  describe('depth', () => {
    it('refuses nesting over the limit, naming both', () => {
      const err = refusalOf({ query: nested(40) })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toContain('depth 40 exceeds the limit of 15')
    })

    it('allows the limit exactly', () => {
      expect(inspect(nested(15)).depth).toBe(15)
      expect(refusalOf({ query: nested(16) }).message).toContain('depth 16 exceeds')
    })

    it('counts depth through fragments', () => {
      const fragments = Array.from({ length: 20 }, (_, i) => `fragment F${i + 1} on Query { a { ...F${i} } }`)
      const query = `{ ...F20 } fragment F0 on Query { b } ${fragments.join(' ')}`
      expect(refusalOf({ query }).message).toContain('depth 21 exceeds')
    })

    it('refuses nesting too deep for the parser with a 400 rather than a stack overflow', () => {
      const limits = { maxBytes: Infinity, maxTokens: Infinity }
      const err = refusalOf({ query: nested(100_000) }, { limits })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
    })
  })

  describe('root field counts', () => {
    const countRootFields = ['loginUser', 'forgotPasswordUser']
    const generous = { maxAliases: 1_000, maxTokens: 10_000, maxBytes: 100_000 }

    it('counts 200 aliased sign-ins as 200', () => {
      const inspection = inspect(aliasedLogins(200), { limits: generous, countRootFields })
      expect(inspection.operationType).toBe('mutation')
      expect(inspection.aliases).toBe(200)
      expect(inspection.rootFieldCounts).toEqual(
        new Map([
          ['loginUser', 200],
          ['forgotPasswordUser', 0],
        ]),
      )
    })

    it('refuses more aliases than the limit', () => {
      expect(inspect(aliasedLogins(30), { countRootFields }).rootFieldCounts.get('loginUser')).toBe(30)
      const err = refusalOf({ query: aliasedLogins(31) }, { countRootFields })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toContain('31 aliased fields once fragments are expanded exceed the limit of 30')
      expect(refusalOf({ query: aliasedLogins(200) }).id).toBe('graphql_too_complex')
    })

    it('counts fields reached through fragments, each response key once', () => {
      const query = `mutation { ...Guesses ...Guesses ... on Mutation { loginUser(email: "a", password: "b") { exp } } }
        fragment Guesses on Mutation {
          one: loginUser(email: "a", password: "c") { exp }
          two: loginUser(email: "a", password: "d") { exp }
          forgotPasswordUser(email: "a")
          forgotPasswordUser(email: "a")
        }`
      expect(inspect(query, { countRootFields }).rootFieldCounts).toEqual(
        new Map([
          ['loginUser', 3],
          ['forgotPasswordUser', 1],
        ]),
      )
    })

    it('counts only the operation that runs, and only at the root', () => {
      const query = `query Me { meUser { user { id } } }
        mutation SignIn { loginUser(email: "a", password: "b") { user { loginUser: id } } }`
      const signIn = inspect(query, { countRootFields }, { operationName: 'SignIn' })
      expect(signIn).toMatchObject({ operationType: 'mutation', operationName: 'SignIn' })
      expect(signIn.rootFieldCounts.get('loginUser')).toBe(1)
      const me = inspect(query, { countRootFields }, { operationName: 'Me' })
      expect(me).toMatchObject({ operationType: 'query', operationName: 'Me' })
      expect(me.rootFieldCounts.get('loginUser')).toBe(0)
    })
  })

  describe('ordinary requests', () => {
    it.each([
      ['default', {}],
      [
        'every option',
        {
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          schemaDescription: true,
          inputValueDeprecation: true,
          oneOf: true,
        },
      ],
    ])("passes graphql's introspection query (%s)", (_label, options) => {
      const inspection = inspect(getIntrospectionQuery(options), {}, { operationName: 'IntrospectionQuery' })
      expect(inspection).toMatchObject({ operationType: 'query', operationName: 'IntrospectionQuery', depth: 15 })
    })

    it('passes a query with variables and fragments', () => {
      const query = `query Posts($limit: Int, $where: Post_where) {
          Posts(limit: $limit, where: $where) { docs { ...PostFields author { ...UserFields } } totalDocs }
        }
        fragment PostFields on Post { id title updatedAt }
        fragment UserFields on User { id email }`
      const inspection = inspect(query, {}, { variables: { limit: 10, where: null }, operationName: null })
      expect(inspection).toMatchObject({ operationType: 'query', operationName: 'Posts', depth: 4, fields: 9 })
      expect(inspection.rootFieldCounts.size).toBe(0)
    })

    it('applies given limits one by one, keeping the defaults for the rest', () => {
      expect(refusalOf({ query: nested(4) }, { limits: { maxDepth: 3 } }).message).toContain('limit of 3')
      expect(inspect(nested(4), { limits: { maxDepth: undefined } }).depth).toBe(4)
    })
  })

  describe('response keys repeated at one place', () => {
    const copies = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ')

    it('refuses more fields sharing a key than the limit, naming the key and the limit', () => {
      expect(inspect(`{ ${copies(5, () => 'Users { docs { id } }')} }`).fields).toBe(15)
      const err = refusalOf({ query: `{ ${copies(6, () => 'Users { docs { id } }')} }` })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toContain(
        'the response key "Users" is selected by 6 different fields at the top of the operation',
      )
      expect(err.message).toContain('more than the limit of 5')
    })

    it('counts aliases and fields differing in arguments under the key they share', () => {
      expect(refusalOf({ query: `{ ${copies(6, () => 'u: Users { totalDocs }')} }` }).message).toMatch(
        /key "u" is selected by 6 different fields .* limit of 5/,
      )
      const differing = `{ ${copies(6, (i) => `Users(limit: ${i + 1}) { totalDocs }`)} }`
      expect(refusalOf({ query: differing }).message).toMatch(/key "Users" is selected by 6 .* limit of 5/)
    })

    it('merges sibling fields first, as graphql does, so repeats multiply level by level', () => {
      // 2 × 3 = 6 `docs` meet under the merged `Users`, though no selection set holds more than 3
      const query = `{ ${copies(2, () => `Users { ${copies(3, () => 'docs { id }')} }`)} }`
      const err = refusalOf({ query })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toContain('the response key "docs" is selected by 6 different fields at Users ')
      const deeper = `{ Users { docs { ${copies(2, () => 'sessions { id }')} } docs { ${copies(4, () => 'sessions { id }')} } } }`
      expect(refusalOf({ query: deeper }).message).toContain(
        '"sessions" is selected by 6 different fields at Users.docs',
      )
    })

    it('expands fragments and inline fragments, counting a fragment spread twice once', () => {
      const fragments = copies(6, (i) => `fragment F${i} on Query { Users { totalDocs } }`)
      const spreads = `{ ${copies(6, (i) => `...F${i}`)} } ${fragments}`
      expect(refusalOf({ query: spreads }).message).toContain('"Users" is selected by 6 different fields')
      const inline = `{ ${copies(6, () => '... on Query { Users { totalDocs } }')} }`
      expect(refusalOf({ query: inline }).message).toContain('"Users" is selected by 6 different fields')
      // the same fields, spread again: graphql compares a field with itself at no cost
      const again = `{ ${copies(6, () => '...F')} Users { ...U } Users { ...U } } fragment F on Query { Users { ...U } } fragment U on Users { totalDocs }`
      expect(inspect(again).fields).toBe(16)
    })

    it('allows more plain leaves, which graphql compares cheaply, up to their own limit', () => {
      expect(inspect(`{ Users { docs { ${copies(32, () => 'id')} } } }`).fields).toBe(34)
      const err = refusalOf({ query: `{ Users { docs { ${copies(33, () => 'id')} } } }` })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toContain('the response key "id" is selected by 33 different plain fields at Users.docs')
      expect(err.message).toContain('more than the limit of 32')
      // a leaf with arguments is compared argument by argument: the stricter limit
      expect(refusalOf({ query: `{ ${copies(6, () => 'initializedUser(x: 1)')} }` }).message).toMatch(
        /"initializedUser" is selected by 6 different fields .* limit of 5/,
      )
    })

    it('passes colocated fragments that repeat `id` and `__typename`', () => {
      const query = `query Screen {
          Users(limit: 10) { __typename docs { __typename id ...A ...B ...C ...D } totalDocs }
          meUser { __typename user { __typename id ...A ...B } }
        }
        fragment A on User { __typename id name }
        fragment B on User { __typename id email kind }
        fragment C on User { __typename id createdAt sessions { __typename id } }
        fragment D on User { __typename id updatedAt sessions { __typename id expiresAt } }`
      expect(inspect(query).operationName).toBe('Screen')
    })

    it('applies given limits', () => {
      const query = `{ ${copies(3, () => 'Users { totalDocs }')} }`
      expect(refusalOf({ query }, { limits: { maxKeyRepeats: 2 } }).message).toContain('limit of 2')
      expect(inspect(`{ ${copies(40, () => 'id')} }`, { limits: { maxLeafKeyRepeats: 40 } }).fields).toBe(40)
    })

    it('walks the places of a document quickly, however its fragments nest', () => {
      const chain = copies(30, (i) => `fragment C${i + 1} on User { ...C${i} }`)
      const query = (places: number) =>
        `{ Users { docs { ${copies(places, (i) => `f${i} { ...C30 }`)} } } } fragment C0 on User { id } ${chain}`
      const { result, ms } = timed(() => inspect(query(120)))
      expect(result.fields).toBe(242)
      expect(ms).toBeLessThan(QUICK_MS)
      // every place expands the whole chain: 31 spreads each, as graphql's rules walk them
      const err = refusalOf({ query: query(140) })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toContain('4340 fragment spreads once fragments are expanded exceed the limit of 4000')
    })
  })

  describe('fragments', () => {
    it('refuses more fragments than the limit, naming both', () => {
      const fragments = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => `...F${i}`).join(' ')} } ` +
        Array.from({ length: n }, (_, i) => `fragment F${i} on Query { a${i}: __typename }`).join(' ')
      expect(inspect(fragments(30)).aliases).toBe(30)
      const err = refusalOf({ query: fragments(33) }, { limits: { maxAliases: 100 } })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toContain('the document has 33 fragments, more than the limit of 32')
    })

    it('refuses a fragment no operation spreads, which graphql would compare and then refuse', () => {
      const err = refusalOf({
        query: `{ ...A } fragment A on Query { __typename } fragment B on Query { ${'Users { totalDocs } '.repeat(40)} }`,
      })
      expect(err).toMatchObject({ status: 400, id: 'invalid_graphql' })
      expect(err.message).toContain('fragment B is never used')
    })
  })

  describe('variables', () => {
    const where = 'query ($w: User_where) { Users(where: $w) { totalDocs } }'
    const ors = (n: number, equals: unknown = 1) => ({
      w: { OR: Array.from({ length: n }, () => ({ id: { equals } })) },
    })
    const schema = buildSchema(`
      type Query { Users(where: User_where): Users }
      type Users { totalDocs: Int }
      input User_where { id: User_id_operator, OR: [User_where] }
      input User_id_operator { equals: Int }
    `)

    it('refuses more values than the limit when it cannot check them, naming the limit', () => {
      // `w`, its OR list, and three values per item: two objects and a number
      expect(inspect(where, {}, { variables: ors(16) }).fields).toBe(2)
      const err = refusalOf({ query: where, variables: ors(17) })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toContain('the variables hold more than 50 values')
    })

    it('counts only the variables the operation declares, which are all graphql coerces', () => {
      const variables = { ...ors(1_000), other: Array.from({ length: 10_000 }, (_, i) => i) }
      expect(refusalOf({ query: where, variables }).message).toContain('more than 50 values')
      expect(inspect('{ Users { totalDocs } }', {}, { variables }).fields).toBe(2)
    })

    it('counts deeply nested variables without overflowing the stack', () => {
      let deep: unknown = 1
      for (let i = 0; i < 100_000; i++) deep = { OR: [deep] }
      expect(refusalOf({ query: where, variables: { w: deep } }).message).toContain('more than 50 values')
      // counted to the bottom, 200 001 values deep
      const limits = { maxUncheckedVariableValues: 200_001 }
      expect(inspect(where, { limits }, { variables: { w: deep } }).fields).toBe(2)
      expect(
        refusalOf({ query: where, variables: { w: deep } }, { limits: { maxUncheckedVariableValues: 200_000 } })
          .message,
      ).toContain('more than 200000 values')
    })

    it('given the schema, allows more values and refuses the first that does not fit its type', () => {
      expect(inspect(where, { schema }, { variables: ors(332) }).fields).toBe(2)
      expect(refusalOf({ query: where, variables: ors(333) }, { schema }).message).toContain(
        'the variables hold more than 1000 values',
      )
      const err = refusalOf({ query: where, variables: ors(332, 'x') }, { schema })
      expect(err).toMatchObject({ status: 400, id: 'invalid_graphql' })
      expect(err.message).toContain('Variable "$w" got invalid value "x" at "w.OR[0].id.equals"')
    })
  })

  describe('size', () => {
    it('refuses a document over maxBytes, counting UTF-8 bytes', () => {
      const err = refusalOf({ query: `{ __typename } # ${'é'.repeat(11_000)}` })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toMatch(/the document is \d+ bytes, more than the limit of 20480/)
    })

    it('refuses a flood of 100k tokens quickly', () => {
      const query = `{ ${'a '.repeat(100_000)}}`
      const { result: err, ms } = timed(() => refusalOf({ query }))
      expect(err.message).toContain('bytes, more than the limit')
      expect(ms).toBeLessThan(QUICK_MS)
      const unlimited = timed(() => refusalOf({ query }, { limits: { maxBytes: Infinity } }))
      expect(unlimited.result.message).toContain('more than 1000 tokens')
      expect(unlimited.ms).toBeLessThan(QUICK_MS)
    })

    it('refuses more tokens than the limit within maxBytes', () => {
      const err = refusalOf({ query: `{ ${'a '.repeat(9_000)}}` })
      expect(err).toMatchObject({ status: 400, id: 'graphql_too_complex' })
      expect(err.message).toContain('more than 1000 tokens')
    })

    it('refuses too many operations', () => {
      const operations = Array.from({ length: 11 }, (_, i) => `query Q${i} { __typename }`).join(' ')
      const err = refusalOf({ query: operations, operationName: 'Q0' })
      expect(err.message).toContain('11 operations, more than the limit of 10')
    })
  })

  describe('malformed requests', () => {
    it.each([
      ['null', null],
      ['a string', '{ __typename }'],
      ['a number', 42],
      ['a batch', [{ query: '{ __typename }' }]],
      ['no query', {}],
      ['a query that is not a string', { query: 1 }],
      ['variables that are a list', { query: '{ __typename }', variables: [] }],
      ['an operationName that is not a string', { query: '{ __typename }', operationName: 5 }],
      ['extensions that are not an object', { query: '{ __typename }', extensions: 'x' }],
    ])('refuses %s with 400', (_label, body) => {
      expect(refusalOf(body)).toMatchObject({ status: 400, id: 'invalid_graphql' })
    })

    it('says batches are not supported', () => {
      expect(refusalOf([]).message).toContain('batched requests')
    })

    it('refuses a syntax error, saying where', () => {
      const err = refusalOf({ query: '{\n  a(' })
      expect(err).toMatchObject({ status: 400, id: 'graphql_syntax_error' })
      expect(err.message).toContain('line 2, column 5')
    })

    it.each([
      ['an unknown fragment', '{ ...Nope }', 'fragment Nope is spread but not defined'],
      ['a fragment defined twice', '{ ...A } fragment A on Query { a } fragment A on Query { b }', 'more than once'],
      ['a type definition', '{ a } type Query { a: Int }', 'not a ObjectTypeDefinition'],
      ['no operation', 'fragment A on Query { a }', 'no operation'],
      ['two operations and no name', 'query A { a } query B { b }', '"operationName" must name'],
    ])('refuses %s', (_label, query, message) => {
      const err = refusalOf({ query })
      expect(err).toMatchObject({ status: 400, id: 'invalid_graphql' })
      expect(err.message).toContain(message)
    })

    it('refuses an operationName the document does not define', () => {
      expect(refusalOf({ query: 'query A { a }', operationName: 'B' }).message).toContain('no operation named "B"')
    })
  })
})
