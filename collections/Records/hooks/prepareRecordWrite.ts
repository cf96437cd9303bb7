import { ValidationError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'
import { TENANT_FIELD } from '../../../src/access/tenantOwned'
import { toFieldErrors, validatorFor } from '../../../src/records/dataValidator'
import { recordColumns } from '../../../src/records/recordColumns'
import { TYPE_REVISION_COLUMN } from '../../../src/records/slots'
import { loadRecordType } from '../../RecordTypes/storedRecordType'
import { Slugs } from '../../slugs'
import { RecordWriteChecks, type WriteProblem } from '../recordWriteChecks'
import { idOf } from '../../../src/access/ids'

const refuse = (req: PayloadRequest, errors: WriteProblem[]) =>
  new ValidationError({ collection: Slugs.records, errors, req })

/**
 * Checks a record against its type before it is stored, and fills in what is copied from its data.
 * Every problem is a 400 naming the field: data that does not fit the type (all fields at once),
 * references to records that are not of the named type in the same tenant, and values of unique
 * fields another record of the tenant holds. The type of a record is fixed once it is created.
 * A record is always written for its type's current revision, also while a migration rewrites
 * the others: it is stamped with that revision, so the migration leaves it alone.
 */
export const prepareRecordWrite: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  const merged = { ...(operation === 'update' ? originalDoc : {}), ...data } as Record<string, unknown>
  const typeId = idOf(merged.type)
  if (operation === 'update' && String(idOf(originalDoc?.type)) !== String(typeId))
    throw refuse(req, [{ path: 'type', message: 'cannot change once the record is created' }])
  const loaded = typeId === undefined ? undefined : await loadRecordType(req, typeId)
  if (!loaded) throw refuse(req, [{ path: 'type', message: 'must be an existing record type' }])
  const checked = validatorFor(loaded.type, loaded.version).validate(merged.data)
  if (!checked.ok) throw refuse(req, toFieldErrors(checked.errors))
  const tenant = idOf(merged[TENANT_FIELD])
  if (tenant === undefined) throw refuse(req, [{ path: TENANT_FIELD, message: 'is required' }])
  const write = {
    self: operation === 'update' ? idOf(originalDoc?.id) : undefined,
    data: checked.data,
    references: checked.references,
  }
  const problems = (await RecordWriteChecks.load(req, loaded, tenant, [write])).problems(write)
  if (problems.length > 0) throw refuse(req, problems)
  return {
    ...data,
    data: checked.data,
    ...recordColumns(loaded.type, loaded.assignment, checked.data),
    [TYPE_REVISION_COLUMN]: loaded.revision,
  }
}
