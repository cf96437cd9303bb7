import { ValidationError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'
import { Errors } from '../../../src/http/errors'
import { recordRewrite } from '../../../src/records/recordRewrite'
import { assignSlots, type SlotAssignment } from '../../../src/records/slots'
import { classifyTypeChange } from '../../../src/records/typeChanges'
import { parseRecordType } from '../../../src/records/typeDefinition'
import { startMigration, unfinishedMigration } from '../../RecordTypeMigrations/startMigration'
import { Slugs } from '../../slugs'
import { changeLine, describeChanges } from '../describeChanges'
import { countRecordsOfType } from '../recordsOfType'
import { assignmentOf, readRecordType, type RecordTypeDocument } from '../storedRecordType'

/** The keys of the stored record types (and `own`, the key of the type being saved): what reference fields may name. */
export async function typeKeys(req: PayloadRequest, own?: unknown): Promise<Set<string>> {
  const { docs } = await req.payload.find({
    collection: Slugs.recordTypes,
    pagination: false,
    depth: 0,
    select: { key: true },
    overrideAccess: true,
    req,
  })
  const keys = new Set(docs.map((doc) => doc.key))
  if (typeof own === 'string') keys.add(own)
  return keys
}

/**
 * Checks a record type before it is stored: the definition (every problem at once, each at its
 * input), its slot layout, and, for an edit, what it does to stored records. Edits that take
 * something away are refused with 409 listing each change and how many records it touches, until
 * the request confirms them (`confirmDestructiveChange`). The type is saved at once, whatever the
 * edit; when its stored records need rewriting (confirmed changes, moved slots, changed status
 * categories or search text) the save also starts a migration that rewrites them in the
 * background, and marks the type `migrating` until it is done. While one runs, another edit that
 * needs a rewrite is refused (409); edits that do not are saved as usual.
 */
export const prepareTypeSave: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  const original = operation === 'update' ? (originalDoc as RecordTypeDocument | undefined) : undefined
  const merged = { ...(original ?? {}), ...data }
  const parsed = parseRecordType(merged, { typeKeys: await typeKeys(req, merged.key) })
  const slots = parsed.ok ? assignSlots(assignmentOf(original), parsed.type) : undefined
  const errors = [...(parsed.ok ? [] : parsed.errors), ...(slots && !slots.ok ? slots.errors : [])]
  if (!parsed.ok || !slots?.ok || errors.length > 0)
    throw new ValidationError({ collection: Slugs.recordTypes, errors, req })
  const after = parsed.type
  const fromRevision = original?.revision ?? 0
  const revision = fromRevision + 1
  // A running migration's columns stay settling through edits that need no rewrite of their own.
  const settling = assignmentOf(original).settling
  const saved = (assignment: SlotAssignment) => ({ ...data, slotAssignment: assignment, revision })
  const before = original ? readRecordType(original)?.type : undefined
  if (!original || !before) return saved(slots.assignment)
  const changes = classifyTypeChange(before, after)
  const rewrite = recordRewrite(before, after, changes, slots)
  if (!rewrite) return saved({ ...slots.assignment, ...(settling ? { settling } : {}) })
  const running = await unfinishedMigration(req, original.id)
  if (running) throw Errors.recordTypeMigrating(running.title)
  const total = await countRecordsOfType(req, original.id)
  if (rewrite.adaptsData && data.confirmDestructiveChange !== true) {
    const described = await describeChanges(req, original.id, changes, total)
    throw Errors.typeChangeNeedsConfirmation(described.map((change) => changeLine(change, total)))
  }
  if (total === 0) return saved(slots.assignment)
  const assignment = { ...slots.assignment, settling: { revision, columns: rewrite.settlingColumns } }
  const migration = await startMigration(req, {
    typeId: original.id,
    fromRevision,
    toRevision: revision,
    before,
    after,
    assignment: slots.assignment,
    adaptsData: rewrite.adaptsData,
    changes: await describeChanges(req, original.id, changes, total),
    total,
  })
  return { ...saved(assignment), migrating: true, migration }
}
