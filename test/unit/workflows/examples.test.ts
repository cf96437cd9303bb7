/**
 * The example workflows the demo seed publishes: each passes the checks staff's definitions pass,
 * against the email templates that really exist, and behaves as its comment says when simulated.
 */
import { emailTemplateNames } from '../../../src/email/emailTemplates'
import { changeRequest, documentApproval, EXAMPLE_TEMPLATES, EXAMPLE_WORKFLOWS } from '../../../src/workflows/examples'
import { simulate, type ScriptStep } from '../../../src/workflows/simulate'
import type { Candidate } from '../../../src/workflows/types'
import { validateDefinition } from '../../../src/workflows/validate'

const candidates: Candidate[] = [
  { id: 'am', role: 'account-manager', scope: 'vendor' },
  { id: 'approver', role: 'client-approver', scope: 'client' },
  { id: 'admin', role: 'client-admin', scope: 'client' },
  { id: 'cfo', role: 'cfo', scope: 'client', approvalLimit: 'unlimited' },
]
const who = (id: string) => ({ id, roles: [] })
const at = (day: number, hour: number) => `2026-03-0${day}T${String(hour).padStart(2, '0')}:00:00.000Z`
const options = { start: at(2, 9), requester: 'req' }

describe('example workflows', () => {
  it.each(EXAMPLE_WORKFLOWS.map((example) => [example.title, example.input] as const))(
    '%s passes validation against templates/emails',
    (_title, input) => {
      expect(validateDefinition(input, { templates: emailTemplateNames() })).toMatchObject({ ok: true })
    },
  )

  it('use only templates that exist', () => {
    expect(emailTemplateNames()).toEqual(expect.arrayContaining([...EXAMPLE_TEMPLATES]))
  })

  it('change request: the account manager approves, and the vendor gets a task and an event', () => {
    const script: ScriptStep[] = [
      { at: at(2, 10), actor: who('req'), event: { type: 'submit', data: { title: 'New date' } } },
      { at: at(2, 11), actor: who('am'), event: { type: 'approve' } },
    ]
    const result = simulate(changeRequest, {}, script, candidates, options)
    expect(result.path).toEqual(['draft', 'review', 'approved'])
    const actions = result.effects.flatMap((e) => (e.effect.type === 'action' ? [e.effect.action.type] : []))
    expect(actions).toEqual(['notify', 'notify', 'notify', 'webhook', 'createTask'])
  })

  it('change request: a rejection needs one of its reasons', () => {
    const script: ScriptStep[] = [
      { at: at(2, 10), actor: who('req'), event: { type: 'submit', data: {} } },
      { at: at(2, 11), actor: who('am'), event: { type: 'reject', reason: 'ugly' } },
      { at: at(2, 12), actor: who('am'), event: { type: 'reject', reason: 'too-late' } },
    ]
    const result = simulate(changeRequest, {}, script, candidates, options)
    expect(result.steps.map((step) => step.refusal?.id)).toEqual([undefined, 'unknown_reason', undefined])
    expect(result.instance?.state).toBe('rejected')
  })

  it('document approval: one sign-off of two waits; after the SLA the CFO may give the second', () => {
    const script: ScriptStep[] = [
      { at: at(2, 10), actor: who('am'), event: { type: 'submit', data: {} } },
      { at: at(3, 9), actor: who('admin'), event: { type: 'approve' } },
      { at: at(6, 9), actor: who('cfo'), event: { type: 'approve' } },
    ]
    const result = simulate(documentApproval, {}, script, candidates, { ...options, requester: 'am' })
    expect(result.steps.every((step) => !step.refusal)).toBe(true)
    expect(result.timeline.map(({ timer, outcome }) => [timer, outcome])).toEqual([
      ['reminder', 'fired'],
      ['reminder', 'fired'],
      ['breach', 'fired'],
    ])
    expect(result.path).toEqual(['draft', 'review', 'approved'])
  })
})
