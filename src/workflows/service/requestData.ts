/**
 * A request's data checked against its type's form, the way a record's data is checked against
 * its record type (the same field kinds and validator): every field's problem in one 400, and the
 * records its reference fields name must exist in the request's tenant, be of the named type and
 * be visible to the person submitting.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import type { Id } from '../../access/ids'
import { Errors } from '../../http/errors'
import type { RequestType } from '../../payload-types'
import { validatorFor, type RecordData } from '../../records/dataValidator'
import { parseRecordType, type RecordTypeDefinition } from '../../records/typeDefinition'
import { asCaller, type Caller, type ServiceRequest } from './context'

/** A request type's data, checked; and the records it refers to. */
export interface CheckedData {
  data: RecordData
  records: Id[]
  title: string
}

/** Checks `data` against `type`'s form for a request of `tenant`, or throws 400 naming every problem. */
export async function checkRequestData(
  caller: Caller,
  type: RequestType,
  data: unknown,
  tenant: Id,
  req: ServiceRequest,
): Promise<CheckedData> {
  const form = requestForm(type)
  const checked = validatorFor({ ...form, id: type.id }, type.updatedAt).validate(data)
  if (!checked.ok) throw Errors.invalidRequestData(type.singularLabel, checked.errors)
  const records: Id[] = []
  const problems: Record<string, string> = {}
  for (const reference of checked.references) {
    const { docs } = await (caller.payload as Payload).find({
      collection: Slugs.records,
      where: {
        and: [
          { id: { equals: reference.id } },
          { tenant: { equals: tenant } },
          { 'type.key': { equals: reference.type } },
        ],
      },
      limit: 1,
      ...asCaller(caller, req),
    })
    if (docs[0]) records.push(docs[0].id)
    else problems[reference.field] = `names no ${reference.type} record of this client that you can see`
  }
  if (Object.keys(problems).length > 0) throw Errors.invalidRequestData(type.singularLabel, problems)
  return { data: checked.data, records, title: String(checked.data[form.titleField] ?? '') }
}

/** A stored request type's form: its fields as a record type definition (the same kinds and rules). */
export function requestForm(type: RequestType): RecordTypeDefinition {
  const parsed = parseRecordType({
    key: type.key,
    singularLabel: type.singularLabel,
    pluralLabel: type.pluralLabel,
    fields: type.fields,
    titleField: type.titleField,
  })
  // The type was checked when it was saved; a stored type that no longer parses is our fault, not the caller's.
  if (!parsed.ok) throw new Error(`Request type ${type.key} does not parse: ${JSON.stringify(parsed.errors)}`)
  return parsed.type
}
