import type { Payload } from 'payload'
import { abilityFor, type AccessUser } from './ability'
import { conditionSubject } from './conditionSubject'

/**
 * Whether `user` may read `doc` of `collection` now: the same rules the access path turns into a
 * query's Where, matched in memory against a document the caller already holds (the notification
 * fan-out asks it of hundreds of people about one item; a query each would cost a round trip).
 */
export async function mayRead(
  payload: Payload,
  user: AccessUser,
  collection: string,
  doc: Record<string, unknown>,
): Promise<boolean> {
  const ability = await abilityFor(payload, user)
  return ability.can('read', conditionSubject(ability, 'read', collection, doc) as never)
}
