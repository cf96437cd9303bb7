import { CollectionSnapshot } from '../../src/db/collectionSnapshot'
import type { NotificationRule } from '../../src/payload-types'
import { Slugs } from '../slugs'

/** The active rules by event key, held in memory (every event reads them; staff change them rarely). */
export const ruleSnapshot = new CollectionSnapshot<ReadonlyMap<string, NotificationRule[]>>(
  Slugs.notificationRules,
  (docs) => {
    const byEvent = new Map<string, NotificationRule[]>()
    for (const doc of docs as unknown as NotificationRule[]) {
      if (doc.active === false) continue
      byEvent.set(doc.event, [...(byEvent.get(doc.event) ?? []), doc])
    }
    return byEvent
  },
)
