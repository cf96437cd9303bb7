import { definitionSchema } from '../../../src/workflows/definition'
import { purchaseApproval } from '../../../src/workflows/examples'
import { start, transition } from '../../../src/workflows/transition'
import {
  SYSTEM_ACTOR,
  type Actor,
  type Candidate,
  type Effect,
  type Instance,
  type TransitionContext,
  type TransitionResult,
  type WorkflowEvent,
} from '../../../src/workflows/types'

const T0 = '2026-03-02T09:00:00.000Z'
const candidates: Candidate[] = [
  { id: 'fin-small', role: 'finance-lead', scope: 'client', approvalLimit: 5_000 },
  { id: 'fin-big', role: 'finance-lead', scope: 'client', approvalLimit: 50_000 },
  { id: 'fin-none', role: 'finance-lead', scope: 'client' },
  { id: 'cfo', role: 'cfo', scope: 'client', approvalLimit: 'unlimited' },
  { id: 'am', role: 'account-manager', scope: 'vendor' },
  { id: 'am-client-side', role: 'account-manager', scope: 'client' },
]
const user = (id: string, onBehalfOf?: string): Actor => ({ id, roles: [], ...(onBehalfOf ? { onBehalfOf } : {}) })
const ctx = (actor: Actor, now = T0, cands = candidates): TransitionContext => ({ actor, candidates: cands, now })

function ok(result: TransitionResult): { next: Instance; effects: Effect[] } {
  if (!result.ok) throw new Error(`refused: ${result.refusal.id}: ${result.refusal.message}`)
  return result
}
const history = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'history' ? [e.entry] : []))

/** A purchase request for `amount`, submitted by the requester `req`. */
function submitted(amount: number): { next: Instance; effects: Effect[] } {
  const draft = ok(start(purchaseApproval, {}, 'req', ctx(user('req')))).next
  return ok(transition(purchaseApproval, draft, { type: 'submit', data: { amount } }, ctx(user('req'))))
}

/** A one-step definition with the given approval policy over `n` reviewers named a1…an. */
function panel(policy: { kind: 'any' } | { kind: 'all' } | { kind: 'quorum'; n: number }, n: number) {
  const definition = definitionSchema.parse({
    key: 'panel',
    initial: 'review',
    states: [
      {
        key: 'review',
        kind: 'approval',
        assignees: [{ role: 'reviewer', scope: 'vendor' }],
        policy,
        onApprove: 'done',
        onReject: 'rejected',
        rejectReasons: ['no'],
      },
      { key: 'done', kind: 'final', outcome: 'approved' },
      { key: 'rejected', kind: 'final', outcome: 'rejected' },
    ],
  })
  const people = Array.from(
    { length: n },
    (_, i): Candidate => ({ id: `a${i + 1}`, role: 'reviewer', scope: 'vendor' }),
  )
  const instance = ok(start(definition, {}, 'req', ctx(user('req'), T0, people))).next
  const approve = (current: Instance, id: string) =>
    transition(definition, current, { type: 'approve' }, ctx(user(id), T0, people))
  return { definition, instance, approve }
}

describe('transition: threshold routing', () => {
  it('sends an amount over 10,000 to the client finance lead first', () => {
    const { next, effects } = submitted(20_000)
    expect(next.state).toBe('financeLead')
    expect(
      history(effects)
        .filter((h) => h.action === 'entered')
        .map((h) => h.state),
    ).toEqual(['route', 'financeLead'])
  })

  it('sends 10,000 or less straight to the vendor account manager', () => {
    expect(submitted(10_000).next.state).toBe('accountManager')
  })

  it('assigns only finance leads whose approval limit covers the amount', () => {
    expect(submitted(20_000).next.assignees).toEqual(['fin-big'])
    expect(submitted(4_000).next.state).toBe('accountManager')
  })

  it("assigns by scope: a client-side account manager is not the vendor step's assignee", () => {
    expect(submitted(500).next.assignees).toEqual(['am'])
  })

  it("goes finance lead → account manager → approved, with the final state's entry actions as effects", () => {
    let { next } = submitted(20_000)
    next = ok(transition(purchaseApproval, next, { type: 'approve' }, ctx(user('fin-big')))).next
    expect(next.state).toBe('accountManager')
    const last = ok(transition(purchaseApproval, next, { type: 'approve' }, ctx(user('am'))))
    expect(last.next.state).toBe('approved')
    expect(last.effects.filter((e) => e.type === 'action').map((e) => e.type === 'action' && e.action.type)).toEqual([
      'notify',
      'webhook',
      'createTask',
    ])
  })
})

