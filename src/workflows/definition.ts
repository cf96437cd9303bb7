/**
 * The workflow definition format: what staff edit, store as JSON and publish (see README.md).
 *
 * The schema checks shapes only; `validateDefinition` (validate.ts) adds the checks that need the
 * whole definition (targets, reachability, reject paths, templates) and names the state at fault.
 * Objects are strict so a misspelt key is refused instead of silently ignored.
 */
import { z } from 'zod'
import { RULE_OPERATORS } from '../access/rules'

/** A state's key: a short identifier, also used in history and diagrams. */
const stateKey = z.string().regex(/^[A-Za-z][\w-]{0,63}$/, 'a state key is a letter then letters, digits, _ or -')

/** A duration in the ISO 8601 subset PnDTnHnM (e.g. P2D, PT4H, P1DT12H). */
export const DURATION = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$/
const duration = z.string().regex(DURATION, 'a duration is written like P2D, PT4H or P1DT12H')

/** Milliseconds in a duration written in the ISO 8601 subset above. */
export function durationMs(text: string): number {
  const [, days, , hours, minutes] = /^P(?:(\d+)D)?(T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(text) ?? []
  return ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes ?? 0)) * 60_000
}

const scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()])

/** A condition on the request's data, with the operators role rules allow (src/access/rules.ts). */
export const conditionSchema = z.strictObject({
  /** a field of the request's data; dots reach into groups */
  field: z.string().min(1).max(200),
  operator: z.enum(RULE_OPERATORS),
  /** a list for in and nin, true or false for exists, a scalar otherwise */
  value: z.union([scalar, z.array(scalar).max(200)]),
})

/** Who is meant: users holding a role, on the client's side or the vendor's. */
export const assigneeRuleSchema = z.strictObject({
  role: z.string().min(1).max(100),
  scope: z.enum(['client', 'vendor']),
})

/** Whom a notification or task is for. */
export const recipientSchema = z.union([z.literal('requester'), z.literal('assignees'), assigneeRuleSchema])

/** What a state does when it is entered. */
export const actionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('notify'), template: z.string().min(1), to: z.array(recipientSchema).min(1) }),
  z.strictObject({ type: z.literal('webhook'), event: z.string().regex(/^[a-z][\w.-]{0,99}$/) }),
  z.strictObject({ type: z.literal('setField'), field: z.string().min(1).max(200), value: scalar }),
  z.strictObject({
    type: z.literal('createTask'),
    title: z.string().min(1).max(200),
    assignee: recipientSchema,
    due: duration.optional(),
  }),
])

const base = { key: stateKey, onEnter: z.array(actionSchema).max(20).optional() }

/** The client fills in or amends the request. */
export const formStateSchema = z.strictObject({ ...base, kind: z.literal('form'), onSubmit: stateKey })

/** Routes at once on the request's data: the first branch whose conditions all hold; the last one has none. */
export const decisionStateSchema = z.strictObject({
  ...base,
  kind: z.literal('decision'),
  branches: z
    .array(z.strictObject({ when: z.array(conditionSchema).max(20).optional(), to: stateKey }))
    .min(1)
    .max(50),
})

/** Who must approve, how many of them, and what happens when they do not in time. */
export const approvalStateSchema = z.strictObject({
  ...base,
  kind: z.literal('approval'),
  assignees: z.array(assigneeRuleSchema).min(1).max(20),
  /** only candidates whose approval limit covers this numeric field of the data are assigned */
  limitField: z.string().min(1).max(200).optional(),
  policy: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('any') }),
    z.strictObject({ kind: z.literal('all') }),
    z.strictObject({ kind: z.literal('quorum'), n: z.number().int().min(1).max(1000) }),
  ]),
  onApprove: stateKey,
  /** optional in the shape so that validation can say which state lacks it */
  onReject: stateKey.optional(),
  onRequestChanges: stateKey.optional(),
  rejectReasons: z.array(z.string().min(1).max(100)).max(50).default([]),
  changeReasons: z.array(z.string().min(1).max(100)).max(50).default([]),
  sla: z
    .strictObject({
      due: duration,
      /** reminders to pending assignees, this long after the step starts */
      reminders: z.array(duration).max(10).default([]),
      onBreach: z.strictObject({ mode: z.enum(['add', 'reassign']), assignees: z.array(assigneeRuleSchema).min(1) }),
    })
    .optional(),
})

/** The end: a request in a final state accepts no event. */
export const finalStateSchema = z.strictObject({
  ...base,
  kind: z.literal('final'),
  outcome: z.enum(['approved', 'rejected', 'cancelled', 'done']),
})

export const stateSchema = z.discriminatedUnion('kind', [
  formStateSchema,
  decisionStateSchema,
  approvalStateSchema,
  finalStateSchema,
])

/** A whole definition: states in a list (so duplicate keys can be seen), the first one entered, where cancel leads. */
export const definitionSchema = z.strictObject({
  key: z.string().regex(/^[a-z][\w-]{0,63}$/),
  version: z.number().int().min(1).default(1),
  initial: stateKey,
  /** a state cancel leads to from any form or approval state; without it requests cannot be cancelled */
  cancel: stateKey.optional(),
  states: z.array(stateSchema).min(1).max(200),
})

/** A workflow definition, as parsed. */
export type Definition = z.infer<typeof definitionSchema>
/** A definition as written (defaults may be left out). */
export type DefinitionInput = z.input<typeof definitionSchema>
export type State = z.infer<typeof stateSchema>
export type ApprovalState = z.infer<typeof approvalStateSchema>
export type DecisionState = z.infer<typeof decisionStateSchema>
export type Condition = z.infer<typeof conditionSchema>
export type AssigneeRule = z.infer<typeof assigneeRuleSchema>
export type Recipient = z.infer<typeof recipientSchema>
export type EntryAction = z.infer<typeof actionSchema>
export type Outcome = z.infer<typeof finalStateSchema>['outcome']

/** The states a state may lead to, with the name of the field that says so. */
export function targetsOf(state: State): { via: string; to: string }[] {
  switch (state.kind) {
    case 'form':
      return [{ via: 'onSubmit', to: state.onSubmit }]
    case 'decision':
      return state.branches.map((branch, i) => ({ via: `branches[${i}]`, to: branch.to }))
    case 'approval':
      return (['onApprove', 'onReject', 'onRequestChanges'] as const).flatMap((via) =>
        state[via] ? [{ via, to: state[via] }] : [],
      )
    case 'final':
      return []
  }
}

/** The state named `key`, if the definition has one. */
export const stateOf = (definition: Definition, key: string): State | undefined =>
  definition.states.find((state) => state.key === key)
