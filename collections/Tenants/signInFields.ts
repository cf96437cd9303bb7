import type { Field } from 'payload'

/**
 * How a tenant's client users sign in to its portal. Sign-in links by email are always offered;
 * passwords only while the tenant allows them (the default, so installations that had passwords
 * keep them). With passwords off, its client users' password sign-in is refused at every door
 * (collections/Users/hooks/refuseBlockedSignIn.ts, plugins/portal/tenantRouter.ts).
 */
export const signInFields: Field = {
  name: 'signIn',
  type: 'group',
  admin: { description: 'How this account’s people sign in to its portal.' },
  fields: [
    {
      name: 'allowPasswords',
      type: 'checkbox',
      defaultValue: true,
      admin: {
        description:
          'Let its people sign in with a password as well as with a link by email. Off: links only (for anyone who is a member here).',
      },
    },
  ],
}

/** Whether a tenant document lets its client users sign in with a password (unset counts as yes). */
export const allowsPasswords = (tenant: { signIn?: { allowPasswords?: boolean | null } | null }): boolean =>
  tenant.signIn?.allowPasswords !== false