describe('transition: who may act', () => {
  it('refuses a non-assignee with not_an_assignee, including an approver under the limit', () => {
    const { next } = submitted(20_000)
    for (const id of ['fin-small', 'fin-none', 'am', 'req']) {
      const result = transition(purchaseApproval, next, { type: 'approve' }, ctx(user(id)))
      expect(result).toMatchObject({ ok: false, refusal: { id: 'not_an_assignee' } })
    }
  })

  it("records a delegate acting on behalf of an assignee, and counts it as the assignee's approval", () => {
    const { next } = submitted(20_000)
    const result = ok(
      transition(purchaseApproval, next, { type: 'approve', comment: 'ok' }, ctx(user('deputy', 'fin-big'))),
    )
    expect(history(result.effects)[0]).toEqual({
      actor: 'deputy',
      onBehalfOf: 'fin-big',
      action: 'approve',
      state: 'financeLead',
      comment: 'ok',
      at: T0,
    })
    expect(result.next.state).toBe('accountManager')
  })

  it('refuses a delegate standing in for someone who is not an assignee', () => {
    const { next } = submitted(20_000)
    const result = transition(purchaseApproval, next, { type: 'approve' }, ctx(user('deputy', 'fin-small')))
    expect(result).toMatchObject({ ok: false, refusal: { id: 'not_an_assignee' } })
  })

  it('refuses a second approval by the same assignee, also through a delegate', () => {
    const { definition, instance, approve } = panel({ kind: 'all' }, 2)
    const once = ok(approve(instance, 'a1')).next
    expect(approve(once, 'a1')).toMatchObject({ ok: false, refusal: { id: 'already_acted' } })
    const viaDelegate = transition(definition, once, { type: 'approve' }, ctx(user('deputy', 'a1')))
    expect(viaDelegate).toMatchObject({ ok: false, refusal: { id: 'already_acted' } })
  })

  it('lets only the requester submit, amend and cancel', () => {
    const draft = ok(start(purchaseApproval, {}, 'req', ctx(user('req')))).next
    for (const event of [
      { type: 'submit' },
      { type: 'amend', data: { amount: 1 } },
      { type: 'cancel' },
    ] as WorkflowEvent[]) {
      expect(transition(purchaseApproval, draft, event, ctx(user('am')))).toMatchObject({
        ok: false,
        refusal: { id: 'not_the_requester' },
      })
    }
  })
})

describe('transition: policies', () => {
  it('any: the first approval completes the step', () => {
    const { instance, approve } = panel({ kind: 'any' }, 3)
    expect(ok(approve(instance, 'a2')).next.state).toBe('done')
  })

  it('all: every assignee must approve; the step moves when the last one does', () => {
    const { instance, approve } = panel({ kind: 'all' }, 3)
    let next = ok(approve(instance, 'a1')).next
    next = ok(approve(next, 'a3')).next
    expect(next.state).toBe('review')
    expect(next.approvals.map((a) => a.by)).toEqual(['a1', 'a3'])
    expect(ok(approve(next, 'a2')).next.state).toBe('done')
  })

  it('quorum n: the n-th approval completes the step', () => {
    const { instance, approve } = panel({ kind: 'quorum', n: 2 }, 4)
    const first = ok(approve(instance, 'a4')).next
    expect(first.state).toBe('review')
    expect(ok(approve(first, 'a1')).next.state).toBe('done')
  })

  it('a quorum larger than the assignees is recorded as understaffed', () => {
    const { instance } = panel({ kind: 'quorum', n: 5 }, 3)
    expect(instance.assignees).toHaveLength(3)
    const started = start(panel({ kind: 'quorum', n: 5 }, 3).definition, {}, 'req', ctx(user('req'), T0, []))
    expect(history(ok(started).effects).map((h) => h.action)).toContain('understaffed')
  })

  it('a single rejection ends an "all" step', () => {
    const { definition, instance, approve } = panel({ kind: 'all' }, 3)
    const next = ok(approve(instance, 'a1')).next
    const rejected = ok(transition(definition, next, { type: 'reject', reason: 'no' }, ctx(user('a2'))))
    expect(rejected.next.state).toBe('rejected')
  })

  it('bumps the revision and the step epoch on every change', () => {
    const { instance, approve } = panel({ kind: 'all' }, 2)
    const next = ok(approve(instance, 'a1')).next
    expect(next.revision).toBe(instance.revision + 1)
    expect(next.stepEpoch).toBe(instance.stepEpoch)
    const done = ok(approve(next, 'a2')).next
    expect(done.stepEpoch).toBe(instance.stepEpoch + 1)
  })
})

