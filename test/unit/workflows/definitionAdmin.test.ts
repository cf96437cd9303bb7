import {
  addState,
  asDraft,
  changeKind,
  conditionValueFromText,
  keyProblem,
  renameState,
  scalarFromText,
  starterDefinition,
  textOfValue,
} from '../../../collections/WorkflowDefinitions/admin/definitionDraft'
import {
  ANY_OPEN_STATE,
  branchLabel,
  layoutDiagram,
  NODE_HEIGHT,
  NODE_WIDTH,
} from '../../../collections/WorkflowDefinitions/admin/diagramLayout'
import { simulationBody, testRunDefaults } from '../../../collections/WorkflowDefinitions/admin/testRunDefaults'
import { describeEffect, offsetText } from '../../../collections/WorkflowDefinitions/admin/testRunResult'
import { definitionSchema } from '../../../src/workflows/definition'
import { EXAMPLE_TEMPLATES, purchaseApproval, purchaseApprovalInput } from '../../../src/workflows/examples'
import { simulationInputSchema } from '../../../src/workflows/inputs'
import { simulate } from '../../../src/workflows/simulate'
import { validateDefinition } from '../../../src/workflows/validate'

const catalogue = { templates: EXAMPLE_TEMPLATES }

describe('the structured definition editor’s edits', () => {
  it('starts a new workflow from a definition the save accepts', () => {
    expect(validateDefinition(starterDefinition(), catalogue)).toMatchObject({ ok: true })
  })

  it('adds states whose targets exist, keyed after their kind', () => {
    let definition = starterDefinition()
    for (const kind of ['approval', 'decision', 'form', 'final', 'approval'] as const)
      definition = addState(definition, kind)
    expect(definition.states.map((state) => state.key)).toEqual([
      'draft',
      'done',
      'approval',
      'decision',
      'form',
      'end',
      'approval2',
    ])
    // Every shape holds; what remains are the whole-definition problems (nothing reaches the new states).
    expect(definitionSchema.safeParse(definition).success).toBe(true)
  })

  it('renames a state and every reference to it', () => {
    const renamed = renameState(purchaseApprovalInput, 1, 'routing')
    const text = JSON.stringify(renamed)
    expect(text).not.toContain('"route"')
    expect(renamed.states.find((s) => s.key === 'draft')).toMatchObject({ onSubmit: 'routing' })
    expect(renamed.states.find((s) => s.key === 'changesRequested')).toMatchObject({ onSubmit: 'routing' })
    const first = renameState(purchaseApprovalInput, 0, 'start')
    expect(first.initial).toBe('start')
    expect(renameState(purchaseApprovalInput, 7, 'withdrawn').cancel).toBe('withdrawn')
    expect(validateDefinition(renamed, catalogue)).toMatchObject({ ok: true })
  })

  it('refuses a key that is malformed or taken before renaming anything', () => {
    expect(keyProblem(purchaseApprovalInput, 1, 'draft')).toBe('Another state has this key')
    expect(keyProblem(purchaseApprovalInput, 1, '1route')).toMatch(/a letter/)
    expect(keyProblem(purchaseApprovalInput, 1, '')).toMatch(/a letter/)
    expect(keyProblem(purchaseApprovalInput, 1, 'route')).toBeUndefined()
  })

  it('changes a kind keeping the key and the entry actions', () => {
    const changed = changeKind(purchaseApprovalInput, 6, 'form')
    expect(changed.states[6]).toEqual({
      key: 'rejected',
      kind: 'form',
      onSubmit: 'draft',
      onEnter: purchaseApprovalInput.states[6]!.onEnter,
    })
  })

  it('shows only JSON shaped like a definition as fields', () => {
    expect(asDraft(purchaseApprovalInput)).toBe(purchaseApprovalInput)
    expect(asDraft(null)).toBeUndefined()
    expect(asDraft([])).toBeUndefined()
    expect(asDraft({ states: 'x' })).toBeUndefined()
    expect(asDraft({ states: [{ key: 'a', kind: 'wizard' }] })).toBeUndefined()
  })

  it('types condition values: lists for in and nin, booleans for exists, numbers as numbers', () => {
    expect(conditionValueFromText('gt', '10000')).toBe(10000)
    expect(conditionValueFromText('eq', ' CH ')).toBe(' CH ')
    expect(conditionValueFromText('in', 'CH, DE, 3')).toEqual(['CH', 'DE', 3])
    expect(conditionValueFromText('exists', 'false')).toBe(false)
    expect(scalarFromText('null')).toBeNull()
    expect(scalarFromText('1e3')).toBe('1e3')
    expect(textOfValue(['CH', 3])).toBe('CH, 3')
    expect(textOfValue(true)).toBe('true')
  })
})

