import type { Field, FieldAccess } from 'payload'

const nobody: FieldAccess = () => false
// No one reads or writes these through an API, staff included: Payload's own reads for sign-in
// (overrideAccess) see them, and only src/auth/secondFactor writes them.
const internal = { access: { read: nobody, create: nobody, update: nobody }, admin: { disabled: true } } as const

/**
 * A staff member's second factor (src/auth/secondFactor): the authenticator secret (sealed with a
 * key derived from PAYLOAD_SECRET), the last code step used, hashes of the unused recovery codes,
 * and the sessions that proved it. Top-level fields, so that a write can compare-and-set them in
 * one statement (src/db/systemRows.ts).
 */
export const secondFactorFields: Field[] = [
  { name: 'secondFactorSecret', type: 'text', ...internal },
  // Offered at enrolment, kept until a first code proves the app holds it.
  { name: 'secondFactorPendingSecret', type: 'text', ...internal },
  { name: 'secondFactorEnabledAt', type: 'date', ...internal },
  // The time step of the last code taken: it and older steps are refused (no replays).
  { name: 'secondFactorLastStep', type: 'number', ...internal },
  // sha-256 of each unused recovery code.
  { name: 'secondFactorRecoveryCodes', type: 'json', ...internal },
  // The session ids (Payload's `sid`) that proved the second factor.
  { name: 'secondFactorSessions', type: 'json', ...internal },
  // Raised by every write, which only succeeds on the revision it read: no lost updates.
  { name: 'secondFactorRevision', type: 'number', defaultValue: 0, ...internal },
]
