/**
 * Atrium's HTTP errors: small factories, each with a stable id, and the one way any error becomes
 * a response. Every error response carries `error: { id, status, message, requestId }`; clients
 * match on `id`, people read `message`, operators find the request in the logs by `requestId`.
 */
import type { ErrorRequestHandler } from 'express'
import { APIError, type AfterErrorHook, type Payload } from 'payload'
import { currentRequestContext } from '../logging/requestContext'

/**
 * An error that knows how it is shown to a client. It is a Payload APIError, so it keeps its
 * status and message when thrown inside Payload (endpoints, hooks, access) as well as in express.
 */
export class HttpError extends APIError {
  constructor(
    status: number,
    readonly id: string,
    message: string,
    /** Response headers that belong to this error, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
    /** The problem of each input at fault, by its key, for a form that shows each at its input. */
    readonly fieldErrors?: Readonly<Record<string, string>>,
  ) {
    super(message, status, undefined, true)
    // Payload picks the log level of the errors it handles by name (see LOGGING_LEVELS in the config).
    this.name = status < 500 ? CLIENT_ERROR_NAME : 'HttpError'
  }
}

/** The name of an HttpError that is the client's mistake (4xx); Payload logs those at info level. */
export const CLIENT_ERROR_NAME = 'ClientError'

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { id: string; status: number; message: string; requestId?: string }
}

