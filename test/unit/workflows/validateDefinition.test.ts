import { EXAMPLE_TEMPLATES, purchaseApprovalInput } from '../../../src/workflows/examples'
import { validateDefinition } from '../../../src/workflows/validate'

const catalogue = { templates: EXAMPLE_TEMPLATES }
type Json = Record<string, unknown> & { states: Record<string, unknown>[] }
/** A copy of the purchase approval with `change` applied to it. */
function edited(change: (definition: Json) => void): Json {
  const copy = structuredClone(purchaseApprovalInput) as unknown as Json
  change(copy)
  return copy
}
const state = (definition: Json, key: string) => definition.states.find((s) => s.key === key)!
const problemsOf = (input: unknown) => {
  const result = validateDefinition(input, catalogue)
  return result.ok ? [] : result.problems
}

describe('validateDefinition', () => {
  it('accepts the purchase approval example', () => {
    expect(validateDefinition(purchaseApprovalInput, catalogue)).toMatchObject({ ok: true })
  })

  it('refuses malformed input with messages naming the state', () => {
    expect(problemsOf(null)).toHaveLength(1)
    const problems = problemsOf(
      edited((d) => {
        state(d, 'financeLead').policy = { kind: 'most' }
        state(d, 'route').kind = 'switch'
        state(d, 'approved').colour = 'green'
      }),
    )
    expect(problems).toEqual([
      expect.stringMatching(/^state "route"/),
      expect.stringMatching(/^state "financeLead" \(policy\.kind\)/),
      expect.stringMatching(/^state "approved".*colour/),
    ])
  })

  it('refuses an unknown action type, naming the state', () => {
    const problems = problemsOf(edited((d) => (state(d, 'draft').onEnter = [{ type: 'sendFax', to: '123' }])))
    expect(problems).toEqual([expect.stringMatching(/^state "draft" \(onEnter\.0\.type\)/)])
  })

  it('returns every semantic problem at once, each naming its state', () => {
    const problems = problemsOf(
      edited((d) => {
        state(d, 'accountManager').onApprove = 'nowhere'
        delete state(d, 'financeLead').onReject
        state(d, 'rejected').onEnter = [{ type: 'notify', template: 'no-such-template', to: ['requester'] }]
        state(d, 'route').branches = [{ when: [{ field: 'amount', operator: 'gt', value: 10_000 }], to: 'financeLead' }]
        d.states.push({ key: 'orphan', kind: 'final', outcome: 'done' })
        d.states.push({ key: 'draft', kind: 'final', outcome: 'done' })
      }),
    )
    expect(problems).toEqual(
      expect.arrayContaining([
        'state "draft": the key is used by more than one state',
        'state "accountManager": onApprove leads to "nowhere", which does not exist',
        'state "financeLead": an approval needs onReject (where a rejection leads)',
        'state "rejected": notify uses template "no-such-template", which does not exist',
        'state "route": the last branch must have no conditions (the default)',
        'state "orphan": no path from "draft" reaches it',
        // only accountManager's onApprove led there
        'state "approved": no path from "draft" reaches it',
      ]),
    )
    expect(problems).toHaveLength(7)
  })

  it('refuses an approval whose reject cannot happen (no reason codes)', () => {
    expect(problemsOf(edited((d) => (state(d, 'accountManager').rejectReasons = [])))).toEqual([
      'state "accountManager": a rejection needs a reason code, so rejectReasons must list at least one',
    ])
  })

  it('refuses a default branch that is not last, and conditions whose value does not fit the operator', () => {
    const problems = problemsOf(
      edited(
        (d) =>
          (state(d, 'route').branches = [
            { to: 'accountManager' },
            { when: [{ field: 'amount', operator: 'in', value: 5 }], to: 'financeLead' },
            { when: [{ field: '__proto__.x', operator: 'exists', value: 'yes' }], to: 'financeLead' },
          ]),
      ),
    )
    expect(problems).toEqual([
      'state "route": branch 1 has no conditions, so the branches after it are never taken',
      'state "route": condition on "amount": in takes a list',
      'state "route": condition on "__proto__.x": a field may not be named __proto__, constructor, prototype',
    ])
  })

  it("refuses an operator outside the role rules' allow-list", () => {
    const problems = problemsOf(
      edited(
        (d) =>
          (state(d, 'route').branches = [
            { when: [{ field: 'amount', operator: 'where', value: 'x' }], to: 'approved' },
            { to: 'approved' },
          ]),
      ),
    )
    expect(problems).toEqual([expect.stringMatching(/^state "route" \(branches\.0\.when\.0\.operator\)/)])
  })

  it('refuses a quorum of one, reminders after the due time, and a loop of decisions', () => {
    const problems = problemsOf(
      edited((d) => {
        state(d, 'accountManager').policy = { kind: 'quorum', n: 1 }
        ;(state(d, 'financeLead').sla as { reminders: string[] }).reminders = ['P3D']
        d.states.push({ key: 'loopA', kind: 'decision', branches: [{ to: 'loopB' }] })
        d.states.push({ key: 'loopB', kind: 'decision', branches: [{ to: 'loopA' }] })
        state(d, 'route').branches = [
          { when: [{ field: 'amount', operator: 'lt', value: 0 }], to: 'loopA' },
          { when: [{ field: 'amount', operator: 'gt', value: 10_000 }], to: 'financeLead' },
          { to: 'accountManager' },
        ]
      }),
    )
    expect(problems).toEqual([
      'state "financeLead": reminder P3D is not before the due time P2D',
      'state "accountManager": a quorum of 1 is the "any" policy; write that instead',
      'state "loopA": decisions lead back to themselves (loopA → loopB → loopA)',
    ])
  })

  it('refuses an unknown initial or cancel state', () => {
    expect(problemsOf(edited((d) => ((d.initial = 'start'), (d.cancel = 'draft'))))).toEqual(
      expect.arrayContaining(['initial state "start" does not exist', 'cancel state "draft" is not a final state']),
    )
  })

  it('refuses a condition given twice in a branch and a setField that is not a plain top-level name', () => {
    const gt = { field: 'amount', operator: 'gt', value: 1 }
    const problems = problemsOf(
      edited((d) => {
        state(d, 'route').branches = [{ when: [gt, { ...gt, value: 2 }], to: 'financeLead' }, { to: 'accountManager' }]
        state(d, 'approved').onEnter = [
          { type: 'setField', field: 'constructor', value: 1 },
          { type: 'setField', field: 'a.b', value: 1 },
        ]
      }),
    )
    expect(problems).toEqual([
      'state "route": branch 1 gives gt on "amount" twice',
      'state "approved": setField may not name __proto__, constructor, prototype',
      'state "approved": setField sets a top-level field by name, not "a.b"',
    ])
  })
})
