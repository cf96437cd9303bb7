/**
 * The locale and time zone a person's messages are written for, checked by Intl, and wall-clock
 * arithmetic on Intl's time zone data (no library).
 */

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

const DAY = 86_400_000

const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * The wall clock of `timeZone` at `at` (ms), written as if it were UTC (so Date's UTC getters read
 * it). The offset of a zone at an instant is this minus the instant.
 */
export function wallClock(at: number, timeZone: string): number {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, format)
  }
  const part = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, Number(p.value)]))
  return Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!)
}

const offsetAt = (at: number, timeZone: string) => wallClock(at, timeZone) - Math.floor(at / 1000) * 1000

/**
 * The instant at which `timeZone`'s clocks read `wall` (a wall-clock time written as UTC). A time
 * that happens twice (clocks go back) is its first occurrence; a time that never happens (clocks
 * go forward) is the first instant after the gap, so a digest due in the gap still comes that day.
 */
export function instantOf(wall: number, timeZone: string): number {
  // Zones change their offset at most a few times a year, so a day either side holds both offsets.
  const before = wall - offsetAt(wall - DAY, timeZone)
  const after = wall - offsetAt(wall + DAY, timeZone)
  const exact = [before, after].filter((at) => wallClock(at, timeZone) === wall).sort((a, b) => a - b)
  return exact[0] ?? before
}