/** The error factories; add new ones here so ids stay unique and discoverable. */
export const Errors = {
  malformedJson: (detail: string) =>
    new HttpError(400, 'malformed_json', `The request body is not valid JSON: ${detail}`),
  unsupportedMediaType: (contentType: string, accepted: string) =>
    new HttpError(
      415,
      'unsupported_media_type',
      `The API does not take ${contentType || 'this'} bodies; send ${accepted}`,
    ),
  crossSiteRequest: (origin: string, expected: string) =>
    new HttpError(
      403,
      'cross_site_request',
      `A signed-in request that changes data must come from ${expected}; this one came from ${origin}`,
    ),
  originRequired: (expected: string) =>
    new HttpError(
      403,
      'origin_required',
      `A request authenticated by the session cookie that changes data must carry an Origin or Referer header of ${expected} (or use an Authorization header instead of the cookie)`,
    ),
  fieldNotWritable: (collection: string, field: string) =>
    new HttpError(403, 'field_not_writable', `You may not set "${field}" of ${collection}`),
  forbidden: (message: string) => new HttpError(403, 'forbidden', message),
  /** A portal administrator's change to a person that would leave them without a role here. */
  rolesRequired: (problem: string) => new HttpError(400, 'roles_required', problem),
  /** A person the portal administrator cannot see in their organisation (or none at all). */
  personNotFound: () => new HttpError(404, 'person_not_found', 'There is no such person in your organisation'),
  /** A portal form posted without the token of the session (or of the sign-in page) it was shown in. */
  csrfTokenInvalid: () =>
    new HttpError(
      403,
      'csrf_token_invalid',
      'This form has expired or did not come from this portal, so nothing was changed. Open the page again and resubmit it.',
    ),
  /** A sign-in whose email or password is not something a person could have typed. */
  invalidSignInInput: (problem: string) =>
    new HttpError(400, 'invalid_sign_in_input', `${problem}; nobody was signed in`),
  passwordTooShort: (minimum: number) => {
    const problem = `A password must be at least ${minimum} characters long`
    return new HttpError(400, 'password_too_short', `${problem}; nothing was changed`, {}, { password: problem })
  },
  passwordTooCommon: () => {
    const problem = 'This password is one of the most common passwords, which attackers try first: choose another'
    return new HttpError(400, 'password_too_common', `${problem}; nothing was changed`, {}, { password: problem })
  },
  /** Changing one's own password needs the current one. */
  currentPasswordRequired: () =>
    new HttpError(
      400,
      'current_password_required',
      'To change your own password, send your current password as currentPassword; nothing was changed',
    ),
  currentPasswordWrong: () =>
    new HttpError(403, 'current_password_wrong', 'The current password is not right; nothing was changed'),
  invalidInput: (id: string, message: string) => new HttpError(400, id, message),
  invalidQueryParameter: (name: string, problem: string) =>
    new HttpError(400, 'invalid_query_parameter', `The query parameter "${name}" ${problem}`),
  tooManyRequests: (what: string, retryAfterSeconds: number) =>
    new HttpError(429, 'too_many_requests', `Too many ${what} from this address; try again in ${retryAfterSeconds} s`, {
      'Retry-After': String(retryAfterSeconds),
    }),
  bodyTooLarge: (limitBytes: number) =>
    new HttpError(413, 'body_too_large', `The request body is larger than the limit of ${limitBytes} bytes`),
  /** A form body with more fields than the form parser reads (body-parser's parameterLimit). */
  tooManyFields: () =>
    new HttpError(400, 'too_many_fields', 'The form has more fields than any form here sends; nothing was changed'),
  routeNotFound: (method: string, path: string) =>
    new HttpError(404, 'route_not_found', `No route answers ${method} ${path}`),
  databaseUnreachable: () => new HttpError(503, 'database_unreachable', 'The database does not answer'),
  shuttingDown: () => new HttpError(503, 'shutting_down', 'The server is shutting down'),
  internal: () =>
    new HttpError(500, 'internal_error', 'Something went wrong on our side; the request id identifies it in our logs'),
  graphqlInvalid: (detail: string) =>
    new HttpError(400, 'invalid_graphql', `The GraphQL request is invalid: ${detail}`),
  graphqlSyntax: (detail: string) =>
    new HttpError(400, 'graphql_syntax_error', `The GraphQL document does not parse: ${detail}`),
  graphqlTooComplex: (detail: string) =>
    new HttpError(400, 'graphql_too_complex', `The GraphQL document is too large or too complex: ${detail}`),
  graphqlFragmentCycle: (detail: string) =>
    new HttpError(
      400,
      'graphql_fragment_cycle',
      `The GraphQL document's fragments spread each other forever: ${detail}`,
    ),
  invalidRecordFilter: (field: string, problem: string) =>
    new HttpError(400, 'invalid_record_filter', `Records cannot be filtered by "${field}": ${problem}`),
  invalidRecordTotal: (field: string, problem: string) =>
    new HttpError(400, 'invalid_record_total', `Records cannot be added up by "${field}": ${problem}`),
  invalidRecordSort: (field: string, problem: string) =>
    new HttpError(400, 'invalid_record_sort', `Records cannot be sorted by "${field}": ${problem}`),
  invalidRecordData: (typeLabel: string, errors: Readonly<Record<string, string>>) =>
    new HttpError(
      400,
      'invalid_record_data',
      `The ${typeLabel} record's data is invalid: ${Object.entries(errors)
        .map(([key, message]) => `${key} ${message}`)
        .join('; ')}`,
    ),
  signInRequired: () => new HttpError(401, 'unauthorized', 'Sign in to use this endpoint'),
  recordDataQuery: () =>
    new HttpError(
      400,
      'record_data_query',
      'Record data cannot be filtered or sorted with where/sort on data paths: filter record data through /api/records/query',
    ),
  unknownRecordType: (key: string) =>
    new HttpError(400, 'unknown_record_type', `There is no record type "${key}" that you can see`),
  typeChangeNeedsConfirmation: (changes: readonly string[]) =>
    new HttpError(
      409,
      'type_change_needs_confirmation',
      `This edit changes stored records; save again with confirmDestructiveChange set to confirm: ${changes.join('; ')}`,
    ),
  recordTypeMigrating: (migration: string) =>
    new HttpError(
      409,
      'record_type_migrating',
      `This edit would rewrite the type's stored records, which a migration is still rewriting (${migration}); save it once that migration is done`,
    ),
  recordTypeChangedMeanwhile: () =>
    new HttpError(
      409,
      'record_type_changed_meanwhile',
      'Someone else saved an edit of this record type that rewrites its records while you saved yours; reload it and save again',
    ),
  migrationNotResumable: (migration: string, reason: string) =>
    new HttpError(409, 'migration_not_resumable', `The migration ${migration} cannot be resumed: ${reason}`),
  apiKeyInQuery: (parameter: string) =>
    new HttpError(
      400,
      'api_key_in_query',
      `An API key may not travel in the query string ("${parameter}"), where logs and proxies keep it: send it in the Authorization header as "integration-accounts API-Key <key>"`,
    ),
  integrationAccountRequired: () =>
    new HttpError(
      401,
      'unauthorized',
      'Send an integration account\'s API key in the Authorization header: "integration-accounts API-Key <key>"',
    ),
  batchTooLarge: (items: number, limit: number) =>
    new HttpError(413, 'batch_too_large', `A batch holds at most ${limit} items; this one has ${items}: split it`),
  recordNotFound: (source: string, externalId: string) =>
    new HttpError(
      404,
      'record_not_found',
      `There is no record from "${source}" with external id "${externalId}" that you can see`,
    ),
  idempotencyKeyReused: () =>
    new HttpError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was used in the last 24 hours for another request; use a new key for a new request',
    ),
  idempotencyKeyInProgress: () =>
    new HttpError(
      409,
      'idempotency_key_in_progress',
      'The first request with this Idempotency-Key is still running; retry later to get its response',
    ),
  invalidIdempotencyKey: () =>
    new HttpError(400, 'invalid_idempotency_key', 'An Idempotency-Key header must be 1 to 255 characters'),
  recordTypeInUse: (reason: string) =>
    new HttpError(409, 'record_type_in_use', `The record type cannot be deleted: ${reason}`),
  unsafeEmailHeader: (header: string) =>
    new HttpError(
      400,
      'unsafe_email_header',
      `The email's ${header} contains a line break or another control character, which could add headers of its own; nothing was sent`,
    ),
  invalidEmailAddress: (header: string, problem: string) =>
    new HttpError(400, 'invalid_email_address', `The email's ${header} ${problem}; nothing was sent`),
  invalidEmail: (part: string, problem: string) =>
    new HttpError(400, 'invalid_email', `The email's ${part} ${problem}; nothing was sent`),
  emailNotSent: (reason: string) =>
    new HttpError(502, 'email_not_sent', `The mail server did not take the email (${reason}); it was not sent`),
  invalidWorkflowDefinition: (problems: readonly string[]) =>
    new HttpError(400, 'invalid_workflow_definition', `The workflow definition is invalid: ${problems.join('; ')}`),
  workflowVersionFrozen: (key: string, version: number) =>
    new HttpError(
      409,
      'workflow_version_frozen',
      `Version ${version} of workflow "${key}" is published and cannot change; create a new version to edit it`,
    ),
  workflowInUse: (reason: string) => new HttpError(409, 'workflow_in_use', reason),
  unknownWorkflow: (key: string) => new HttpError(400, 'unknown_workflow', `There is no published workflow "${key}"`),
  unknownRequestType: (key: string) =>
    new HttpError(400, 'unknown_request_type', `There is no active request type "${key}" that you can use`),
  invalidRequestData: (typeLabel: string, errors: Readonly<Record<string, string>>) =>
    new HttpError(
      400,
      'invalid_request_data',
      `The ${typeLabel} request's data is invalid: ${Object.entries(errors)
        .map(([key, message]) => `${key} ${message}`)
        .join('; ')}`,
      {},
      errors,
    ),
  /** The engine refused an event (src/workflows/types.ts REFUSALS gives the id's status). */
  workflowRefusal: (id: string, status: number, message: string) => new HttpError(status, id, message),
  requestNotFound: () => new HttpError(404, 'request_not_found', 'There is no such request that you can see'),
  requestChanged: (message: string) => new HttpError(409, 'request_changed', message),
  invalidWorkflowAction: (problem: string) => new HttpError(400, 'invalid_workflow_action', problem),
  invalidDelegation: (problem: string) => new HttpError(400, 'invalid_delegation', problem),
  invalidRequestMigration: (problem: string) => new HttpError(400, 'invalid_request_migration', problem),
  /** A template staff saved that is not safe to render; `problems` each name their line. */
  invalidTemplate: (problems: readonly string[]) =>
    new HttpError(
      422,
      'invalid_template',
      `The template cannot be saved, it has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`,
    ),
  templateExists: (kind: string, name: string) =>
    new HttpError(
      409,
      'template_exists',
      `There is already a ${kind} template "${name}" for this client account (or shared)`,
    ),
  /** A notification rule staff saved that cannot work; `problems` each name the part at fault. */
  invalidNotificationRule: (problems: readonly string[]) =>
    new HttpError(422, 'invalid_notification_rule', `The notification rule cannot be saved: ${problems.join('; ')}`),
  invalidNotificationPreferences: (problem: string) =>
    new HttpError(400, 'invalid_notification_preferences', `The notification preferences are invalid: ${problem}`),
  invalidUnsubscribeLink: () =>
    new HttpError(
      400,
      'invalid_unsubscribe_link',
      'This unsubscribe link is not valid (it was changed, or is not one Atrium made); nothing was changed',
    ),
  /** A sign-in link or invitation that does not exist (or was replaced by a newer one). */
  signInTokenInvalid: (what: string) =>
    new HttpError(
      400,
      'sign_in_token_invalid',
      `This ${what} is not valid: it was replaced by a newer one, revoked, or not copied whole from the email. Nothing was changed; ask for a new one.`,
    ),
  signInTokenExpired: (what: string, lifetime: string) =>
    new HttpError(
      410,
      'sign_in_token_expired',
      `This ${what} has expired (it works for ${lifetime}); ask for a new one`,
    ),
  signInTokenUsed: (what: string) =>
    new HttpError(
      410,
      'sign_in_token_used',
      `This ${what} has been used already; it works only once. Ask for a new one`,
    ),
  signInTokenOtherPortal: (what: string) =>
    new HttpError(
      403,
      'sign_in_token_other_portal',
      `This ${what} was sent for another portal: open it from the email, on the portal it names. Nothing was changed`,
    ),
  /** A token of another kind (an invitation's on the sign-in link page, a password reset's, …). */
  wrongTokenKind: (expected: string, got: string) =>
    new HttpError(
      400,
      'wrong_token_kind',
      `This is ${got}, not ${expected}: open it from the email it came in. Nothing was changed`,
    ),
  /** A tenant that lets its people sign in by email link only. */
  passwordSignInDisabled: () =>
    new HttpError(
      403,
      'password_sign_in_disabled',
      'Signing in with a password is turned off for this account: ask for a sign-in link by email instead',
    ),
  invalidInvitation: (problem: string) => new HttpError(400, 'invalid_invitation', `${problem}; nobody was invited`),
  invitationNotFound: () =>
    new HttpError(404, 'invitation_not_found', 'There is no such open invitation that you manage'),
  notificationNotFound: () => new HttpError(404, 'notification_not_found', 'There is no such notification of yours'),
  /** Single sign-on refusals (plugins/sso): each a page with its id; nobody is signed in and nothing is changed. */
  ssoNotConfigured: () =>
    new HttpError(404, 'sso_not_configured', 'This portal does not offer single sign-on; sign in on its sign-in page'),
  ssoStateInvalid: () =>
    new HttpError(
      400,
      'sso_state_invalid',
      'This sign-in answer does not belong to a sign-in started in this browser for this portal (or it took longer than 10 minutes); start again',
    ),
  ssoCodeRejected: () =>
    new HttpError(
      400,
      'sso_code_rejected',
      'The identity provider did not accept this sign-in answer (it was used already or has expired); start again',
    ),
  ssoNonceMismatch: () =>
    new HttpError(
      400,
      'sso_nonce_mismatch',
      'The identity provider’s answer was made for another sign-in; start again',
    ),
  ssoIssuerMismatch: () =>
    new HttpError(
      400,
      'sso_issuer_mismatch',
      'The sign-in answer came from another identity provider than the one this portal uses; start again',
    ),
  ssoProviderRefused: (reason: string) =>
    new HttpError(400, 'sso_provider_refused', `The identity provider did not sign you in (${reason.slice(0, 200)})`),
  ssoProviderUnreachable: () =>
    new HttpError(
      502,
      'sso_provider_unreachable',
      'The identity provider does not answer or is not set up as expected; try again later',
    ),
  ssoEmailUnverified: () =>
    new HttpError(
      403,
      'sso_email_unverified',
      'Your identity provider has not verified your email address, so no account can be linked or made for it; ask your administrator',
    ),
  ssoDomainNotAllowed: () =>
    new HttpError(
      403,
      'sso_domain_not_allowed',
      'Your email address is not of a domain this portal accepts for new accounts; ask your administrator for an invitation',
    ),
  ssoAccountConflict: () =>
    new HttpError(
      403,
      'sso_account_conflict',
      'Your identity at the provider cannot be linked to an account of this portal; ask your administrator',
    ),
  ssoNoAccount: () =>
    new HttpError(
      403,
      'sso_no_account',
      'There is no account linked to your identity at this provider; ask an administrator to link it',
    ),
  ssoRequired: () =>
    new HttpError(
      403,
      'sso_required',
      'Your organisation signs in with single sign-on: use its sign-in button instead of a password or email link',
    ),
  accountInactive: () => new HttpError(403, 'account_inactive', 'This account has been deactivated'),
  tenantSuspended: () => new HttpError(403, 'tenant_suspended', "This account's client access is suspended"),
  /** Security settings staff tried to save that make no sense (each problem named at its field). */
  invalidSecuritySettings: (fieldErrors: Readonly<Record<string, string>>) =>
    new HttpError(
      400,
      'invalid_security_settings',
      `${Object.values(fieldErrors).join('; ')}; nothing was changed`,
      {},
      fieldErrors,
    ),
  /** A request whose token names a session that has ended (signed out, expired, revoked). */
  sessionEnded: () =>
    new HttpError(401, 'session_ended', 'This session has ended (signed out, expired or revoked): sign in again'),
} as const

