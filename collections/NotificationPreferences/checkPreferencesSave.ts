import type { CollectionBeforeValidateHook } from 'payload'
import { idOf } from '../../src/access/ids'
import { Errors } from '../../src/http/errors'
import { parseChoices } from '../../src/notifications/preferences'

/**
 * Sets the document's `key` (one per person and tenant) and refuses choices that name an event the
 * catalogue does not have, a channel nobody registered, or a mode other than instant or digest.
 */
export const checkPreferencesSave: CollectionBeforeValidateHook = ({ data, originalDoc, req }) => {
  if (!data) return data
  const merged = { ...(originalDoc ?? {}), ...data } as Record<string, unknown>
  const user = idOf(merged.user)
  const tenant = idOf(merged.tenant)
  if (user === undefined && tenant === undefined)
    throw Errors.invalidNotificationPreferences('name the person, the client account, or both')
  if (data.choices !== undefined && data.choices !== null) {
    const parsed = parseChoices(req.payload.config, data.choices)
    if (typeof parsed === 'string') throw Errors.invalidNotificationPreferences(parsed)
    data.choices = parsed
  }
  data.key = `${user ?? '-'}:${tenant ?? '-'}`
  return data
}
