import type { CollectionConfig, Field } from 'payload'
import { isStaff as actsAsStaff } from '../../src/access/ability'
import { isLocale, isTimeZone } from '../../src/notifications/timeZones'
import { Slugs } from '../slugs'
import { deleteUserIdentities } from '../UserIdentities/deleteUserIdentities'
import { guardAccessChanges } from './hooks/guardAccessChanges'
import { checkNewPassword, requireCurrentPassword } from './hooks/guardPasswordChange'
import { forgetSignInFailures, guardPasswordSignIn } from './hooks/guardPasswordSignIn'
import { publishUserInvited } from './hooks/publishUserInvited'
import { refuseBlockedSignIn } from './hooks/refuseBlockedSignIn'
import { resetSecondFactor } from './hooks/resetSecondFactor'
import { endSessionsOnChange, noteSessionsBeforePasswordChange } from './hooks/endSessionsOnChange'
import { hashResetToken, prepareReset, recordRefusedReset, recordReset } from './hooks/resetPasswordToken'
import { LONGEST_SESSION_SECONDS } from '../../src/auth/sessionGate'
import { capTokenToLifetime } from '../../src/auth/sessionToken'
import { secondFactorFields } from './secondFactorFields'
import { refuseSsoOnlySignIn } from './hooks/refuseSsoOnlySignIn'

/** The kinds of people who sign in: the vendor's own staff, or a client's users. */
export const USER_KINDS = ['staff', 'client'] as const

const isStaff = (data: { kind?: unknown } | undefined) => data?.kind === 'staff'
const isClient = (data: { kind?: unknown } | undefined) => data?.kind === 'client'

/**
 * How much a person may approve where a workflow step has a limit field (an amount): a client
 * user's per membership, a staff member's for every client. Without either, they are not
 * assigned to such steps (src/workflows/approval.ts).
 */
const approvalAuthority = (condition?: (data: Record<string, unknown>) => boolean): Field[] => [
  {
    name: 'approvalLimit',
    type: 'number',
    min: 0,
    admin: { condition, description: 'The highest amount they may approve where a workflow step checks one.' },
  },
  {
    name: 'approvalUnlimited',
    type: 'checkbox',
    defaultValue: false,
    admin: { condition, description: 'May approve any amount.' },
  },
]

/**
 * People who sign in to Atrium. Staff use the admin UI and hold staff roles (an account manager
 * for the tenants assigned to them); client users use the portal and hold client roles through
 * their memberships, one per tenant. Who may change whose access is decided in guardAccessChanges.
 */
export const Users: CollectionConfig = {
  slug: Slugs.users,
  auth: {
    // Loading the user's relations on every request costs a query per relation; the access path reads ids.
    depth: 0,
    // No lock after N failures: anyone could lock anyone out by guessing. Failures are slowed per
    // (email, client address) instead, see hooks/guardPasswordSignIn.ts and src/auth/signInBackoff.ts.
    maxLoginAttempts: 0,
    // The staff's session policy ends sessions (src/auth/sessionGate.ts); the token only must not
    // end them sooner, so it lives as long as the longest lifetime the policy allows.
    tokenExpiration: LONGEST_SESSION_SECONDS,
  },
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'name', 'kind', 'active', 'updatedAt'],
  },
  access: {
    // Only the vendor's staff reach the admin UI; clients have the portal.
    admin: ({ req }) => actsAsStaff(req.user),
  },
  custom: { atrium: { tenantScope: 'memberships.tenant' } },
  hooks: {
    beforeOperation: [guardPasswordSignIn, checkNewPassword, prepareReset],
    beforeValidate: [guardAccessChanges, requireCurrentPassword],
    beforeChange: [noteSessionsBeforePasswordChange, hashResetToken],
    afterChange: [publishUserInvited, endSessionsOnChange, resetSecondFactor],
    beforeDelete: [deleteUserIdentities],
    afterOperation: [recordReset, capTokenToLifetime],
    afterError: [recordRefusedReset],
    beforeLogin: [refuseBlockedSignIn, refuseSsoOnlySignIn],
    afterLogin: [forgetSignInFailures],
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 200 },
    {
      // Payload's own session rows (it adds id, createdAt, expiresAt), with when each was last
      // used: the idle timeout is measured from it. Written at most once a minute per session.
      name: 'sessions',
      type: 'array',
      fields: [{ name: 'lastActiveAt', type: 'date' }],
    },
    {
      // Asked when people change their own password (hooks/guardPasswordChange.ts); never stored or read back.
      name: 'currentPassword',
      type: 'text',
      virtual: true,
      maxLength: 1000,
      admin: {
        // Payload's masked password input, optional (src/admin/CurrentPasswordField.tsx).
        components: { Field: '/admin/CurrentPasswordField#CurrentPasswordField' },
        description: 'Your current password, to change your own password.',
        condition: (data, _siblingData, { user }) => Boolean(user && data?.id && String(user.id) === String(data.id)),
      },
    },
    {
      // How dates in their emails and digests read, and when "Friday afternoon" is for them.
      name: 'locale',
      type: 'text',
      defaultValue: 'en-GB',
      maxLength: 35,
      validate: (value: unknown) =>
        value === null || value === undefined || isLocale(value) ? true : 'Use a language tag such as en-GB or de-DE',
      admin: { position: 'sidebar' },
    },
    {
      name: 'timeZone',
      type: 'text',
      defaultValue: 'UTC',
      maxLength: 64,
      validate: (value: unknown) =>
        value === null || value === undefined || isTimeZone(value)
          ? true
          : 'Use an IANA time zone such as Europe/Berlin or UTC',
      admin: { position: 'sidebar' },
    },
    {
      name: 'kind',
      type: 'select',
      required: true,
      // No default: whether someone is staff is always a deliberate choice.
      options: USER_KINDS.map((kind) => ({ label: kind === 'staff' ? 'Staff' : 'Client', value: kind })),
      admin: { position: 'sidebar' },
    },
    {
      name: 'active',
      type: 'checkbox',
      defaultValue: true,
      admin: { position: 'sidebar', description: 'An inactive user cannot sign in and holds no permission.' },
    },
    {
      name: 'memberships',
      type: 'array',
      admin: { condition: (data) => isClient(data), description: 'The client accounts this person acts for.' },
      fields: [
        { name: 'tenant', type: 'relationship', relationTo: Slugs.tenants, required: true, index: true },
        {
          name: 'roles',
          type: 'relationship',
          relationTo: Slugs.roles,
          hasMany: true,
          required: true,
          filterOptions: { audience: { equals: 'client' } },
        },
        ...approvalAuthority(),
      ],
    },
    {
      name: 'staffRoles',
      type: 'relationship',
      relationTo: Slugs.roles,
      hasMany: true,
      filterOptions: { audience: { equals: 'staff' } },
      admin: { condition: (data) => isStaff(data) },
    },
    {
      name: 'assignedTenants',
      type: 'relationship',
      relationTo: Slugs.tenants,
      hasMany: true,
      admin: { condition: (data) => isStaff(data), description: 'The client accounts this person looks after.' },
    },
    ...approvalAuthority((data) => isStaff(data)),
    ...secondFactorFields,
  ],
}