describe('the diagram layout', () => {
  const layout = layoutDiagram(purchaseApprovalInput)
  const node = (key: string) => layout.nodes.find((n) => n.key === key)!

  it('puts states in rows by distance from the initial state, unreached ones last', () => {
    const rows = Object.fromEntries(layout.nodes.map((n) => [n.key, n.row]))
    expect(rows).toEqual({
      draft: 0,
      route: 1,
      financeLead: 2,
      accountManager: 2,
      changesRequested: 3,
      approved: 3,
      rejected: 3,
      '*': 4,
      cancelled: 4,
    })
    expect(node('draft').initial).toBe(true)
    expect(node('approved')).toMatchObject({ kind: 'final', outcome: 'approved', caption: 'final · approved' })
    expect(node('financeLead').caption).toBe('approval · any · SLA P2D')
  })

  it('never puts two states on one spot, nor a label on a state or another label, and keeps all inside', () => {
    const spots = new Set(layout.nodes.map((n) => `${n.x},${n.y}`))
    expect(spots.size).toBe(layout.nodes.length)
    for (const n of layout.nodes) {
      expect(n.x - NODE_WIDTH / 2).toBeGreaterThan(0)
      expect(n.x + NODE_WIDTH / 2).toBeLessThan(layout.width)
      expect(n.y + NODE_HEIGHT / 2).toBeLessThan(layout.height)
    }
    const labels = layout.edges.map((e) => `${e.labelX},${e.labelY}`)
    expect(new Set(labels).size).toBe(labels.length)
    for (const e of layout.edges) {
      const onState = layout.nodes.some(
        (n) => Math.abs(n.x - e.labelX) < NODE_WIDTH / 2 && Math.abs(n.y - e.labelY) < NODE_HEIGHT / 2,
      )
      expect(onState).toBe(false)
      // Every path stays inside the drawing.
      for (const x of e.path
        .match(/-?[\d.]+/g)!
        .map(Number)
        .filter((_, i) => i % 2 === 0)) {
        expect(x).toBeGreaterThanOrEqual(0)
        expect(x).toBeLessThanOrEqual(layout.width)
      }
    }
  })

  it('labels every transition: submit, branch conditions, approve, reject, changes and cancel', () => {
    const labels = (from: string) => layout.edges.filter((e) => e.from === from).map((e) => `${e.label}→${e.to}`)
    expect(labels('draft')).toEqual(['submit→route'])
    expect(labels('route')).toEqual(['amount > 10000→financeLead', 'otherwise→accountManager'])
    expect(labels('financeLead')).toEqual([
      'approve→accountManager',
      'reject→rejected',
      'request changes→changesRequested',
    ])
    expect(labels('approved')).toEqual([])
    // Cancel leads from every open state: drawn once, from a marker beside the cancel state.
    expect(labels(ANY_OPEN_STATE)).toEqual(['cancel→cancelled'])
    expect(layout.nodes.find((n) => n.key === ANY_OPEN_STATE)).toMatchObject({ kind: 'any', row: 4 })
    expect(layout.edges.every((e) => /^M[\d.]+ [\d.]+ C/.test(e.path))).toBe(true)
  })

  it('routes a transition back to an earlier row round a lane on the nearer side', () => {
    const back = layout.edges.find((e) => e.from === 'changesRequested')!
    expect(back.to).toBe('route')
    const xs = back.path
      .match(/[\d.]+/g)!
      .map(Number)
      .filter((_, i) => i % 2 === 0)
    // changesRequested is the leftmost state of its row: its lane is left of every state.
    expect(Math.min(...xs)).toBeLessThan(Math.min(...layout.nodes.map((n) => n.x - NODE_WIDTH / 2)))
  })

  it('draws a target that does not exist as a labelled stub instead of failing', () => {
    const broken = layoutDiagram({ initial: 'a', key: 'x', states: [{ key: 'a', kind: 'form', onSubmit: 'gone' }] })
    expect(broken.edges).toEqual([expect.objectContaining({ to: 'gone', dangling: true, label: 'submit → gone?' })])
    // Its label lies inside the drawing, right of the stub.
    const [edge] = broken.edges
    expect(edge!.labelX + ('submit → gone?'.length * 6.2) / 2).toBeLessThan(broken.width)
    expect(layoutDiagram({ initial: 'nowhere', key: 'x', states: [] }).nodes).toEqual([])
  })

  it('words conditions the way staff read them', () => {
    expect(branchLabel([{ field: 'country', operator: 'in', value: ['CH', 'DE'] }])).toBe('country in ["CH", "DE"]')
    expect(branchLabel([{ field: 'po', operator: 'exists', value: false }])).toBe('po missing')
    expect(
      branchLabel([
        { field: 'a', operator: 'gte', value: 1 },
        { field: 'b', operator: 'ne', value: 'x' },
      ]),
    ).toBe('a ≥ 1 and b ≠ "x"')
  })
})

