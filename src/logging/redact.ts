/**
 * Keeps personal data and secrets out of the logs: email addresses, session tokens, secrets in
 * query strings, and the SQL statements (with their parameters) that database errors carry.
 * Logs are read by more people, and kept longer, than the data they describe.
 */
import type { LoggerOptions } from 'pino'
import { stdSerializers } from 'pino'

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+/g
const SECRET_PARAM = /([?&;\s](?:token|password|apikey|api-key|api_key|secret|code)=)[^&\s]*/gi
// Drizzle's errors begin "Failed query: <statement>\nparams: <values>", stack included.
const FAILED_QUERY = /^(\w*Error: )?Failed query:[\s\S]*?(?=\n\s+at |$)/

/** `text` with email addresses, tokens and secret parameters replaced by placeholders. */
export function redactText(text: string): string {
  return text.replace(EMAIL, '[email]').replace(JWT, '[token]').replace(SECRET_PARAM, '$1[redacted]')
}

type SerializedError = ReturnType<typeof stdSerializers.err> & Record<string, unknown>

/** pino's error serializer, minus SQL statements, query parameters and personal data. */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err
  const serialized = { ...stdSerializers.err(err) } as SerializedError
  delete serialized.query
  delete serialized.params
  const cause = err.cause instanceof Error ? err.cause.message : undefined
  const withoutStatement = (text: string) =>
    text.replace(FAILED_QUERY, `$1A database query failed${cause ? `: ${cause}` : ''} (statement omitted)`)
  serialized.message = redactText(withoutStatement(serialized.message))
  if (serialized.stack) serialized.stack = redactText(withoutStatement(serialized.stack))
  return serialized
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value instanceof Error) return serializeError(value)
  return value
}

function redactArgument(arg: unknown): unknown {
  if (!arg || typeof arg !== 'object' || arg instanceof Error) return redactValue(arg)
  // One level deep: what Atrium and Payload put beside a message (url, msg, err).
  return Object.fromEntries(Object.entries(arg).map(([key, value]) => [key, redactValue(value)]))
}

/** The logger options that apply this module to every line. */
export const redactionOptions: Pick<LoggerOptions, 'serializers' | 'hooks'> = {
  serializers: { err: serializeError },
  hooks: {
    logMethod(args, method) {
      const [first, ...rest] = args
      // pino takes a message from a lone error's own text, which may hold the statement: give it ours.
      const head =
        first instanceof Error
          ? [{ err: first }, ...(rest.length > 0 ? [] : [(serializeError(first) as { message: string }).message])]
          : [redactArgument(first)]
      method.apply(this, [...head, ...rest.map(redactArgument)] as Parameters<typeof method>)
    },
  },
}
