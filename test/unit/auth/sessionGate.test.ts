import { judgeSession, SESSION_POLICY_DEFAULTS, type SessionPolicy } from '../../../src/auth/sessionGate'

const NOW = Date.parse('2026-12-01T12:00:00Z')
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString()
const POLICY: SessionPolicy = {
  client: { idleMinutes: 30, lifetimeHours: 8 },
  staff: { idleMinutes: 10, lifetimeHours: 2 },
}
const client = { kind: 'client', active: true }
const staff = { kind: 'staff', active: true }

describe('judgeSession', () => {
  it('refuses a missing session, an inactive user and a session without a sign-in time', () => {
    expect(judgeSession(client, undefined, POLICY, NOW)).toEqual({ accept: false, reason: 'no_session' })
    expect(judgeSession({ ...client, active: false }, { id: 's', createdAt: ago(1) }, POLICY, NOW)).toEqual({
      accept: false,
      reason: 'inactive',
    })
    expect(judgeSession(client, { id: 's' }, POLICY, NOW)).toEqual({ accept: false, reason: 'expired' })
  })

  it('refuses a session idle for the timeout, counted from its last mark or its sign-in', () => {
    expect(judgeSession(client, { id: 's', createdAt: ago(30) }, POLICY, NOW)).toEqual({
      accept: false,
      reason: 'idle',
    })
    expect(judgeSession(client, { id: 's', createdAt: ago(60), lastActiveAt: ago(31) }, POLICY, NOW).accept).toBe(false)
    expect(judgeSession(client, { id: 's', createdAt: ago(60), lastActiveAt: ago(29) }, POLICY, NOW).accept).toBe(true)
  })

  it('refuses a session past its lifetime however recently used, and prefers expired to idle', () => {
    const old = { id: 's', createdAt: ago(8 * 60), lastActiveAt: ago(0) }
    expect(judgeSession(client, old, POLICY, NOW)).toEqual({ accept: false, reason: 'expired' })
    expect(judgeSession(client, { id: 's', createdAt: ago(9 * 60) }, POLICY, NOW)).toEqual({
      accept: false,
      reason: 'expired',
    })
  })

  it("applies staff's limits to staff and clients' to everyone else", () => {
    const session = { id: 's', createdAt: ago(15) }
    expect(judgeSession(staff, session, POLICY, NOW)).toEqual({ accept: false, reason: 'idle' })
    expect(judgeSession(client, session, POLICY, NOW).accept).toBe(true)
    expect(judgeSession({}, session, POLICY, NOW).accept).toBe(true)
  })

  it('reads dates as Date objects too, and keeps the defaults a working day and a week for clients', () => {
    expect(judgeSession(client, { id: 's', createdAt: new Date(NOW - 60_000) }, POLICY, NOW).accept).toBe(true)
    expect(SESSION_POLICY_DEFAULTS.client).toEqual({ idleMinutes: 480, lifetimeHours: 168 })
  })
})