describe('the test run’s default inputs', () => {
  it('run the purchase approval through both approvals, a reminder and a stale breach timer', () => {
    const inputs = testRunDefaults(purchaseApprovalInput)
    expect(JSON.parse(inputs.sampleData)).toEqual({ amount: 20000 })
    expect(inputs.candidates.map((c) => `${c.id}:${c.role}:${c.scope}:${c.limit}`)).toEqual([
      'finance-lead-1:finance-lead:client:unlimited',
      'cfo-1:cfo:client:unlimited',
      'account-manager-1:account-manager:vendor:',
    ])
    const body = simulationBody(purchaseApprovalInput, inputs)
    if (!body.ok) throw new Error(body.message)
    const parsed = simulationInputSchema.parse(body.body)
    const result = simulate(purchaseApproval, parsed.sampleData, parsed.script, parsed.candidates, parsed)
    expect(result.path).toEqual(['draft', 'route', 'financeLead', 'accountManager', 'approved'])
    expect(result.steps.every((step) => !step.refusal)).toBe(true)
    expect(result.timeline.map((t) => `${t.timer}:${t.outcome}`)).toEqual(['reminder:fired', 'breach:ignored'])
    expect(result.effects.some(({ effect }) => effect.type === 'action' && effect.action.type === 'createTask')).toBe(
      true,
    )
  })

  it('approve a quorum step as many times as it needs', () => {
    const definition = addState(starterDefinition(), 'approval')
    const approval = definition.states[2]!
    if (approval.kind !== 'approval') throw new Error('not an approval')
    approval.policy = { kind: 'quorum', n: 3 }
    definition.states[0] = { key: 'draft', kind: 'form', onSubmit: 'approval' }
    const inputs = testRunDefaults(definition)
    expect(inputs.script.map((row) => `${row.actor}:${row.event}`)).toEqual([
      'requester:submit',
      'approver-1:approve',
      'approver-2:approve',
      'approver-3:approve',
    ])
  })

  it('refuses sample data that is not a JSON object, and a limit that is not a number', () => {
    const inputs = testRunDefaults(purchaseApprovalInput)
    expect(simulationBody({}, { ...inputs, sampleData: '{amount: 1' })).toEqual({
      ok: false,
      message: 'Sample data is not valid JSON',
    })
    expect(simulationBody({}, { ...inputs, sampleData: '[1]' })).toMatchObject({ ok: false })
    const candidates = [{ id: 'x', role: 'r', scope: 'client' as const, limit: 'lots' }]
    expect(simulationBody({}, { ...inputs, candidates })).toEqual({
      ok: false,
      message: 'The limit of x is not a number or "unlimited"',
    })
  })
})

describe('the test run’s answer in words', () => {
  it('writes times as offsets from the start', () => {
    const start = '2026-01-05T09:00:00.000Z'
    expect(offsetText(start, start)).toBe('+0m')
    expect(offsetText(start, '2026-01-05T11:05:00.000Z')).toBe('+2h 05m')
    expect(offsetText(start, '2026-01-06T11:05:00.000Z')).toBe('+1d 2h 05m')
  })

  it('writes each kind of effect as one line', () => {
    expect(
      describeEffect({
        type: 'action',
        state: 'approved',
        action: { type: 'createTask', title: 'Place the order', assignee: { role: 'am', scope: 'vendor' }, due: 'P1D' },
      }),
    ).toBe('task "Place the order" for am (vendor), due in P1D')
    expect(describeEffect({ type: 'notify', reason: 'reminder', state: 's', users: ['a', 'b'] })).toBe(
      'notify a, b (reminder)',
    )
    expect(
      describeEffect({
        type: 'history',
        entry: { actor: 'd', onBehalfOf: 'p', action: 'reject', state: 's', reason: 'late', at: '' },
      }),
    ).toBe('d for p: reject in s (late)')
  })
})
