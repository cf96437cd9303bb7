/**
 * Moving running requests to a newer version of their workflow, with an explicit map from the
 * states of the old version to states of the new one. Each request moves in its own transaction
 * (locked, compare-and-set like any transition), enters its mapped state, and gets a `migrated`
 * history entry naming who moved it, from which version and state to which.
 */
import { subject } from '@casl/ability'
import { z } from 'zod'
import { Slugs } from '../../../collections/slugs'
import { abilityFor, type AccessUser } from '../../access/ability'
import { idOf } from '../../access/ids'
import { Errors } from '../../http/errors'
import type { Request as RequestDoc, WorkflowDefinition } from '../../payload-types'
import { stateOf } from '../definition'
import { describeZodError } from '../inputs'
import { moveTo } from '../transition'
import type { Effect } from '../types'
import { commitTransition, RevisionConflict } from './commit'
import { asCaller, definitionById, findAllAs, inRequestTransaction, instanceOf, type Caller } from './context'
import { candidatesFor } from './people'

/** How many requests one migration moves at most. */
export const MAX_MIGRATED = 500

const id = z.union([z.string().min(1).max(100), z.number().int().positive()])

/** What a migration names. */
export const migrationInputSchema = z.strictObject({
  /** the version the requests run on now */
  from: id,
  /** the newer published version of the same workflow */
  to: id,
  /** old state → new state, for every state the chosen requests are in */
  stateMap: z.record(z.string().max(64), z.string().max(64)),
  /** the requests to move (default: every running request on `from` the caller may change), at most 500 */
  requests: z.array(id).max(MAX_MIGRATED).optional(),
})

/** A migration's input. */
export type MigrationInput = z.input<typeof migrationInputSchema>

/** What a migration did. */
export interface MigrationResult {
  moved: { request: string; from: string; to: string }[]
}

/** Moves the chosen requests from version `from` to version `to`, all or none checked first. */
export async function migrateRequests(caller: Caller, raw: MigrationInput): Promise<MigrationResult> {
  const parsed = migrationInputSchema.safeParse(raw)
  if (!parsed.success) throw Errors.invalidRequestMigration(describeZodError(parsed.error))
  const input = parsed.data
  const { payload } = caller
  const load = (version: string | number) =>
    payload
      .findByID({ collection: Slugs.workflowDefinitions, id: version, ...asCaller(caller, { payload }) })
      .catch(() => null) as Promise<WorkflowDefinition | null>
  const [from, to] = await Promise.all([load(input.from), load(input.to)])
  if (!from || !to) throw Errors.invalidRequestMigration('Both versions must exist and be visible to you')
  if (from.key !== to.key || to.status !== 'published' || Number(to.version) <= Number(from.version))
    throw Errors.invalidRequestMigration(
      `Requests move to a newer published version of the same workflow; ${to.key} v${to.version} (${to.status}) is not one for ${from.key} v${from.version}`,
    )
  const [oldDefinition, newDefinition] = await Promise.all([
    definitionById(payload, from.id),
    definitionById(payload, to.id),
  ])
  const problems: string[] = []
  for (const [oldState, newState] of Object.entries(input.stateMap)) {
    if (!stateOf(oldDefinition, oldState)) problems.push(`v${from.version} has no state "${oldState}"`)
    if (!stateOf(newDefinition, newState)) problems.push(`v${to.version} has no state "${newState}"`)
  }
  const requests = await findAllAs<RequestDoc>(
    caller,
    {
      collection: Slugs.requests,
      where: {
        and: [
          { workflow: { equals: from.id } },
          { outcome: { exists: false } },
          ...(input.requests ? [{ id: { in: input.requests } }] : []),
        ],
      },
      sort: 'id',
    },
    MAX_MIGRATED,
  )
  const ability = await abilityFor(payload, caller.user as unknown as AccessUser)
  const found = new Set(requests.map((r) => String(r.id)))
  for (const wanted of input.requests ?? [])
    if (!found.has(String(wanted)))
      problems.push(`request ${wanted} is not a running request on v${from.version} you can see`)
  for (const request of requests) {
    if (!ability.can('update', subject(Slugs.requests, { ...request })))
      problems.push(`you may not change request ${request.id}`)
    if (!(request.state in input.stateMap))
      problems.push(`request ${request.id} is in "${request.state}", which the state map does not map`)
  }
  if (problems.length > 0) throw Errors.invalidRequestMigration(problems.join('; '))
  const moved: MigrationResult['moved'] = []
  for (const request of requests) {
    const target = input.stateMap[request.state]!
    await inRequestTransaction(payload, request.id, async (req) => {
      const doc = (await payload.findByID({
        collection: Slugs.requests,
        id: request.id,
        ...asCaller(caller, req),
      })) as RequestDoc
      if (doc.revision !== request.revision)
        throw Errors.requestChanged(`Request ${doc.id} changed while it was being migrated; nothing after it was moved`)
      const now = new Date().toISOString()
      const tenant = idOf(doc.tenant)!
      const candidates = await candidatesFor(payload, newDefinition, tenant, req)
      const actor = { id: String(caller.user.id), roles: [] }
      const result = moveTo(newDefinition, instanceOf(doc), target, { actor, candidates, now })
      if (!result.ok) throw Errors.invalidRequestMigration(result.refusal.message)
      const audit: Effect = {
        type: 'history',
        entry: {
          actor: actor.id,
          action: 'migrated',
          state: doc.state,
          at: now,
          detail: {
            from: { id: from.id, version: from.version, state: doc.state },
            to: { id: to.id, version: to.version, state: target },
          },
        },
      }
      const migrated = { ...result, effects: [audit, ...result.effects] }
      await commitTransition(req, newDefinition, doc, migrated, { now, note: { actor: actor.id } }).catch(
        (err: unknown) => {
          throw err instanceof RevisionConflict
            ? Errors.requestChanged(`Request ${doc.id} changed while it was being migrated; nothing after it was moved`)
            : err
        },
      )
      await payload.db.updateOne({
        collection: Slugs.requests,
        id: doc.id,
        data: { workflow: to.id },
        req,
        returning: false,
      })
    })
    moved.push({ request: String(request.id), from: request.state, to: target })
  }
  return { moved }
}
