import type { CollectionBeforeChangeHook } from 'payload'
import { emailTemplateNames } from '../../../src/email/emailTemplates'
import { Errors } from '../../../src/http/errors'
import { validateDefinition } from '../../../src/workflows/validate'
import { Slugs } from '../../slugs'
import type { DefinitionStatus } from '../fields'

/** Status changes a saved version may make (a published version is frozen: it can only be retired). */
const NEXT_STATUSES: Record<DefinitionStatus, readonly DefinitionStatus[]> = {
  draft: ['draft', 'published'],
  published: ['published', 'retired'],
  retired: ['retired', 'published'],
}

/**
 * Checks a workflow definition before it is stored: its version number (the next of its key, on
 * create), its status change, that a published version does not change, and the definition
 * itself, every problem at once, each naming its state (400 invalid_workflow_definition).
 */
export const prepareDefinitionSave: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  const original = operation === 'update' ? (originalDoc as Record<string, unknown> | undefined) : undefined
  const merged = { ...(original ?? {}), ...data } as Record<string, unknown>
  const key = String(merged.key ?? '')
  let version = Number(original?.version ?? 0)
  if (!original) {
    const { docs } = await req.payload.find({
      collection: Slugs.workflowDefinitions,
      where: { key: { equals: key } },
      sort: '-version',
      limit: 1,
      depth: 0,
      select: { version: true },
      overrideAccess: true,
      req,
    })
    version = Number(docs[0]?.version ?? 0) + 1
  }
  const status = (merged.status ?? 'draft') as DefinitionStatus
  const input = { ...(merged.definition as Record<string, unknown> | null), key, version }
  const result = validateDefinition(input, { templates: emailTemplateNames() })
  if (original) {
    const was = (original.status ?? 'draft') as DefinitionStatus
    const changed =
      key !== original.key || !result.ok || canonicalJson(result.definition) !== canonicalJson(original.definition)
    if (was !== 'draft' && changed) throw Errors.workflowVersionFrozen(String(original.key), version)
    if (!NEXT_STATUSES[was].includes(status))
      throw Errors.invalidWorkflowDefinition([`a ${was} version cannot become ${status}`])
  }
  if (!result.ok) throw Errors.invalidWorkflowDefinition(result.problems)
  const becomesPublished = status === 'published' && original?.status !== 'published'
  return {
    ...data,
    version,
    definition: result.definition,
    ...(becomesPublished ? { publishedAt: new Date().toISOString() } : {}),
  }
}

/** JSON with object keys sorted: PostgreSQL's jsonb does not keep the order they were written in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  )
}