// Payload's errors, by class name, and what clients see as their id.
const IDS_BY_ERROR_NAME: Record<string, string> = {
  AuthenticationError: 'invalid_credentials',
  ErrorDeletingFile: 'file_delete_failed',
  FileRetrievalError: 'file_not_found',
  FileUploadError: 'file_upload_failed',
  Forbidden: 'forbidden',
  Locked: 'document_locked',
  LockedAuth: 'account_locked',
  MissingFile: 'missing_file',
  NotFound: 'not_found',
  QueryError: 'invalid_query',
  UnauthorizedError: 'unauthorized',
  UnverifiedEmail: 'email_unverified',
  ValidationError: 'validation_failed',
}
const IDS_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  423: 'locked',
  429: 'too_many_requests',
  501: 'not_implemented',
}

/** The HttpError a client sees for anything thrown: unknown and server-side errors reveal nothing. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err
  const { name, status, message, type, limit, isPublic } = (err ?? {}) as {
    name?: string
    status?: number
    message?: string
    type?: string
    limit?: number
    isPublic?: boolean
  }
  // body-parser's errors, from express
  if (type === 'entity.too.large') return Errors.bodyTooLarge(limit ?? 0)
  if (type === 'parameters.too.many') return Errors.tooManyFields()
  if (type === 'entity.parse.failed') return Errors.malformedJson(message ?? '')
  if (!status || status < 400 || status >= 500) return Errors.internal()
  const id = (name && IDS_BY_ERROR_NAME[name]) ?? IDS_BY_STATUS[status] ?? 'request_failed'
  // Payload marks errors whose message may leak internals as not public.
  return new HttpError(status, id, (isPublic !== false && message) || 'The request failed')
}

/** The JSON body for an error, with the current request's id. */
export function errorBody(error: HttpError): ErrorBody {
  const requestId = currentRequestContext()?.requestId
  return { error: { id: error.id, status: error.status, message: error.message, ...(requestId ? { requestId } : {}) } }
}

