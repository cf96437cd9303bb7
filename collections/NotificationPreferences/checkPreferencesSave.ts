import type { CollectionBeforeValidateHook } from 'payload'
import { idOf } from '../../src/access/ids'
import { Errors } from '../../src/http/errors'

/** Sets the document's `key`: one per person and tenant (their choices are checked by the field). */
export const checkPreferencesSave: CollectionBeforeValidateHook = ({ data, originalDoc }) => {
  if (!data) return data
  const merged = { ...(originalDoc ?? {}), ...data } as Record<string, unknown>
  const user = idOf(merged.user)
  if (user === undefined) throw Errors.invalidNotificationPreferences('name the person they are for')
  data.key = `${user}:${idOf(merged.tenant) ?? '-'}`
  return data
}
