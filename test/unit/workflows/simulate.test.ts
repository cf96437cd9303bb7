import { purchaseApproval } from '../../../src/workflows/examples'
import { simulate, type ScriptStep } from '../../../src/workflows/simulate'
import type { Candidate } from '../../../src/workflows/types'

const candidates: Candidate[] = [
  { id: 'fin', role: 'finance-lead', scope: 'client', approvalLimit: 50_000 },
  { id: 'cfo', role: 'cfo', scope: 'client', approvalLimit: 'unlimited' },
  { id: 'am', role: 'account-manager', scope: 'vendor' },
]
const who = (id: string) => ({ id, roles: [] })
const options = { start: '2026-03-02T09:00:00.000Z', requester: 'req' }

describe('simulate', () => {
  it('shows the path, the SLA timeline and the escalation of a late finance step', () => {
    const script: ScriptStep[] = [
      { at: '2026-03-02T09:05:00.000Z', actor: who('req'), event: { type: 'submit', data: { amount: 20_000 } } },
      { at: '2026-03-05T10:00:00.000Z', actor: who('cfo'), event: { type: 'approve' } },
      { at: '2026-03-05T11:00:00.000Z', actor: who('am'), event: { type: 'approve' } },
    ]
    const result = simulate(purchaseApproval, {}, script, candidates, options)
    expect(result.path).toEqual(['draft', 'route', 'financeLead', 'accountManager', 'approved'])
    expect(result.steps.every((step) => !step.refusal)).toBe(true)
    expect(result.timeline).toEqual([
      { timer: 'reminder', state: 'financeLead', epoch: 3, at: '2026-03-03T09:05:00.000Z', outcome: 'fired' },
      { timer: 'breach', state: 'financeLead', epoch: 3, at: '2026-03-04T09:05:00.000Z', outcome: 'fired' },
    ])
    const escalation = result.effects.find((e) => e.effect.type === 'history' && e.effect.entry.action === 'escalated')
    expect(escalation?.at).toBe('2026-03-04T09:05:00.000Z')
    expect(result.instance?.state).toBe('approved')
  })

  it('reports refusals in the script and keeps going; timers of a finished step are ignored', () => {
    const script: ScriptStep[] = [
      { at: '2026-03-02T09:05:00.000Z', actor: who('req'), event: { type: 'submit', data: { amount: 20_000 } } },
      { at: '2026-03-02T10:00:00.000Z', actor: who('fin'), event: { type: 'reject' } },
      { at: '2026-03-02T10:01:00.000Z', actor: who('fin'), event: { type: 'approve' } },
    ]
    const result = simulate(purchaseApproval, {}, script, candidates, { ...options, until: '2026-03-10T00:00:00.000Z' })
    expect(result.steps.map((step) => step.refusal?.id)).toEqual([undefined, 'reason_required', undefined])
    expect(result.timeline.map((entry) => entry.outcome)).toEqual(['ignored', 'ignored'])
    expect(result.instance?.state).toBe('accountManager')
  })

  it('leaves timers after the end of the clock pending', () => {
    const script: ScriptStep[] = [
      { at: '2026-03-02T09:05:00.000Z', actor: who('req'), event: { type: 'submit', data: { amount: 20_000 } } },
    ]
    const result = simulate(purchaseApproval, {}, script, candidates, options)
    expect(result.timeline.map((entry) => entry.outcome)).toEqual(['pending', 'pending'])
    expect(result.instance?.dueAt).toBe('2026-03-04T09:05:00.000Z')
  })
})