describe('transition: reasons', () => {
  it('refuses reject without a reason code, and with one not in the list', () => {
    const { next } = submitted(20_000)
    const reject = (event: WorkflowEvent) => transition(purchaseApproval, next, event, ctx(user('fin-big')))
    expect(reject({ type: 'reject' })).toMatchObject({ ok: false, refusal: { id: 'reason_required' } })
    expect(reject({ type: 'reject', reason: 'bored' })).toMatchObject({ ok: false, refusal: { id: 'unknown_reason' } })
    expect(reject({ type: 'requestChanges', reason: 'over-budget' })).toMatchObject({
      ok: false,
      refusal: { id: 'unknown_reason' },
    })
    const accepted = ok(reject({ type: 'reject', reason: 'over-budget', comment: 'next quarter' }))
    expect(accepted.next.state).toBe('rejected')
    expect(history(accepted.effects)[0]).toMatchObject({
      action: 'reject',
      reason: 'over-budget',
      comment: 'next quarter',
    })
  })

  it('request changes sends the request back to a form the requester amends and resubmits', () => {
    const { next } = submitted(20_000)
    const back = ok(
      transition(purchaseApproval, next, { type: 'requestChanges', reason: 'missing-quote' }, ctx(user('fin-big'))),
    )
    expect(back.next.state).toBe('changesRequested')
    const amended = ok(
      transition(purchaseApproval, back.next, { type: 'amend', data: { amount: 900 } }, ctx(user('req'))),
    )
    expect(amended.next.data).toEqual({ amount: 900 })
    expect(ok(transition(purchaseApproval, amended.next, { type: 'submit' }, ctx(user('req')))).next.state).toBe(
      'accountManager',
    )
  })
})

describe('transition: SLA timers', () => {
  it('arms a reminder and a breach timer with the step epoch when the step starts', () => {
    const { next, effects } = submitted(20_000)
    const timers = effects.filter((e) => e.type === 'scheduleTimer')
    expect(timers).toEqual([
      {
        type: 'scheduleTimer',
        timer: 'reminder',
        state: 'financeLead',
        epoch: next.stepEpoch,
        at: '2026-03-03T09:00:00.000Z',
      },
      {
        type: 'scheduleTimer',
        timer: 'breach',
        state: 'financeLead',
        epoch: next.stepEpoch,
        at: '2026-03-04T09:00:00.000Z',
      },
    ])
    expect(next.dueAt).toBe('2026-03-04T09:00:00.000Z')
  })

  it("ignores a stale timer (an earlier step's epoch), recording that it did, and changes nothing", () => {
    const { next } = submitted(20_000)
    const stale = ok(
      transition(
        purchaseApproval,
        next,
        { type: 'timer', timer: 'breach', epoch: next.stepEpoch - 1 },
        ctx(SYSTEM_ACTOR),
      ),
    )
    expect(stale.next).toBe(next)
    expect(history(stale.effects)).toEqual([
      expect.objectContaining({
        action: 'timerIgnored',
        detail: { timer: 'breach', epoch: next.stepEpoch - 1, currentEpoch: next.stepEpoch },
      }),
    ])
  })

  it('ignores a timer that arrives after the request finished', () => {
    const { next } = submitted(20_000)
    const done = ok(
      transition(purchaseApproval, next, { type: 'reject', reason: 'not-needed' }, ctx(user('fin-big'))),
    ).next
    const late = ok(
      transition(purchaseApproval, done, { type: 'timer', timer: 'breach', epoch: next.stepEpoch }, ctx(SYSTEM_ACTOR)),
    )
    expect(late.next).toBe(done)
    expect(history(late.effects)[0]?.action).toBe('timerIgnored')
  })

  it('a breach escalates: the CFO is added to the assignees, told, and may approve', () => {
    const { next } = submitted(20_000)
    const breach = ok(
      transition(purchaseApproval, next, { type: 'timer', timer: 'breach', epoch: next.stepEpoch }, ctx(SYSTEM_ACTOR)),
    )
    expect(breach.next.assignees).toEqual(['fin-big', 'cfo'])
    expect(breach.effects).toContainEqual({ type: 'notify', reason: 'escalated', state: 'financeLead', users: ['cfo'] })
    expect(history(breach.effects)[0]).toMatchObject({
      actor: 'system',
      action: 'escalated',
      detail: { mode: 'add', added: ['cfo'] },
    })
    expect(ok(transition(purchaseApproval, breach.next, { type: 'approve' }, ctx(user('cfo')))).next.state).toBe(
      'accountManager',
    )
  })

  it('a breach that reassigns replaces the assignees', () => {
    const input = structuredClone(purchaseApproval)
    const finance = input.states.find((s) => s.key === 'financeLead')
    if (finance?.kind !== 'approval' || !finance.sla) throw new Error('fixture changed')
    finance.sla.onBreach.mode = 'reassign'
    const { next } = (() => {
      const draft = ok(start(input, {}, 'req', ctx(user('req')))).next
      return ok(transition(input, draft, { type: 'submit', data: { amount: 20_000 } }, ctx(user('req'))))
    })()
    const breach = ok(
      transition(input, next, { type: 'timer', timer: 'breach', epoch: next.stepEpoch }, ctx(SYSTEM_ACTOR)),
    )
    expect(breach.next.assignees).toEqual(['cfo'])
    expect(transition(input, breach.next, { type: 'approve' }, ctx(user('fin-big')))).toMatchObject({
      ok: false,
      refusal: { id: 'not_an_assignee' },
    })
  })

  it('a reminder notifies the assignees who have not approved yet', () => {
    const { next } = submitted(20_000)
    const reminder = ok(
      transition(
        purchaseApproval,
        next,
        { type: 'timer', timer: 'reminder', epoch: next.stepEpoch },
        ctx(SYSTEM_ACTOR),
      ),
    )
    expect(reminder.effects).toContainEqual({
      type: 'notify',
      reason: 'reminder',
      state: 'financeLead',
      users: ['fin-big'],
    })
    expect(reminder.next).toBe(next)
  })
})

