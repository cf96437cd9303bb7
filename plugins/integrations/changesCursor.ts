/**
 * The cursor of the changes feed: where a client left off, as the (updatedAt, id) of the last
 * record it got. Opaque to clients (base64url JSON), so its shape may change.
 */
import type { Where } from 'payload'
import { Errors } from '../../src/http/errors'

/** A position in the feed. */
export interface ChangesCursor {
  updatedAt: string
  id: number | string
}

/** The cursor after `record`. */
export const encodeCursor = ({ updatedAt, id }: ChangesCursor): string =>
  Buffer.from(JSON.stringify([updatedAt, id])).toString('base64url')

/** The cursor a client sent; 400 when it is not one this API gave. */
export function decodeCursor(text: string): ChangesCursor {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[]
    if (
      typeof updatedAt === 'string' &&
      !Number.isNaN(Date.parse(updatedAt)) &&
      ['number', 'string'].includes(typeof id)
    )
      return { updatedAt, id: id as number | string }
  } catch {
    // falls through to the refusal
  }
  throw Errors.invalidQueryParameter('since', 'must be a cursor this API returned as nextCursor')
}

/** Records after the cursor, in feed order (updatedAt, then id for records changed in the same millisecond). */
export const afterCursor = ({ updatedAt, id }: ChangesCursor): Where => ({
  or: [
    { updatedAt: { greater_than: updatedAt } },
    { and: [{ updatedAt: { equals: updatedAt } }, { id: { greater_than: id } }] },
  ],
})
