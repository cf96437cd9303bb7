/**
 * conditionSubject hands CASL only the fields the rules' conditions read. A field check on it must
 * decide exactly as on the whole document: random rule sets (allow and forbid, field-restricted,
 * `manage` and `all`, nested paths, NULLs, missing keys, every operator a role may use and some it
 * may not) against random documents, every field, compared with CASL on a full copy.
 */
import { createMongoAbility, subject, type MongoAbility, type RawRuleOf } from '@casl/ability'
import { conditionSubject } from '../../src/access/conditionSubject'
import { getTestSettings } from '../../src/config/settings'
import { prng } from '../harness/random'

type Rule = RawRuleOf<MongoAbility>

const SLUG = 'records'
const FIELDS = ['title', 'status', 'count', 'tenant', 'data', 'owner', 'flag']
const VALUES: Record<string, unknown[]> = {
  title: ['alpha', 'beta', ''],
  status: ['open', 'done'],
  count: [-1, 0, 2, 5],
  tenant: [1, 2, 3],
  data: [{ kind: 'a', n: 1 }, { kind: 'b' }, {}],
  owner: [7, 8],
  flag: [true, false],
}
const PATHS = [...FIELDS.filter((field) => field !== 'data'), 'data.kind', 'data.n']
const OPERATORS = ['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte', '$exists', '$regex']

function generator(random: () => number) {
  const chance = (p: number) => random() < p
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const valueFor = (path: string): unknown => {
    if (path === 'data.kind') return pick(['a', 'b', null])
    if (path === 'data.n') return pick([0, 1, null])
    return chance(0.15) ? null : pick(VALUES[path]!)
  }
  const condition = (path: string): unknown => {
    const op = pick(OPERATORS)
    if (op === '$exists') return { $exists: chance(0.5) }
    if (op === '$regex') return { $regex: '^a' }
    if (op === '$in' || op === '$nin') return { [op]: [valueFor(path), valueFor(path)] }
    const value = valueFor(path)
    // CASL compares only numbers, text and dates by order.
    const comparable = typeof value === 'number' || typeof value === 'string'
    return { [op]: op === '$eq' || op === '$ne' || comparable ? value : 1 }
  }
  const rule = (): Rule => {
    const conditions: Record<string, unknown> = {}
    for (let i = chance(0.2) ? 0 : 1 + Math.floor(random() * 3); i > 0; i--) {
      const path = pick(PATHS)
      conditions[path] = condition(path)
    }
    return {
      action: chance(0.8) ? 'read' : pick(['manage', 'update']),
      subject: chance(0.85) ? SLUG : pick(['all', 'other']),
      inverted: chance(0.35),
      ...(Object.keys(conditions).length ? { conditions } : {}),
      ...(chance(0.3) ? { fields: [pick(FIELDS), pick(FIELDS)] } : {}),
    } as Rule
  }
  const doc = () => {
    const fields: Record<string, unknown> = { id: 1 }
    for (const field of FIELDS) {
      if (chance(0.12)) continue // missing
      fields[field] = chance(0.12) ? null : pick(VALUES[field]!)
    }
    return fields
  }
  return { rules: () => Array.from({ length: 1 + Math.floor(random() * 4) }, rule), doc }
}

describe('conditionSubject', () => {
  it('decides every field as CASL does on the whole document', () => {
    const { rules, doc } = generator(prng(getTestSettings().propertySeed))
    let checks = 0
    let allowed = 0
    for (let set = 0; set < 400; set++) {
      const ability = createMongoAbility(rules())
      for (let d = 0; d < 20; d++) {
        const document = doc()
        for (const field of FIELDS) {
          const expected = ability.can('read', subject(SLUG, { ...document }), field)
          const actual = ability.can('read', conditionSubject(ability, 'read', SLUG, document), field)
          if (actual !== expected)
            throw new Error(
              `${field} of ${JSON.stringify(document)} under ${JSON.stringify(ability.rules)}: expected ${expected}`,
            )
          checks++
          if (expected) allowed++
        }
      }
    }
    // The generator must exercise both answers, or the comparison proves little.
    expect(checks).toBe(400 * 20 * FIELDS.length)
    expect(allowed / checks).toBeGreaterThan(0.1)
    expect(allowed / checks).toBeLessThan(0.9)
  })

  it('copies only the fields the conditions read, and leaves the document untouched', () => {
    const ability = createMongoAbility([
      { action: 'read', subject: SLUG, conditions: { tenant: { $in: [1] }, 'data.kind': 'a' } },
    ])
    const document = { id: 1, title: 'x', tenant: 1, data: { kind: 'a' } }
    const checked = conditionSubject(ability, 'read', SLUG, document)
    expect(Object.keys(checked).sort()).toEqual(['data', 'tenant'])
    expect(Object.getOwnPropertyNames(document).sort()).toEqual(['data', 'id', 'tenant', 'title'])
  })
})