describe('transition: final states and events that do not fit', () => {
  it('a final state accepts no event, with a typed refusal', () => {
    const { next } = submitted(20_000)
    const done = ok(
      transition(purchaseApproval, next, { type: 'reject', reason: 'not-needed' }, ctx(user('fin-big'))),
    ).next
    const events: WorkflowEvent[] = [
      { type: 'approve' },
      { type: 'comment', comment: 'hello' },
      { type: 'cancel' },
      { type: 'submit' },
      { type: 'timer', timer: 'breach', epoch: done.stepEpoch },
    ]
    for (const event of events) {
      expect(transition(purchaseApproval, done, event, ctx(user('req')))).toMatchObject({
        ok: false,
        refusal: { id: 'final_state' },
      })
    }
  })

  it('refuses approve in a form state and submit in an approval state', () => {
    const draft = ok(start(purchaseApproval, {}, 'req', ctx(user('req')))).next
    expect(transition(purchaseApproval, draft, { type: 'approve' }, ctx(user('am')))).toMatchObject({
      ok: false,
      refusal: { id: 'event_not_allowed' },
    })
    const { next } = submitted(20_000)
    expect(transition(purchaseApproval, next, { type: 'submit' }, ctx(user('req')))).toMatchObject({
      ok: false,
      refusal: { id: 'event_not_allowed' },
    })
  })

  it('cancel by the requester ends in the cancel state; a comment changes nothing but the history', () => {
    const { next } = submitted(20_000)
    const commented = ok(
      transition(purchaseApproval, next, { type: 'comment', comment: 'any news?' }, ctx(user('req'))),
    )
    expect(commented.next).toBe(next)
    expect(history(commented.effects)[0]).toMatchObject({ action: 'comment', comment: 'any news?' })
    expect(ok(transition(purchaseApproval, next, { type: 'cancel' }, ctx(user('req')))).next.state).toBe('cancelled')
  })

  it('does not let submitted data reach a prototype', () => {
    const draft = ok(start(purchaseApproval, {}, 'req', ctx(user('req')))).next
    const data = JSON.parse('{"__proto__": {"polluted": true}, "amount": 1}') as Record<string, unknown>
    const next = ok(transition(purchaseApproval, draft, { type: 'submit', data }, ctx(user('req')))).next
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(next.state).toBe('accountManager')
  })
})
