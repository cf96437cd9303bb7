import { ValidationError, type CollectionBeforeChangeHook } from 'payload'
import { parseRecordType, type DefinitionProblem } from '../../../src/records/typeDefinition'
import { DURATION } from '../../../src/workflows/definition'
import { typeKeys } from '../../RecordTypes/hooks/prepareTypeSave'
import { Slugs } from '../../slugs'

/**
 * Checks a request type before it is stored: its form the way a record type's fields are checked
 * (every problem at its input), that its workflow exists, and that its promise is a duration.
 */
export const prepareRequestTypeSave: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const merged = { ...(originalDoc as Record<string, unknown> | undefined), ...data }
  const [recordTypeKeys, workflows] = await Promise.all([
    typeKeys(req),
    req.payload.count({
      collection: Slugs.workflowDefinitions,
      where: { key: { equals: String(merged.workflow ?? '') } },
      overrideAccess: true,
      req,
    }),
  ])
  const parsed = parseRecordType(
    {
      key: merged.key,
      singularLabel: merged.singularLabel,
      pluralLabel: merged.pluralLabel,
      fields: merged.fields,
      titleField: merged.titleField,
    },
    { typeKeys: recordTypeKeys },
  )
  const errors: DefinitionProblem[] = parsed.ok ? [] : [...parsed.errors]
  if (workflows.totalDocs === 0)
    errors.push({ path: 'workflow', message: `there is no workflow "${String(merged.workflow ?? '')}"` })
  const promise = merged.promisedWithin
  if (promise !== undefined && promise !== null && promise !== '' && !DURATION.test(String(promise)))
    errors.push({ path: 'promisedWithin', message: 'must be a duration written like P3D, PT8H or P1DT12H' })
  if (errors.length > 0) throw new ValidationError({ collection: Slugs.requestTypes, errors, req })
  return data
}
