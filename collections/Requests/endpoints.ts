import type { Endpoint, PayloadRequest } from 'payload'
import { jsonBody, routeParam } from '../../src/http/endpointInput'
import { Errors } from '../../src/http/errors'
import {
  actOnRequest,
  migrateRequests,
  pendingApprovals,
  requestHistory,
  submitRequest,
  type Caller,
  type MigrationInput,
  type SubmitInput,
} from '../../src/workflows/service'

/** The signed-in caller, or 401. */
function callerOf(req: PayloadRequest): Caller {
  if (!req.user) throw Errors.signInRequired()
  return { payload: req.payload, user: req.user }
}

const optionalNumber = (body: Record<string, unknown>, name: string): number | undefined => {
  const value = body[name]
  if (value === undefined) return undefined
  if (!Number.isInteger(value)) throw Errors.invalidWorkflowAction(`${name} must be a whole number`)
  return value as number
}

/**
 * The requests API (the same operations as the Local API in src/workflows/service):
 * - `POST /api/requests/submit` `{ type, data, tenant?, draft?, comment? }` → 201 the request
 * - `POST /api/requests/:id/act` `{ type: approve|reject|requestChanges|comment|amend|submit|cancel, reason?, comment?, data?, revision?, step? }`
 * - `GET /api/requests/pending` → the approvals waiting on you
 * - `GET /api/requests/:id/history` → the request's history, oldest first
 * - `POST /api/requests/migrate` `{ from, to, stateMap, requests? }` → the requests moved to a newer version
 */
export const requestEndpoints: Endpoint[] = [
  {
    path: '/submit',
    method: 'post',
    handler: async (req) => {
      const doc = await submitRequest(callerOf(req), (await jsonBody(req)) as SubmitInput)
      return Response.json({ doc }, { status: 201 })
    },
  },
  {
    path: '/pending',
    method: 'get',
    handler: async (req) => Response.json({ docs: await pendingApprovals(callerOf(req)) }),
  },
  {
    path: '/migrate',
    method: 'post',
    handler: async (req) =>
      Response.json(await migrateRequests(callerOf(req), (await jsonBody(req)) as MigrationInput)),
  },
  {
    path: '/:id/act',
    method: 'post',
    handler: async (req) => {
      const caller = callerOf(req)
      const { revision, step, ...event } = await jsonBody(req)
      const options = { revision: optionalNumber({ revision }, 'revision'), step: optionalNumber({ step }, 'step') }
      const doc = await actOnRequest(caller, routeParam(req, 'id', 100), event, options)
      return Response.json({ doc })
    },
  },
  {
    path: '/:id/history',
    method: 'get',
    handler: async (req) => Response.json({ docs: await requestHistory(callerOf(req), routeParam(req, 'id', 100)) }),
  },
]
