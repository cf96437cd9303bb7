/**
 * Example definitions, for the seed, the docs and the tests. The purchase approval is the one
 * issue 12 describes: amounts over 10,000 go to the client's finance lead (within their approval
 * limit) and then to the vendor's account manager; smaller ones to the account manager only.
 * The finance step has a 2-day SLA with a reminder after one day, and escalates to the client's CFO.
 */
import { definitionSchema, type Definition, type DefinitionInput, type EntryAction } from './definition'

/** Notification templates the examples use (templates/ will hold them). */
export const EXAMPLE_TEMPLATES = [
  'approval-requested',
  'request-approved',
  'request-rejected',
  'changes-requested',
] as const

/** Role keys the examples assign by (account-manager is a built-in role; the client roles come with the seed). */
export const ExampleRoles = {
  financeLead: 'finance-lead',
  cfo: 'cfo',
  accountManager: 'account-manager',
} as const

const notifyAssignees: EntryAction = { type: 'notify', template: 'approval-requested', to: ['assignees'] }

/** The purchase approval, as staff would write it. */
export const purchaseApprovalInput = {
  key: 'purchase-approval',
  version: 1,
  initial: 'draft',
  cancel: 'cancelled',
  states: [
    { key: 'draft', kind: 'form', onSubmit: 'route' },
    {
      key: 'route',
      kind: 'decision',
      branches: [
        { when: [{ field: 'amount', operator: 'gt', value: 10_000 }], to: 'financeLead' },
        { to: 'accountManager' },
      ],
    },
    {
      key: 'financeLead',
      kind: 'approval',
      assignees: [{ role: ExampleRoles.financeLead, scope: 'client' }],
      limitField: 'amount',
      policy: { kind: 'any' },
      onApprove: 'accountManager',
      onReject: 'rejected',
      onRequestChanges: 'changesRequested',
      rejectReasons: ['over-budget', 'not-needed', 'wrong-supplier'],
      changeReasons: ['missing-quote', 'wrong-amount'],
      sla: {
        due: 'P2D',
        reminders: ['P1D'],
        onBreach: { mode: 'add', assignees: [{ role: ExampleRoles.cfo, scope: 'client' }] },
      },
      onEnter: [notifyAssignees],
    },
    {
      key: 'accountManager',
      kind: 'approval',
      assignees: [{ role: ExampleRoles.accountManager, scope: 'vendor' }],
      policy: { kind: 'any' },
      onApprove: 'approved',
      onReject: 'rejected',
      onRequestChanges: 'changesRequested',
      rejectReasons: ['out-of-stock', 'price-changed', 'not-deliverable'],
      changeReasons: ['missing-quote', 'wrong-amount'],
      onEnter: [notifyAssignees],
    },
    {
      key: 'changesRequested',
      kind: 'form',
      onSubmit: 'route',
      onEnter: [{ type: 'notify', template: 'changes-requested', to: ['requester'] }],
    },
    {
      key: 'approved',
      kind: 'final',
      outcome: 'approved',
      onEnter: [
        { type: 'notify', template: 'request-approved', to: ['requester'] },
        { type: 'webhook', event: 'purchase.approved' },
        {
          type: 'createTask',
          title: 'Place the order',
          assignee: { role: ExampleRoles.accountManager, scope: 'vendor' },
          due: 'P1D',
        },
      ],
    },
    {
      key: 'rejected',
      kind: 'final',
      outcome: 'rejected',
      onEnter: [{ type: 'notify', template: 'request-rejected', to: ['requester'] }],
    },
    { key: 'cancelled', kind: 'final', outcome: 'cancelled' },
  ],
} satisfies DefinitionInput

/** The purchase approval, parsed (defaults filled in). */
export const purchaseApproval: Definition = definitionSchema.parse(purchaseApprovalInput)