/**
 * Payload's afterError hook: its REST error responses gain Atrium's `error` envelope. GraphQL
 * reports errors in its own standard shape; Payload would log every one of them at error level with
 * a stack (a wrong password included), so the config turns that off and they are logged here, by
 * what they are.
 */
export const addErrorEnvelope: AfterErrorHook = ({ error, result, graphqlResult, req }) => {
  if (!graphqlResult) {
    const httpError = toHttpError(error)
    // Payload sends req.responseHeaders with its error response: a 429 keeps its Retry-After.
    if (Object.keys(httpError.headers).length > 0) {
      const headers = new Headers(req.responseHeaders)
      for (const [name, value] of Object.entries(httpError.headers)) headers.set(name, value)
      req.responseHeaders = headers
    }
    return { response: { ...result, ...errorBody(httpError) } }
  }
  // An error GraphQL raised itself (a variable of the wrong type) has no original: the query was wrong.
  const original = (error as Error & { originalError?: unknown }).originalError
  const httpError = original ? toHttpError(original) : Errors.graphqlInvalid(error.message)
  if (httpError.status >= 500) req.payload.logger.error({ err: original }, 'GraphQL operation failed')
  else req.payload.logger.info({ errorId: httpError.id, status: httpError.status }, httpError.message)
}

