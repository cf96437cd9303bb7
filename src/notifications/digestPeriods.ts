/**
 * When a person's digest period ends, on their own clock: daily at their hour, weekly on their day
 * at their hour, in their time zone (timeZones.ts turns their wall clock into instants, right in
 * the weeks the clocks change).
 */
import type { DigestSchedule } from './preferences'
import { instantOf, isTimeZone, wallClock } from './timeZones'

const HOUR = 3_600_000

/**
 * The end of the person's latest digest period that ended at or before `now`, or null when they
 * get no digest. An unknown time zone counts as UTC (the person's record is checked on save; this
 * is for what was stored before).
 */
export function latestPeriodEnd(schedule: DigestSchedule, timeZone: string | null | undefined, now: Date): Date | null {
  if (schedule.frequency === 'off') return null
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC'
  const today = new Date(wallClock(now.getTime(), zone))
  // A week back (and one more day, for an hour not yet reached today) always holds the latest end.
  for (let back = 0; back <= 8; back++) {
    const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back)
    if (schedule.frequency === 'weekly' && new Date(day).getUTCDay() !== schedule.day) continue
    const end = instantOf(day + schedule.hour * HOUR, zone)
    if (end <= now.getTime()) return new Date(end)
  }
  return null
}
