/**
 * Which stored template overrides a default file, answered from memory: every page and email asks
 * (a layout, a page template, each block), so a database read per ask would cost more than the
 * render. The Templates collection is read whole into a snapshot, per Payload instance:
 *
 * - in this process, a save or delete (the collection's afterChange/afterDelete hook calls
 *   {@link forgetTemplateOverrides}) makes the next ask read it again, so an edit changes the next
 *   render;
 * - for edits made by other processes, at most once per {@link OVERRIDE_CHECK_INTERVAL_MS} an ask
 *   starts, in the background, a read of how many templates there are and the newest updatedAt
 *   (one indexed query); when that differs from the snapshot's, the snapshot is read again. Asks do
 *   not wait for that check: another process's edit shows within about a second and a query.
 *   A save that commits after its hook's re-read is caught the same way.
 *
 * Compiling stays with the compile cache (compileCache.ts): a part's TemplateSource is keyed by
 * the document's id and updatedAt, so a re-read snapshot compiles nothing that did not change.
 * The collection is configuration staff write (a few templates per tenant at most), so it is held
 * whole; the check keeps it from being read more than once per change.
 */
import type { Payload } from 'payload'
import type { Id } from '../../src/access/ids'
import { idOf } from '../../src/access/ids'
import type { Template } from '../../src/payload-types'
import type { TemplateSource } from '../../src/templates/compileCache'
import { renderTemplate, type RenderOptions } from '../../src/templates/renderTemplate'
import { TemplateRenderError } from '../../src/templates/templateErrors'
import { Slugs } from '../slugs'
import type { TemplateKind, TemplatePart } from './templateParts'
import { storedTemplateSource } from './templateSource'

/** How often, at most, a process asks the database whether templates changed elsewhere. */
export const OVERRIDE_CHECK_INTERVAL_MS = 1000

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

/** What tells whether the collection changed: how many templates, and the newest change. */
const fingerprintOf = (count: number, newest: string | undefined) => `${count}/${newest ?? ''}`

const keyOf = (kind: string, name: string, tenant: Id | undefined) => `${kind}\u0000${name}\u0000${tenant ?? ''}`

class Snapshot implements TemplateOverrides {
  private readonly byKey = new Map<string, { doc: Template; parts: Map<string, TemplateSource | undefined> }>()
  readonly fingerprint: string

  constructor(docs: readonly Template[]) {
    let newest: string | undefined
    for (const doc of docs) {
      const parts = new Map(
        (['source', 'subject', 'text'] as const).map((field) => [field, storedTemplateSource(doc, field)]),
      )
      this.byKey.set(keyOf(doc.kind, doc.name, idOf(doc.tenant)), { doc, parts })
      if (newest === undefined || doc.updatedAt > newest) newest = doc.updatedAt
    }
    this.fingerprint = fingerprintOf(docs.length, newest)
  }

  private entry(kind: TemplateKind, name: string, tenant: Id | undefined) {
    return (
      (tenant === undefined ? undefined : this.byKey.get(keyOf(kind, name, tenant))) ??
      this.byKey.get(keyOf(kind, name, undefined))
    )
  }

  find(kind: TemplateKind, name: string, tenant?: Id): Template | undefined {
    return this.entry(kind, name, tenant)?.doc
  }

  source(kind: TemplateKind, name: string, tenant: Id | undefined, field: TemplatePart['field'] = 'source') {
    return this.entry(kind, name, tenant)?.parts.get(field)
  }
}

/** The snapshot of one Payload instance and when to look for changes made elsewhere. */
class OverrideCache {
  private snapshot: Snapshot | undefined
  private reading: Promise<Snapshot> | undefined
  private checking = false
  private nextCheckAt = 0
  /** Bumped by each local change: a read that started before the last one must not be kept as current. */
  private generation = 0

  constructor(private readonly payload: Payload) {}

  /** The current snapshot (read now only when there is none, or after a change in this process). */
  async current(): Promise<TemplateOverrides> {
    if (!this.snapshot) return this.read()
    if (Date.now() >= this.nextCheckAt) this.checkInBackground()
    return this.snapshot
  }

  forget(): void {
    this.generation += 1
    this.snapshot = undefined
    this.reading = undefined
  }

  private read(): Promise<Snapshot> {
    if (this.reading) return this.reading
    const generation = this.generation
    const reading = this.payload
      .find({ collection: Slugs.templates, depth: 0, limit: 0, pagination: false, overrideAccess: true })
      .then(({ docs }) => {
        const snapshot = new Snapshot(docs as Template[])
        if (generation === this.generation) {
          this.snapshot = snapshot
          this.nextCheckAt = Date.now() + OVERRIDE_CHECK_INTERVAL_MS
        }
        return snapshot
      })
      .finally(() => {
        if (this.reading === reading) this.reading = undefined
      })
    this.reading = reading
    return reading
  }

  /** Compares the collection's fingerprint with the snapshot's; reads it again when they differ. */
  private checkInBackground(): void {
    if (this.checking) return
    this.checking = true
    this.nextCheckAt = Date.now() + OVERRIDE_CHECK_INTERVAL_MS
    const known = this.snapshot?.fingerprint
    this.payload
      .find({
        collection: Slugs.templates,
        depth: 0,
        limit: 1,
        sort: '-updatedAt',
        select: { updatedAt: true },
        overrideAccess: true,
      })
      .then(async ({ docs, totalDocs }) => {
        if (fingerprintOf(totalDocs, (docs[0] as Template | undefined)?.updatedAt) !== known) await this.read()
      })
      .catch((error: unknown) => {
        // The snapshot stays as it is; the next check, a second later, tries again.
        this.payload.logger.warn({ err: error }, 'Could not check the stored templates for changes')
      })
      .finally(() => (this.checking = false))
  }
}

const caches = new WeakMap<Payload, OverrideCache>()

const cacheOf = (payload: Payload): OverrideCache => {
  let cache = caches.get(payload)
  if (!cache) caches.set(payload, (cache = new OverrideCache(payload)))
  return cache
}

/** The stored templates of `payload`, as current as the module comment says. */
export const templateOverrides = (payload: Payload): Promise<TemplateOverrides> => cacheOf(payload).current()

/** Makes the next {@link templateOverrides} of `payload` read the collection again (a template changed). */
export function forgetTemplateOverrides(payload: Payload): void {
  caches.get(payload)?.forget()
}

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
