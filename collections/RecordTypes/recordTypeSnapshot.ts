/**
 * The record types by key, held in memory (src/db/collectionSnapshot.ts) for read paths that name
 * a type on every request (the portal's status summary): types are configuration staff change now
 * and then. A save or delete here applies to the next request (the collection's hooks forget the
 * snapshot), one elsewhere within about a second.
 */
import { CollectionSnapshot, type SnapshotDoc } from '../../src/db/collectionSnapshot'
import type { RecordType } from '../../src/payload-types'
import { Slugs } from '../slugs'

/** The RecordTypes collection in memory, by key. */
export const recordTypeSnapshot = new CollectionSnapshot<ReadonlyMap<string, RecordType>>(
  Slugs.recordTypes,
  (docs: SnapshotDoc[]) => new Map((docs as unknown as RecordType[]).map((type) => [type.key, type])),
)
