/** Checks of the locale and time zone a person's messages are written for (Intl decides). */

/** Whether `value` is an IANA time zone this Node knows. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/** Whether `value` is a BCP 47 language tag Intl accepts. */
export function isLocale(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 35) return false
  try {
    return Intl.getCanonicalLocales(value).length === 1
  } catch {
    return false
  }
}

/** `at` written for a person: their locale and time zone, e.g. "28 Nov 2026, 15:00 CET". */
export function formatFor(at: Date | string, locale: string | null | undefined, timeZone: string | null | undefined) {
  return new Intl.DateTimeFormat(isLocale(locale) ? locale : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: isTimeZone(timeZone) ? timeZone : 'UTC',
    timeZoneName: 'short',
  }).format(new Date(at))
}