/**
 * Gives an error response that did not pass through Payload's error handling (its router's "no
 * such endpoint", for one) the same envelope. The caller sends `error.status` as the HTTP status,
 * so the two always agree.
 */
export function ensureErrorEnvelope(
  status: number,
  body: Record<string, unknown>,
  method: string,
  path: string,
): Record<string, unknown> & ErrorBody {
  if (isErrorBody(body)) return body
  const message = typeof body.message === 'string' ? body.message : undefined
  // Payload answers a route it does not have with 404, or with 501 "Cannot GET …": both are a missing route.
  if (status === 404 || (status === 501 && /^Cannot [A-Z]+ /.test(message ?? ''))) {
    return { ...errorBody(Errors.routeNotFound(method, path)) }
  }
  return { ...body, ...errorBody(toHttpError({ status, message })) }
}

const isErrorBody = (body: Record<string, unknown>): body is Record<string, unknown> & ErrorBody =>
  typeof body.error === 'object' &&
  body.error !== null &&
  typeof (body.error as { status?: unknown }).status === 'number'

/** The express error handler: the last middleware of the app. */
/** Logs a request's failure (a server error with its stack, a refusal briefly) and returns what the client sees. */
export function logRequestError(
  payload: Payload,
  err: unknown,
  req: { method: string; originalUrl: string },
): HttpError {
  const httpError = toHttpError(err)
  if (httpError.status >= 500) payload.logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed')
  else payload.logger.info({ errorId: httpError.id, status: httpError.status }, httpError.message)
  return httpError
}

export function errorHandler(payload: Payload): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err)
      return
    }
    const httpError = logRequestError(payload, err, req)
    res.status(httpError.status).set(httpError.headers).json(errorBody(httpError))
  }
}
