import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'
import { invalidateTemplate } from '../../../src/templates/compileCache'
import { templateCacheId } from '../templateSource'

/**
 * Frees the compiled template of a changed or deleted template at once. Renders would not use it
 * anyway (the cache key holds updatedAt, so another process sees an edit without this hook), but
 * a deleted template's entry would otherwise stay until pushed out.
 */
export const forgetCompiledTemplate: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({ doc }) => {
  for (const field of ['source', 'subject', 'text'])
    invalidateTemplate(templateCacheId((doc as { id: unknown }).id, field))
  return doc
}
