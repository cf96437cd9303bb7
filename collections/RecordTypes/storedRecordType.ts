/**
 * A record type as the records code uses it: its definition parsed and normalised, its slot
 * assignment, and a version that changes on every save (validators and parses are cached by it).
 */
import type { PayloadRequest } from 'payload'
import type { StoredRecordType } from '../../src/records/dataValidator'
import type { RecordId } from '../../src/records/fieldKinds'
import type { SlotAssignment } from '../../src/records/slots'
import { parseRecordType } from '../../src/records/typeDefinition'
import { Slugs } from '../slugs'

/** A stored record type, ready for validating and querying its records. */
export interface LoadedRecordType {
  id: RecordId
  type: StoredRecordType
  assignment: SlotAssignment
  /** Counts the type's saves; records remember the one they were written for. */
  revision: number
  /**
   * Changes whenever the type is saved: its revision and save time (ids and revisions repeat
   * between databases, e.g. one test process on two).
   */
  version: string
}

/** The fields of a stored record type document this module reads. */
export interface RecordTypeDocument {
  id: RecordId
  revision?: number | null
  updatedAt?: string | null
  slotAssignment?: unknown
  [field: string]: unknown
}

/** What changes on every save of a record type. */
export type SavedVersion = Pick<RecordTypeDocument, 'revision' | 'updatedAt'>

const CACHE_SIZE = 200
const cache = new Map<string, LoadedRecordType>()

const versionOf = (doc: SavedVersion) => `${doc.revision ?? 0}@${doc.updatedAt ?? ''}`

/** The stored slot assignment of a type document (none before its first save). */
export function assignmentOf(doc: Pick<RecordTypeDocument, 'slotAssignment'> | null | undefined): SlotAssignment {
  const stored = doc?.slotAssignment as SlotAssignment | null | undefined
  return Array.isArray(stored?.fields) ? stored : { fields: [] }
}

/** Reads a stored type document; undefined when its definition no longer parses (never saved through the hooks). */
export function readRecordType(doc: RecordTypeDocument): LoadedRecordType | undefined {
  const cacheKey = `${String(doc.id)}@${versionOf(doc)}`
  const cached = cache.get(cacheKey)
  if (cached) return cached
  const parsed = parseRecordType(doc)
  if (!parsed.ok) return undefined
  const loaded = {
    id: doc.id,
    type: { ...parsed.type, id: doc.id },
    assignment: assignmentOf(doc),
    revision: doc.revision ?? 0,
    version: versionOf(doc),
  }
  cache.set(cacheKey, loaded)
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  return loaded
}

/**
 * Loads a record type by id as the system (access is the caller's business), inside `req`'s
 * transaction. A caller that has just read the type's saved version passes it: a version loaded
 * before is answered from the cache without reading the type again.
 */
export async function loadRecordType(
  req: PayloadRequest,
  id: RecordId,
  saved?: SavedVersion,
): Promise<LoadedRecordType | undefined> {
  const cached = saved?.updatedAt ? cache.get(`${String(id)}@${versionOf(saved)}`) : undefined
  if (cached) return cached
  const doc = await req.payload.findByID({
    collection: Slugs.recordTypes,
    id,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  return doc ? readRecordType(doc as unknown as RecordTypeDocument) : undefined
}
