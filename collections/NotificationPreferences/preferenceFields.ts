import type { Field, FieldHook } from 'payload'
import { Errors } from '../../src/http/errors'
import { parseChoices } from '../../src/notifications/preferences'

/** Digest days, Sunday first (as Date.getDay counts them). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const

/** Refuses choices that name an event the catalogue lacks, an unknown channel or mode (400, nothing stored). */
const checkChoices: FieldHook = ({ value, req }) => {
  if (value === undefined || value === null) return value
  const parsed = parseChoices(req.payload.config, value)
  if (typeof parsed === 'string') throw Errors.invalidNotificationPreferences(parsed)
  return parsed
}

/**
 * What a person chooses in their preference center, and what a tenant's administrators set as its
 * defaults (Tenants' `notificationDefaults`): the same fields in both places.
 */
export const preferenceFields: Field[] = [
  {
    // { "<event key>": { "email": true, "bell": true, "sms": false, "mode": "instant" | "digest" } }
    name: 'choices',
    type: 'json',
    hooks: { beforeValidate: [checkChoices] },
    admin: { description: 'Per event type: which channels (email, bell, and plugin channels) and instant or digest.' },
  },
  {
    name: 'digestFrequency',
    type: 'select',
    defaultValue: 'weekly',
    options: ['daily', 'weekly', 'off'],
    admin: { description: 'Off: what waits for a digest is only in the bell.' },
  },
  { name: 'digestDay', type: 'select', defaultValue: 'friday', options: [...WEEKDAYS] },
  { name: 'digestHour', type: 'number', defaultValue: 15, min: 0, max: 23 },
]
