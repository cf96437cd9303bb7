import { createMongoAbility, subject } from '@casl/ability'
import {
  compileRule,
  ruleProblems,
  type FieldKind,
  type StoredRule,
  type SubjectCatalogue,
} from '../../src/access/rules'

type FieldInfo = { kind: FieldKind; many: boolean }

const catalogue: SubjectCatalogue = {
  idKind: 'number',
  subjects: new Map<string, Map<string, FieldInfo>>([
    [
      'media',
      new Map<string, FieldInfo>([
        ['id', { kind: 'id' as const, many: false }],
        ['tenant', { kind: 'id' as const, many: false }],
        ['alt', { kind: 'text' as const, many: false }],
        ['size', { kind: 'number' as const, many: false }],
      ]),
    ],
    [
      'users',
      new Map<string, FieldInfo>([
        ['id', { kind: 'id' as const, many: false }],
        ['memberships.tenant', { kind: 'id' as const, many: true }],
      ]),
    ],
  ]),
}

const rule = (overrides: Partial<StoredRule>): StoredRule => ({ action: 'read', subject: 'media', ...overrides })

describe('role rules', () => {
  describe('refused on save, naming the problem', () => {
    it.each([
      [
        rule({ conditions: [{ field: 'alt', operator: 'regex' as 'eq', value: '.*' }] }),
        /operator "regex" is not one of/,
      ],
      [rule({ subject: 'invoices' }), /subject "invoices" is not a collection/],
      [rule({ fields: ['secret'] }), /field "secret" does not exist in media/],
      [rule({ conditions: [{ field: 'owner', operator: 'eq', value: '1' }] }), /field "owner" does not exist/],
      [
        rule({ conditions: [{ field: 'tenant', operator: 'eq', value: '${user.nope}' }] }),
        /placeholder \$\{user\.nope\}/,
      ],
      [rule({ fields: ['__proto__'] }), /may not name __proto__/],
      [rule({ conditions: [{ field: 'constructor', operator: 'eq', value: 'x' }] }), /may not name/],
      [rule({ conditions: [{ field: 'alt', operator: 'eq', value: 'a.prototype' }] }), /may not name/],
      [rule({ conditions: [{ field: 'size', operator: 'gt', value: 'ten' }] }), /"ten" is not a number/],
      [
        rule({
          subject: 'users',
          inverted: true,
          conditions: [{ field: 'memberships.tenant', operator: 'eq', value: '1' }],
        }),
        /holds several values/,
      ],
      [
        rule({ subject: 'users', conditions: [{ field: 'memberships.tenant', operator: 'gt', value: '1' }] }),
        /holds several values/,
      ],
      [rule({ action: 'destroy' as 'read' }), /action "destroy"/],
      [
        rule({ subject: 'all', conditions: [{ field: 'id', operator: 'eq', value: '1' }] }),
        /all collections cannot name/,
      ],
    ])('%#: %o', (stored, problem) => {
      expect(ruleProblems(stored, catalogue).join('\n')).toMatch(problem)
    })

    it('accepts a well-formed rule', () => {
      expect(
        ruleProblems(
          rule({
            fields: ['alt'],
            conditions: [{ field: 'tenant', operator: 'in', value: '${user.tenantAndDescendants}' }],
          }),
          catalogue,
        ),
      ).toEqual([])
    })
  })

  describe('interpolation is strict', () => {
    const byTenant = rule({ conditions: [{ field: 'tenant', operator: 'eq', value: '${user.tenant}' }] })

    it('fills a placeholder with the user value', () => {
      const compiled = compileRule(byTenant, { 'user.tenant': 7 }, catalogue)
      expect(compiled).toEqual({
        action: 'read',
        subject: 'media',
        inverted: false,
        conditions: { tenant: { $eq: 7 } },
      })
    })

    it('drops an allowing rule whose placeholder has no value: it never matches documents without a tenant', () => {
      expect(compileRule(byTenant, {}, catalogue)).toBeUndefined()
      const ability = createMongoAbility([compileRule(byTenant, {}, catalogue)].filter((r) => r !== undefined))
      expect(ability.can('read', subject('media', { id: 1 }))).toBe(false)
    })

    it('turns a forbidding rule whose placeholder has no value into forbidding everything', () => {
      const forbid = compileRule({ ...byTenant, inverted: true }, {}, catalogue)
      expect(forbid).toEqual({ action: 'read', subject: 'media', inverted: true })
    })

    it('reads lists for in, and a one-element list where one value is expected', () => {
      const list = compileRule(
        rule({ conditions: [{ field: 'size', operator: 'in', value: '1, 2,3' }] }),
        {},
        catalogue,
      )
      expect(list?.conditions).toEqual({ size: { $in: [1, 2, 3] } })
      const fromPlaceholder = compileRule(byTenant, { 'user.tenant': [9] }, catalogue)
      expect(fromPlaceholder?.conditions).toEqual({ tenant: { $eq: 9 } })
      expect(compileRule(byTenant, { 'user.tenant': [1, 2] }, catalogue)).toBeUndefined()
    })

    it('builds conditions on objects without a prototype chain to pollute', () => {
      const compiled = compileRule(rule({ conditions: [{ field: 'alt', operator: 'eq', value: 'x' }] }), {}, catalogue)
      expect(Object.getPrototypeOf(compiled?.conditions)).toBe(Object.prototype)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })
  })
})
