import { ValidationError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'
import { TENANT_FIELD } from '../../../src/access/tenantOwned'
import { toFieldErrors, validatorFor, type ReferenceToCheck } from '../../../src/records/dataValidator'
import type { FieldValue, RecordId } from '../../../src/records/fieldKinds'
import { recordColumns } from '../../../src/records/recordColumns'
import { TYPE_REVISION_COLUMN } from '../../../src/records/slots'
import { uniqueConditions } from '../../../src/records/slotQuery'
import { loadRecordType, type LoadedRecordType } from '../../RecordTypes/storedRecordType'
import { Slugs } from '../../slugs'
import { storableId } from '../storableId'
import { idOf } from '../../../src/access/ids'

type Problem = { path: string; message: string }

const refuse = (req: PayloadRequest, errors: Problem[]) =>
  new ValidationError({ collection: Slugs.records, errors, req })

async function referenceProblems(req: PayloadRequest, tenant: RecordId, references: ReferenceToCheck[]) {
  const problems: Problem[] = []
  for (const reference of references) {
    const message = `must be the id of a ${reference.type} record of the same client`
    const id = storableId(req.payload, reference.id)
    const { docs } = await req.payload.find({
      collection: Slugs.recordTypes,
      where: { key: { equals: reference.type } },
      limit: 1,
      depth: 0,
      select: { key: true },
      overrideAccess: true,
      req,
    })
    const target = docs[0]?.id
    const found =
      id !== undefined && target !== undefined
        ? await req.payload.count({
            collection: Slugs.records,
            where: { id: { equals: id }, [TENANT_FIELD]: { equals: tenant }, type: { equals: target } },
            overrideAccess: true,
            req,
          })
        : { totalDocs: 0 }
    if (found.totalDocs === 0) problems.push({ path: `data.${reference.field}`, message })
  }
  return problems
}

async function uniqueProblems(
  req: PayloadRequest,
  loaded: LoadedRecordType,
  tenant: RecordId,
  data: Record<string, FieldValue>,
  self: RecordId | undefined,
) {
  const problems: Problem[] = []
  for (const { field, where } of uniqueConditions(loaded.assignment, data)) {
    const { totalDocs } = await req.payload.count({
      collection: Slugs.records,
      where: {
        and: [
          { [TENANT_FIELD]: { equals: tenant } },
          { type: { equals: loaded.id } },
          where,
          ...(self === undefined ? [] : [{ id: { not_equals: self } }]),
        ],
      },
      overrideAccess: true,
      req,
    })
    if (totalDocs > 0)
      problems.push({ path: `data.${field}`, message: 'must be unique: another record of this client has this value' })
  }
  return problems
}

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
  const self = operation === 'update' ? idOf(originalDoc?.id) : undefined
  const problems = [
    ...(await referenceProblems(req, tenant, checked.references)),
    ...(await uniqueProblems(req, loaded, tenant, checked.data, self)),
  ]
  if (problems.length > 0) throw refuse(req, problems)
  return {
    ...data,
    data: checked.data,
    ...recordColumns(loaded.type, loaded.assignment, checked.data),
    [TYPE_REVISION_COLUMN]: loaded.revision,
  }
}
