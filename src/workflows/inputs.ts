/**
 * The shapes callers send: events people cause (the REST act endpoint and the Local API) and the
 * test-run input of a simulation. Strict, bounded, and checked before anything is loaded, so a
 * malformed body gets one 400 naming the part at fault.
 */
import { z } from 'zod'
import { assigneeRuleSchema } from './definition'
import type { WorkflowEvent } from './types'

const comment = z.string().trim().min(1).max(5000)
const reason = z.string().min(1).max(100)
const data = z.record(z.string().max(100), z.unknown())

/** An event a person causes (timers are the system's). */
export const personEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('submit'), data: data.optional(), comment: comment.optional() }),
  z.strictObject({ type: z.literal('amend'), data, comment: comment.optional() }),
  z.strictObject({ type: z.literal('approve'), comment: comment.optional() }),
  z.strictObject({ type: z.literal('reject'), reason: reason.optional(), comment: comment.optional() }),
  z.strictObject({ type: z.literal('requestChanges'), reason: reason.optional(), comment: comment.optional() }),
  z.strictObject({ type: z.literal('comment'), comment }),
  z.strictObject({ type: z.literal('cancel'), comment: comment.optional() }),
])

/** The kinds of events people cause. */
export const PERSON_EVENTS = personEventSchema.options.map((option) => option.shape.type.value)

const timerEventSchema = z.strictObject({
  type: z.literal('timer'),
  timer: z.enum(['reminder', 'breach']),
  epoch: z.number().int().min(0),
})

const isoTime = z.iso.datetime({ offset: true })
const id = z.string().min(1).max(100)

/** The input of a test run (simulate.ts), as the admin's test-run button and the API send it. */
export const simulationInputSchema = z.strictObject({
  definition: z.unknown(),
  sampleData: data.default({}),
  requester: id.default('requester'),
  start: isoTime.default('2026-01-05T09:00:00.000Z'),
  until: isoTime.optional(),
  candidates: z
    .array(
      assigneeRuleSchema.extend({
        id,
        approvalLimit: z.union([z.number(), z.literal('unlimited')]).optional(),
      }),
    )
    .max(500)
    .default([]),
  script: z
    .array(
      z.strictObject({
        at: isoTime,
        actor: z.strictObject({
          id,
          roles: z.array(z.string().max(100)).max(50).default([]),
          onBehalfOf: id.optional(),
        }),
        event: z.union([personEventSchema, timerEventSchema]),
      }),
    )
    .max(200)
    .default([]),
})

/** A test run's input, parsed. */
export type SimulationInput = z.infer<typeof simulationInputSchema>

/** Every problem of a zod parse, each with its path, in one line. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ')
}

/** Typed for the engine. */
export type PersonEvent = Extract<WorkflowEvent, { type: (typeof PERSON_EVENTS)[number] }>
