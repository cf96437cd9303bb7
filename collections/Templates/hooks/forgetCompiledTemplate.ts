import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'
import { invalidateTemplate } from '../../../src/templates/compileCache'
import { templateSnapshot } from '../templateOverrides'
import { templateCacheId } from '../templateSource'

/**
 * Makes the next render in this process use a changed or deleted template: the snapshot of
 * overrides is read again on the next ask (templateOverrides.ts; other processes notice within
 * about a second), and the compiled template is freed at once. Renders would not use the stale
 * compiled one anyway (the cache key holds updatedAt), but a deleted template's entry would
 * otherwise stay until pushed out.
 */
export const forgetCompiledTemplate: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({ doc, req }) => {
  templateSnapshot.forget(req.payload)
  for (const field of ['source', 'subject', 'text'])
    invalidateTemplate(templateCacheId((doc as { id: unknown }).id, field))
  return doc
}
