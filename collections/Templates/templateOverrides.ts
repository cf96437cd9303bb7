/**
 * Which stored template overrides a default file, answered from memory: every page and email asks
 * (a layout, a page template, each block), so a database read per ask would cost more than the
 * render. The Templates collection is held as a snapshot (src/db/collectionSnapshot.ts): a save or
 * delete in this process applies to the next render (the collection's hooks forget it), one in
 * another process within about a second.
 *
 * Compiling stays with the compile cache (compileCache.ts): a part's TemplateSource is keyed by
 * the document's id and updatedAt, so a re-read snapshot compiles nothing that did not change.
 */
import type { Payload } from 'payload'
import type { Id } from '../../src/access/ids'
import { idOf } from '../../src/access/ids'
import { CollectionSnapshot, type SnapshotDoc } from '../../src/db/collectionSnapshot'
import type { Template } from '../../src/payload-types'
import type { TemplateSource } from '../../src/templates/compileCache'
import { renderTemplate, type RenderOptions } from '../../src/templates/renderTemplate'
import { TemplateRenderError } from '../../src/templates/templateErrors'
import { Slugs } from '../slugs'
import type { TemplateKind, TemplatePart } from './templateParts'
import { storedTemplateSource } from './templateSource'

/** The stored templates as one read found them. */
export interface TemplateOverrides {
  /**
   * The stored template of `kind` and `name` that `tenant` gets: its own, else the shared one (no
   * tenant); undefined when neither exists and the default file applies.
   */
  find(kind: TemplateKind, name: string, tenant?: Id): Template | undefined
  /** Part `field` of {@link find}'s template, or undefined (no override, or that part left empty). */
  source(
    kind: TemplateKind,
    name: string,
    tenant: Id | undefined,
    field?: TemplatePart['field'],
  ): TemplateSource | undefined
}

const keyOf = (kind: string, name: string, tenant: Id | undefined) => `${kind}\u0000${name}\u0000${tenant ?? ''}`

class Overrides implements TemplateOverrides {
  private readonly byKey = new Map<string, { doc: Template; parts: Map<string, TemplateSource | undefined> }>()

  constructor(docs: readonly Template[]) {
    for (const doc of docs) {
      const parts = new Map(
        (['source', 'subject', 'text'] as const).map((field) => [field, storedTemplateSource(doc, field)]),
      )
      this.byKey.set(keyOf(doc.kind, doc.name, idOf(doc.tenant)), { doc, parts })
    }
  }

  private entry(kind: TemplateKind, name: string, tenant: Id | undefined) {
    const own = tenant === undefined ? undefined : this.byKey.get(keyOf(kind, name, tenant))
    return own ?? this.byKey.get(keyOf(kind, name, undefined))
  }

  find(kind: TemplateKind, name: string, tenant?: Id): Template | undefined {
    return this.entry(kind, name, tenant)?.doc
  }

  source(kind: TemplateKind, name: string, tenant: Id | undefined, field: TemplatePart['field'] = 'source') {
    return this.entry(kind, name, tenant)?.parts.get(field)
  }
}

/** The Templates collection in memory; its hooks forget it on every save and delete. */
export const templateSnapshot = new CollectionSnapshot<TemplateOverrides>(
  Slugs.templates,
  (docs: SnapshotDoc[]) => new Overrides(docs as unknown as Template[]),
)

/** The stored templates of `payload`, as current as the module comment says. */
export const templateOverrides = (payload: Payload): Promise<TemplateOverrides> => templateSnapshot.current(payload)

/** Which stored template may stand in for a default: kind, name, whose, which part. */
export interface OverrideKey {
  kind: TemplateKind
  name: string
  tenant: Id | undefined
  /** @default 'source' */
  field?: TemplatePart['field']
}

/**
 * Renders the override `key` names (the tenant's, else the shared one), else the default file's
 * `fallback`. An override that fails to render (too slow, too large, a name its data lacks) is
 * passed to `onFailure` and the default renders instead: a page frame or an email must still go
 * out. (A block's override fails like its loader does, into the friendly error block: renderBlocks.ts.)
 */
export function renderOverridable(
  overrides: TemplateOverrides | undefined,
  key: OverrideKey,
  fallback: TemplateSource,
  context: unknown,
  { onFailure, ...options }: RenderOptions & { onFailure: (error: TemplateRenderError) => void },
): string {
  const override = overrides?.source(key.kind, key.name, key.tenant, key.field)
  if (override) {
    try {
      return renderTemplate(override, context, options)
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error
      onFailure(error)
    }
  }
  return renderTemplate(fallback, context, options)
}

/** Reports an override that failed to render (its default was used instead) in `payload`'s log. */
export const logOverrideFailure =
  (payload: Payload) =>
  (error: TemplateRenderError): void =>
    payload.logger.warn(
      { template: error.template, reason: error.reason },
      'A stored template failed to render; its default file was used instead',
    )
