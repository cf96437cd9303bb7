/**
 * Example definitions, for the seed, the docs and the tests. The purchase approval is the one
 * issue 12 describes: amounts over 10,000 go to the client's finance lead (within their approval
 * limit) and then to the vendor's account manager; smaller ones to the account manager only.
 * The finance step has a 2-day SLA with a reminder after one day, and escalates to the client's CFO.
 * The change request goes the other way round: a client asks to change an order or a shipment, the
 * vendor's account manager decides, and an approved change becomes a task for the vendor. The
 * document approval is the vendor asking the client: two of the client's approver and
 * administrator must sign a document off within 3 days, or the client's CFO is asked too.
 */
import { definitionSchema, type Definition, type DefinitionInput, type EntryAction } from './definition'

/** Notification templates the examples use (templates/ will hold them). */
export const EXAMPLE_TEMPLATES = [
  'approval-requested',
  'request-approved',
  'request-rejected',
  'changes-requested',
  'request-submitted',
] as const

/** Role keys the examples assign by (account-manager is a built-in role; the client roles come with the seed). */
export const ExampleRoles = {
  financeLead: 'finance-lead',
  cfo: 'cfo',
  accountManager: 'account-manager',
  clientApprover: 'client-approver',
  clientAdmin: 'client-admin',
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

const accountManager = { role: ExampleRoles.accountManager, scope: 'vendor' } as const
const tell = (template: (typeof EXAMPLE_TEMPLATES)[number]): EntryAction => ({
  type: 'notify',
  template,
  to: ['requester'],
})

/**
 * A client asks to change an order or a shipment (the request type's reference fields name it);
 * the account manager approves, rejects or asks for details, and an approved change becomes the
 * vendor's task.
 */
export const changeRequestInput = {
  key: 'change-request',
  version: 1,
  initial: 'draft',
  cancel: 'withdrawn',
  states: [
    { key: 'draft', kind: 'form', onSubmit: 'review' },
    {
      key: 'review',
      kind: 'approval',
      assignees: [accountManager],
      policy: { kind: 'any' },
      onApprove: 'approved',
      onReject: 'rejected',
      onRequestChanges: 'moreInfo',
      rejectReasons: ['too-late', 'not-feasible', 'outside-contract'],
      changeReasons: ['missing-details', 'wrong-record'],
      // The requester learns when to expect an answer (the type's promise); the manager that it is theirs.
      onEnter: [tell('request-submitted'), notifyAssignees],
    },
    { key: 'moreInfo', kind: 'form', onSubmit: 'review', onEnter: [tell('changes-requested')] },
    {
      key: 'approved',
      kind: 'final',
      outcome: 'approved',
      onEnter: [
        tell('request-approved'),
        { type: 'webhook', event: 'change-request.approved' },
        { type: 'createTask', title: 'Carry out the approved change', assignee: accountManager, due: 'P2D' },
      ],
    },
    { key: 'rejected', kind: 'final', outcome: 'rejected', onEnter: [tell('request-rejected')] },
    { key: 'withdrawn', kind: 'final', outcome: 'cancelled' },
  ],
} satisfies DefinitionInput

/** The change request, parsed. */
export const changeRequest: Definition = definitionSchema.parse(changeRequestInput)

/**
 * The vendor submits a document for the client to sign off: two approvals from the client's
 * approver and administrator (a quorum, so that the CFO the SLA adds can stand in for a late one).
 */
export const documentApprovalInput = {
  key: 'document-approval',
  version: 1,
  initial: 'draft',
  cancel: 'withdrawn',
  states: [
    { key: 'draft', kind: 'form', onSubmit: 'review' },
    {
      key: 'review',
      kind: 'approval',
      assignees: [
        { role: ExampleRoles.clientApprover, scope: 'client' },
        { role: ExampleRoles.clientAdmin, scope: 'client' },
      ],
      policy: { kind: 'quorum', n: 2 },
      onApprove: 'approved',
      onReject: 'rejected',
      onRequestChanges: 'revise',
      rejectReasons: ['out-of-scope', 'superseded'],
      changeReasons: ['corrections-needed', 'missing-section', 'wrong-version'],
      sla: {
        due: 'P3D',
        reminders: ['P1D', 'P2D'],
        onBreach: { mode: 'add', assignees: [{ role: ExampleRoles.cfo, scope: 'client' }] },
      },
      onEnter: [notifyAssignees],
    },
    { key: 'revise', kind: 'form', onSubmit: 'review', onEnter: [tell('changes-requested')] },
    {
      key: 'approved',
      kind: 'final',
      outcome: 'approved',
      onEnter: [tell('request-approved'), { type: 'webhook', event: 'document.approved' }],
    },
    { key: 'rejected', kind: 'final', outcome: 'rejected', onEnter: [tell('request-rejected')] },
    { key: 'withdrawn', kind: 'final', outcome: 'cancelled' },
  ],
} satisfies DefinitionInput

/** The document approval, parsed. */
export const documentApproval: Definition = definitionSchema.parse(documentApprovalInput)

/** Every example, with the title staff see, in the order the seed publishes them. */
export const EXAMPLE_WORKFLOWS = [
  { title: 'Purchase approval', input: purchaseApprovalInput },
  { title: 'Change request', input: changeRequestInput },
  { title: 'Document approval', input: documentApprovalInput },
] as const
