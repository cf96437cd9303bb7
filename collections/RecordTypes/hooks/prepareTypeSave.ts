import { ValidationError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'
import { Errors } from '../../../src/http/errors'
import { countAffected, type StoredRecordData } from '../../../src/records/affectedRecords'
import { derivedColumnsChange } from '../../../src/records/recordColumns'
import { assignSlots } from '../../../src/records/slots'
import { classifyTypeChange, needsConfirmation, type TypeChange } from '../../../src/records/typeChanges'
import { parseRecordType } from '../../../src/records/typeDefinition'
import { Slugs } from '../../slugs'
import { countRecordsOfType, recordsOfType } from '../recordsOfType'
import { assignmentOf, readRecordType, type RecordTypeDocument } from '../storedRecordType'
import { scheduleRewrite } from './rewriteRecords'

/**
 * Most records one save rewrites itself; a type with more needs a background migration (not built
 * yet), so such an edit is refused rather than holding a transaction open for minutes.
 */
export const REWRITE_LIMIT = 5000

async function typeKeys(req: PayloadRequest, own: unknown): Promise<Set<string>> {
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

async function describeChanges(req: PayloadRequest, typeId: number | string, changes: TypeChange[]) {
  const records: StoredRecordData[] = []
  for await (const page of recordsOfType(req, typeId)) records.push(...page)
  return changes.map((change) => {
    const count = change.affects ? ` (${countAffected(change.affects, records)} of ${records.length} records)` : ''
    const mark = change.effect === 'needsConfirmation' ? 'needs confirmation: ' : ''
    return `${mark}${change.message}${count}`
  })
}

/**
 * Checks a record type before it is stored: the definition (every problem at once, each at its
 * input), its slot layout, and, for an edit, what it does to stored records. Edits that take
 * something away are refused with 409 listing each change and how many records it touches, until
 * the request confirms them (`confirmDestructiveChange`). Stores the slot assignment, bumps the
 * revision, and leaves the records' rewrite to rewriteRecords once the type is saved.
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
  const before = original ? readRecordType(original)?.type : undefined
  if (original && before) {
    const changes = classifyTypeChange(before, after)
    const confirmNeeded = needsConfirmation(changes)
    const rewrite = slots.changedColumns.length > 0 || confirmNeeded || derivedColumnsChange(before, after)
    const total = rewrite ? await countRecordsOfType(req, original.id) : 0
    if (total > REWRITE_LIMIT) throw Errors.backgroundMigrationNeeded(total, REWRITE_LIMIT)
    if (confirmNeeded && data.confirmDestructiveChange !== true)
      throw Errors.typeChangeNeedsConfirmation(await describeChanges(req, original.id, changes))
    if (total > 0)
      scheduleRewrite(req, original.id, { before, after, assignment: slots.assignment, adapt: confirmNeeded })
  }
  return {
    ...data,
    slotAssignment: slots.assignment,
    revision: (original?.revision ?? 0) + 1,
  }
}
