import type { CollectionBeforeOperationHook, CollectionBeforeValidateHook } from 'payload'
import { passwordMatches } from '../../../src/auth/passwordHash'
import { checkPasswordRules } from '../../../src/auth/passwordRules'
import { Errors } from '../../../src/http/errors'
import { Slugs } from '../../slugs'

/** Every password set, by creation, change or reset-password, keeps the password rules. */
export const checkNewPassword: CollectionBeforeOperationHook = ({ args, operation }) => {
  if (operation !== 'create' && operation !== 'update' && operation !== 'resetPassword') return args
  const password = (args as { data?: { password?: unknown } }).data?.password
  // Payload leaves the password as it is when none (or an empty one) is sent.
  if (password !== undefined && password !== null && password !== '') checkPasswordRules(password)
  return args
}

/**
 * Changing one's own password needs the current one (`currentPassword`), so a stolen session or an
 * unattended browser cannot take the account over. Staff setting someone else's password go by
 * their rules (guardAccessChanges) alone.
 */
export const requireCurrentPassword: CollectionBeforeValidateHook = async ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || !data) return data
  const { currentPassword, ...rest } = data as Record<string, unknown>
  const changesPassword = typeof rest.password === 'string' && rest.password !== ''
  const ownAccount =
    req.user?.collection === Slugs.users && originalDoc && String(req.user.id) === String(originalDoc.id)
  if (!changesPassword || !ownAccount) return rest
  if (typeof currentPassword !== 'string' || currentPassword === '') throw Errors.currentPasswordRequired()
  const stored = await req.payload.db.findOne<{ id: number | string; hash?: unknown; salt?: unknown }>({
    collection: Slugs.users,
    req,
    where: { id: { equals: originalDoc.id } },
  })
  if (!stored || !(await passwordMatches(stored, currentPassword))) throw Errors.currentPasswordWrong()
  return rest
}
