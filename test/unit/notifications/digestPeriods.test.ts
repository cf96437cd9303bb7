/**
 * When a digest period ends, on the person's clock: daily and weekly, in time zones east and west
 * of UTC and off the hour, and in the weeks the clocks change (a digest hour that never happens
 * comes just after the gap; one that happens twice comes once, at its first occurrence).
 */
import { latestPeriodEnd } from '../../../src/notifications/digestPeriods'
import { instantOf } from '../../../src/notifications/timeZones'
import type { DigestSchedule } from '../../../src/notifications/preferences'

const at = (iso: string) => new Date(iso)
const daily = (hour: number): DigestSchedule => ({ frequency: 'daily', day: 0, hour })
const weekly = (day: number, hour: number): DigestSchedule => ({ frequency: 'weekly', day, hour })
const FRIDAY_3PM = weekly(5, 15)

describe('latestPeriodEnd', () => {
  it('gives no period to a person who turned digests off', () => {
    expect(latestPeriodEnd({ frequency: 'off', day: 5, hour: 15 }, 'UTC', at('2026-12-04T16:00:00Z'))).toBeNull()
  })

  it('ends a daily period at the hour, the hour itself included', () => {
    expect(latestPeriodEnd(daily(15), 'UTC', at('2026-12-01T15:00:00Z'))).toEqual(at('2026-12-01T15:00:00Z'))
    expect(latestPeriodEnd(daily(15), 'UTC', at('2026-12-01T14:59:59.999Z'))).toEqual(at('2026-11-30T15:00:00Z'))
    expect(latestPeriodEnd(daily(0), 'UTC', at('2026-12-01T00:00:00Z'))).toEqual(at('2026-12-01T00:00:00Z'))
    expect(latestPeriodEnd(daily(23), 'UTC', at('2026-12-01T22:00:00Z'))).toEqual(at('2026-11-30T23:00:00Z'))
  })

  it('ends a weekly period on the day at the hour, and not before', () => {
    // 4 December 2026 is a Friday.
    expect(latestPeriodEnd(FRIDAY_3PM, 'UTC', at('2026-12-04T15:00:00Z'))).toEqual(at('2026-12-04T15:00:00Z'))
    expect(latestPeriodEnd(FRIDAY_3PM, 'UTC', at('2026-12-04T14:59:59Z'))).toEqual(at('2026-11-27T15:00:00Z'))
    expect(latestPeriodEnd(FRIDAY_3PM, 'UTC', at('2026-12-10T23:00:00Z'))).toEqual(at('2026-12-04T15:00:00Z'))
    expect(latestPeriodEnd(weekly(0, 9), 'UTC', at('2026-12-06T09:00:00Z'))).toEqual(at('2026-12-06T09:00:00Z'))
    expect(latestPeriodEnd(weekly(6, 9), 'UTC', at('2026-12-05T08:00:00Z'))).toEqual(at('2026-11-28T09:00:00Z'))
  })

  it("counts the hour and the day on the person's own clock", () => {
    // New York is UTC-5 in December: Friday 15:00 there is 20:00 UTC.
    expect(latestPeriodEnd(FRIDAY_3PM, 'America/New_York', at('2026-12-04T19:59:00Z'))).toEqual(
      at('2026-11-27T20:00:00Z'),
    )
    expect(latestPeriodEnd(FRIDAY_3PM, 'America/New_York', at('2026-12-04T20:00:00Z'))).toEqual(
      at('2026-12-04T20:00:00Z'),
    )
    // Tokyo (UTC+9): 08:00 on 1 December there is 23:00 UTC on 30 November.
    expect(latestPeriodEnd(daily(8), 'Asia/Tokyo', at('2026-12-01T00:30:00Z'))).toEqual(at('2026-11-30T23:00:00Z'))
    // Friday on Kiritimati (UTC+14) begins on Thursday in UTC.
    expect(latestPeriodEnd(weekly(5, 9), 'Pacific/Kiritimati', at('2026-12-03T20:00:00Z'))).toEqual(
      at('2026-12-03T19:00:00Z'),
    )
    // Half an hour off the hour: Kolkata is UTC+5:30.
    expect(latestPeriodEnd(daily(9), 'Asia/Kolkata', at('2026-12-01T04:00:00Z'))).toEqual(at('2026-12-01T03:30:00Z'))
  })

  it('reads an unknown or missing time zone as UTC', () => {
    expect(latestPeriodEnd(daily(15), 'Mars/Olympus', at('2026-12-01T15:30:00Z'))).toEqual(at('2026-12-01T15:00:00Z'))
    expect(latestPeriodEnd(daily(15), null, at('2026-12-01T15:30:00Z'))).toEqual(at('2026-12-01T15:00:00Z'))
  })

  it('keeps the local hour across the week the clocks go forward', () => {
    // Berlin: CET (UTC+1) until 29 March 2026 02:00, then CEST (UTC+2). Friday 15:00 each week.
    const berlin = (iso: string) => latestPeriodEnd(FRIDAY_3PM, 'Europe/Berlin', at(iso))
    expect(berlin('2026-03-27T14:00:00Z')).toEqual(at('2026-03-27T14:00:00Z'))
    expect(berlin('2026-04-03T12:59:00Z')).toEqual(at('2026-03-27T14:00:00Z'))
    expect(berlin('2026-04-03T13:00:00Z')).toEqual(at('2026-04-03T13:00:00Z'))
    // A daily digest at 15:00 on the Saturday before and the Sunday of the change.
    expect(latestPeriodEnd(daily(15), 'Europe/Berlin', at('2026-03-28T23:00:00Z'))).toEqual(at('2026-03-28T14:00:00Z'))
    expect(latestPeriodEnd(daily(15), 'Europe/Berlin', at('2026-03-29T13:00:00Z'))).toEqual(at('2026-03-29T13:00:00Z'))
  })

  it('sends a digest due in the hour that never happens just after the gap', () => {
    // 02:00 does not exist in Berlin on 29 March 2026: clocks jump to 03:00 CEST (01:00 UTC).
    expect(latestPeriodEnd(daily(2), 'Europe/Berlin', at('2026-03-29T00:59:00Z'))).toEqual(at('2026-03-28T01:00:00Z'))
    expect(latestPeriodEnd(daily(2), 'Europe/Berlin', at('2026-03-29T01:00:00Z'))).toEqual(at('2026-03-29T01:00:00Z'))
    // New York on 8 March 2026: 02:00 EST becomes 03:00 EDT (07:00 UTC).
    expect(latestPeriodEnd(weekly(0, 2), 'America/New_York', at('2026-03-08T08:00:00Z'))).toEqual(
      at('2026-03-08T07:00:00Z'),
    )
  })

  it('ends the period once in the hour that happens twice', () => {
    // Berlin on 25 October 2026: 02:00–03:00 happens at 00:00 UTC (CEST) and again at 01:00 UTC (CET).
    const end = at('2026-10-25T00:00:00Z')
    expect(latestPeriodEnd(daily(2), 'Europe/Berlin', at('2026-10-24T23:59:59Z'))).toEqual(at('2026-10-24T00:00:00Z'))
    expect(latestPeriodEnd(daily(2), 'Europe/Berlin', at('2026-10-25T00:00:00Z'))).toEqual(end)
    // The second 02:00 is the same period: the digest key (its end) does not change.
    expect(latestPeriodEnd(daily(2), 'Europe/Berlin', at('2026-10-25T01:30:00Z'))).toEqual(end)
    expect(latestPeriodEnd(daily(2), 'Europe/Berlin', at('2026-10-26T00:59:00Z'))).toEqual(end)
    expect(latestPeriodEnd(daily(2), 'Europe/Berlin', at('2026-10-26T01:00:00Z'))).toEqual(at('2026-10-26T01:00:00Z'))
  })
})

describe('instantOf', () => {
  it('turns a wall-clock time into the instant for zones on both sides of UTC', () => {
    expect(new Date(instantOf(Date.UTC(2026, 6, 1, 12), 'Europe/London'))).toEqual(at('2026-07-01T11:00:00Z'))
    expect(new Date(instantOf(Date.UTC(2026, 6, 1, 12), 'America/Los_Angeles'))).toEqual(at('2026-07-01T19:00:00Z'))
    expect(new Date(instantOf(Date.UTC(2026, 0, 1, 0), 'Australia/Sydney'))).toEqual(at('2025-12-31T13:00:00Z'))
  })
})
