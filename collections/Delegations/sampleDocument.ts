import type { Payload } from 'payload'
import { sampleMember } from '../Requests/sampleDocument'

/** A delegation between two sample people of `tenant`, for suites generated from the config. */
export async function sampleDelegation(tenant: number | string, payload: Payload): Promise<Record<string, unknown>> {
  const [user, substitute] = [
    await sampleMember(payload, tenant, 'away'),
    await sampleMember(payload, tenant, 'stand-in'),
  ]
  return { user: user.id, substitute: substitute.id, from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' }
}
