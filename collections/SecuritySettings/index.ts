import type { Access, GlobalBeforeValidateHook, GlobalConfig } from 'payload'
import { isStaff } from '../../src/access/ability'
import { abilityOf } from '../../src/access/collectionAccess'
import { forgetSessionPolicy } from '../../src/auth/sessionPolicy'
import { SESSION_LIMITS, SESSION_POLICY_DEFAULTS } from '../../src/auth/sessionGate'
import { Errors } from '../../src/http/errors'
import { GlobalSlugs } from '../slugs'

const staff: Access = ({ req }) => isStaff(req.user)
// The policy binds every client and every member of staff: only those who manage everything set it.
const vendorAdmins: Access = async ({ req }) => isStaff(req.user) && (await abilityOf(req)).can('manage', 'all')

type Kind = 'client' | 'staff'
const KINDS: readonly Kind[] = ['client', 'staff']
const idleField = (kind: Kind) => `${kind}IdleMinutes` as const
const lifetimeField = (kind: Kind) => `${kind}LifetimeHours` as const

/**
 * Every value a whole number within its limits, and no idle timeout longer than the lifetime (it
 * could never apply). Checked on the whole document, as it will be after the change, before
 * Payload's own field checks, so that a bad value is refused with one clear message.
 */
const checkSettings: GlobalBeforeValidateHook = ({ data, originalDoc }) => {
  const after = { ...(originalDoc ?? {}), ...(data ?? {}) } as Record<string, unknown>
  const problems: Record<string, string> = {}
  const whole = (name: string, label: string, min: number, max: number): number | undefined => {
    const value = after[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems[name] = `${label} must be a whole number from ${min} to ${max}`
      return undefined
    }
    return value
  }
  for (const kind of KINDS) {
    const who = kind === 'client' ? 'Client' : 'Staff'
    const idle = whole(idleField(kind), `${who} idle timeout (minutes)`, ...SESSION_LIMITS.idleMinutes)
    const lifetime = whole(lifetimeField(kind), `${who} session lifetime (hours)`, ...SESSION_LIMITS.lifetimeHours)
    if (idle !== undefined && lifetime !== undefined && idle > lifetime * 60) {
      problems[idleField(kind)] =
        `${who} idle timeout (${idle} minutes) is longer than the session lifetime (${lifetime} hours)`
    }
  }
  if (Object.keys(problems).length > 0) throw Errors.invalidSecuritySettings(problems)
  return data
}

const minutes = (kind: Kind) => ({
  name: idleField(kind),
  type: 'number' as const,
  required: true,
  defaultValue: SESSION_POLICY_DEFAULTS[kind].idleMinutes,
  min: SESSION_LIMITS.idleMinutes[0],
  max: SESSION_LIMITS.idleMinutes[1],
  admin: { description: 'A session unused this long ends (checked on every request, to the minute).' },
})
const hours = (kind: Kind) => ({
  name: lifetimeField(kind),
  type: 'number' as const,
  required: true,
  defaultValue: SESSION_POLICY_DEFAULTS[kind].lifetimeHours,
  min: SESSION_LIMITS.lifetimeHours[0],
  max: SESSION_LIMITS.lifetimeHours[1],
  admin: { description: 'A session ends this long after sign-in, however active; refreshing does not extend it.' },
})

/**
 * How long sessions last, set by the vendor's administrators: an idle timeout and an absolute
 * lifetime, one pair for client users and one for staff (who see every client, so by default a
 * shorter one). Enforced on every signed-in request by src/auth/sessionGate.ts.
 */
export const SecuritySettings: GlobalConfig = {
  slug: GlobalSlugs.securitySettings,
  label: 'Security settings',
  admin: { group: 'Security' },
  access: { read: staff, readVersions: staff, update: vendorAdmins },
  hooks: { beforeValidate: [checkSettings], afterChange: [({ req, doc }) => (forgetSessionPolicy(req.payload), doc)] },
  fields: [
    {
      type: 'collapsible',
      label: 'Client sessions',
      fields: [minutes('client'), hours('client')],
    },
    {
      type: 'collapsible',
      label: 'Staff sessions',
      fields: [minutes('staff'), hours('staff')],
    },
  ],
}
