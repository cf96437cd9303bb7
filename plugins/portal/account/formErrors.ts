/**
 * What a portal form shows when a write is refused: the refusal's message, and each field's own
 * message where Payload's validation named fields, so the page can put it beside the input.
 */
import { toHttpError } from '../../../src/http/errors'

/** A refused form: its status, a message for the top of the page, and messages by field path. */
export interface FormRefusal {
  status: number
  id: string
  message: string
  fields: Record<string, string>
}

/**
 * The refusal `error` means for a form; a server-side failure (5xx) is thrown on, to the error
 * handler, which reveals nothing.
 */
export function formRefusal(error: unknown): FormRefusal {
  const httpError = toHttpError(error)
  if (httpError.status >= 500) throw error
  const listed = (error as { data?: { errors?: { path?: unknown; message?: unknown }[] } }).data?.errors ?? []
  // An error of ours names its fields itself (HttpError.fieldErrors); Payload's validation lists them.
  const fields: Record<string, string> = { ...httpError.fieldErrors }
  for (const item of Array.isArray(listed) ? listed : []) {
    if (typeof item.path === 'string' && typeof item.message === 'string') fields[item.path] = item.message
  }
  return { status: httpError.status, id: httpError.id, message: httpError.message, fields }
}
