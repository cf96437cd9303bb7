/**
 * One segment of a batch upsert, inside its transaction: it reads what its items need, judges each
 * item in order exactly as the single upsert would, and writes the accepted ones together. How
 * segments follow each other, and why, is told in bulkUpsert.ts.
 */
import type { Field, Payload, PayloadRequest, Where } from 'payload'
import { loadRecordType, type LoadedRecordType } from '../../collections/RecordTypes/storedRecordType'
import {
  recordRowsOf,
  type NewRecordRow,
  type RecordRowChange,
  type RecordRows,
} from '../../collections/Records/recordRows'
import { RecordWriteChecks, type WriteProblem } from '../../collections/Records/recordWriteChecks'
import { Slugs } from '../../collections/slugs'
import { mayCreate, refusedFieldWrite } from '../../src/access/collectionAccess'
import { idOf } from '../../src/access/ids'
import type { AtriumAbility } from '../../src/access/rules'
import { TENANT_FIELD } from '../../src/access/tenantOwned'
import { toFieldErrors, validatorFor, type DataValidation } from '../../src/records/dataValidator'
import type { RecordId } from '../../src/records/fieldKinds'
import { recordColumns } from '../../src/records/recordColumns'
import { recordEvents, type RecordChange } from '../../src/records/recordEvents'
import { publishEvents } from '../../src/notifications/events'
import { TYPE_REVISION_COLUMN } from '../../src/records/slots'
import type { BatchItem, BatchItemResult } from './batchUpsert'

/** What every item of a batch shares, decided once (see planOf in bulkUpsert.ts). */
export interface BulkPlan {
  ability: AtriumAbility
  tenant: number
  /** whether the caller named the tenant (the single path then looks records up in it alone) */
  tenantNamed: boolean
  type: RecordId
  source: string
  syncedAt: string | undefined
  readWhere: Where | true
  updateWhere: Where | boolean
  /** whether the update Where is the read Where (then every record found may be updated) */
  updateIsRead: boolean
  /** the Records collection's sanitized fields */
  fields: Field[]
  /** what a stored record must hold to be judged for an update; undefined: everything */
  select: Record<string, true> | undefined
}

/** The validation of each item's data, kept across segments while the type's version holds. */
export type Validations = (DataValidation & { version: string })[]

/** Where an item goes that a segment does not write: the single path, or the next segment. */
type Postponed = 'oneByOne' | 'retry'

type StoredRecord = Record<string, unknown> & { id: RecordId; externalId: string }

/** Whether Payload's text validation (field maxLength, else the config's default) takes `row`. */
function fitsTextLimits(payload: Payload, row: Record<string, unknown>): boolean {
  const defaultMax = payload.config.defaultMaxTextLength
  return payload.collections[Slugs.records].config.flattenedFields.every((field) => {
    const value = row[field.name]
    if (field.type !== 'text' || typeof value !== 'string') return true
    const max = field.maxLength ?? defaultMax
    return typeof max !== 'number' || value.length <= max
  })
}

/** A segment (see the module comment). */
export class Segment {
  readonly results = new Map<number, BatchItemResult>()
  /** items to upsert one by one after the commit */
  readonly oneByOne: number[] = []
  /** items another writer got to first, to judge again in the next segment */
  readonly retry: number[] = []
  private readonly rows: RecordRows
  private loaded!: LoadedRecordType
  private checks!: RecordWriteChecks
  private readonly existing = new Map<string, StoredRecord[]>()
  private readonly updatable = new Set<string>()
  /** external ids written in this segment, and where those it did not write went */
  private readonly written = new Set<string>()
  private readonly postponed = new Map<string, Postponed>()
  private inserts: { index: number; placeholder: string; row: Omit<NewRecordRow, 'createdAt' | 'updatedAt'> }[] = []
  private updates: {
    index: number
    id: RecordId
    change: Omit<RecordRowChange, 'updatedAt'>
    before: { statusCategory?: string | null; data?: unknown }
  }[] = []
  private readonly syncedAt: string
  /** the fields lookUp reads; undefined: every field */
  private select: Record<string, true> | undefined

  private readonly validated: Validations
  /** items that were retried once already: another conflict sends them one by one */
  private readonly retried: Set<number>

  /** `req` carries the segment's transaction; `state` is kept from one segment of the batch to the next. */
  constructor(
    private readonly req: PayloadRequest,
    private readonly plan: BulkPlan,
    private readonly items: readonly BatchItem[],
    state: { validated: Validations; retried: Set<number> },
  ) {
    this.rows = recordRowsOf(req.payload, req)!
    this.validated = state.validated
    this.retried = state.retried
    this.syncedAt = plan.syncedAt ?? new Date().toISOString()
  }

  /** Reads what judging the items `queue` names needs, in the segment's transaction. */
  async open(queue: readonly number[]): Promise<void> {
    const loaded = await loadRecordType(this.req, this.plan.type)
    if (!loaded) throw new Error('the record type no longer reads')
    this.loaded = loaded
    // The records found are also what the uniqueness checks would read of them.
    const { select } = this.plan
    if (select)
      this.select = Object.fromEntries(
        // statusCategory and data: what the notification events compare (recordEvents).
        [...Object.keys(select), ...RecordWriteChecks.storedColumns(loaded), 'statusCategory', 'data'].map((field) => [
          field,
          true,
        ]),
      )
    const validator = validatorFor(loaded.type, loaded.version)
    for (const index of queue) {
      if (this.validated[index]?.version !== loaded.version)
        this.validated[index] = { ...validator.validate(this.items[index]!.data), version: loaded.version }
    }
    await this.lookUp([...new Set(queue.map((index) => this.items[index]!.externalId))])
    const writes = queue.flatMap((index) => {
      const checked = this.validated[index]!
      const self = this.existing.get(this.items[index]!.externalId)?.[0]?.id
      return checked.ok ? [{ self, data: checked.data, references: checked.references }] : []
    })
    const inTenant = [...this.existing.values()]
      .flat()
      .filter((doc) => String(idOf(doc[TENANT_FIELD])) === String(this.plan.tenant))
    this.checks = await RecordWriteChecks.load(this.req, loaded, this.plan.tenant, writes, inTenant)
  }

  /** The records with these external ids that the account sees, and which of them it may update. */
  private async lookUp(externalIds: string[]) {
    const { payload } = this.req
    const { plan } = this
    const { docs } = await payload.db.find({
      collection: Slugs.records,
      where: {
        and: [
          { type: { equals: plan.type } },
          { source: { equals: plan.source } },
          { externalId: { in: externalIds } },
          ...(plan.tenantNamed ? [{ [TENANT_FIELD]: { equals: plan.tenant } }] : []),
          ...(plan.readWhere === true ? [] : [plan.readWhere]),
        ],
      },
      select: this.select,
      limit: 0,
      pagination: false,
      req: this.req,
    })
    for (const externalId of externalIds) this.existing.set(externalId, [])
    const found = docs as StoredRecord[]
    for (const doc of found) this.existing.get(doc.externalId)?.push(doc)
    const ids = found.map((doc) => doc.id)
    if (plan.updateWhere === false || ids.length === 0) return
    // An update Where that is the read Where (an integration writer's) allows every record found.
    const allowed =
      plan.updateWhere === true || plan.updateIsRead
        ? found
        : (
            await payload.db.find({
              collection: Slugs.records,
              where: { and: [{ id: { in: ids } }, plan.updateWhere] },
              select: { id: true },
              limit: 0,
              pagination: false,
              req: this.req,
            })
          ).docs
    for (const doc of allowed) this.updatable.add(String(doc.id))
  }

  /** Leaves item `index` (and the later items of its external id) to the single path or the next segment. */
  private postpone(index: number, where: Postponed): 'next' {
    ;(where === 'retry' ? this.retry : this.oneByOne).push(index)
    const externalId = this.items[index]!.externalId
    if (!this.postponed.has(externalId)) this.postponed.set(externalId, where)
    return 'next'
  }

  /**
   * Judges item `index`: answered (400), accepted (written at the next flush), postponed, or —
   * 'stop' — to be upserted one by one before any item after it. `asUpdate`: judged again because
   * another writer created its record meanwhile.
   */
  async take(index: number, asUpdate = false): Promise<'next' | 'stop'> {
    const { plan } = this
    const item = this.items[index]!
    if (this.written.has(item.externalId)) {
      // Its record was written in this segment: read it back as the single path would find it.
      await this.flush()
      await this.lookUp([item.externalId])
    }
    const postponed = this.postponed.get(item.externalId)
    if (postponed) return this.postpone(index, postponed)
    const found = this.existing.get(item.externalId) ?? []
    const doc = found[0]
    if (found.length > 1 || (doc && String(idOf(doc[TENANT_FIELD])) !== String(plan.tenant))) return 'stop'
    if (doc) {
      const change = { data: item.data, syncedAt: this.syncedAt }
      if (
        !this.updatable.has(String(doc.id)) ||
        refusedFieldWrite(plan.ability, Slugs.records, plan.fields, 'update', change, doc)
      )
        return this.postpone(index, 'oneByOne')
    } else {
      const created = {
        type: plan.type,
        source: plan.source,
        externalId: item.externalId,
        data: item.data,
        syncedAt: this.syncedAt,
        [TENANT_FIELD]: plan.tenant,
      }
      if (
        !mayCreate(plan.ability, Slugs.records, created) ||
        refusedFieldWrite(plan.ability, Slugs.records, plan.fields, 'create', created, undefined)
      )
        return this.postpone(index, 'oneByOne')
    }
    const refuse = async (errors: WriteProblem[]) => {
      // As upsertRecord: a create that fails is retried as an update when another writer created the record meanwhile.
      if (doc || asUpdate) return this.answer(index, errors)
      await this.lookUp([item.externalId])
      return this.existing.get(item.externalId)?.length ? this.take(index, true) : this.answer(index, errors)
    }
    const checked = this.validated[index]!
    if (!checked.ok) return refuse(toFieldErrors(checked.errors))
    const write = { self: doc?.id, data: checked.data, references: checked.references }
    // A reference to a record of this type that is not stored may name one created just before.
    if (this.inserts.length > 0 && this.checks.namesUnknownRecordOfItsType(write)) await this.flush()
    const problems = this.checks.problems(write)
    if (problems.length > 0) return refuse(problems)
    const change = {
      data: checked.data,
      syncedAt: this.syncedAt,
      ...recordColumns(this.loaded.type, this.loaded.assignment, checked.data),
      // Written for the type's current revision, as prepareRecordWrite stamps it: a migration leaves it alone.
      [TYPE_REVISION_COLUMN]: this.loaded.revision,
    }
    if (!fitsTextLimits(this.req.payload, change)) return this.postpone(index, 'oneByOne')
    const record = doc ? String(doc.id) : `new:${index}`
    this.checks.accept(write, record)
    this.written.add(item.externalId)
    if (doc) this.updates.push({ index, id: doc.id, change, before: doc as RecordChange['before'] & object })
    else {
      const { type, source, tenant } = plan
      const row = { ...change, type, tenant, source, externalId: item.externalId }
      this.inserts.push({ index, placeholder: record, row })
    }
    return 'next'
  }

  private answer(index: number, errors: WriteProblem[]): 'next' {
    this.results.set(index, { externalId: this.items[index]!.externalId, status: 400, errors })
    return 'next'
  }

  /** An accepted item another writer got to first: judged again next segment, then one by one. */
  private conflicted(index: number) {
    const again = this.retried.has(index)
    this.retried.add(index)
    this.postpone(index, again ? 'oneByOne' : 'retry')
  }

  /** Writes the accepted items. */
  async flush(): Promise<void> {
    // Stamped as late as possible: the changes feed orders by updatedAt, and a reader must not
    // pass this stamp before the transaction commits.
    const now = new Date().toISOString()
    const { inserts, updates } = this
    this.inserts = []
    this.updates = []
    const written: RecordChange[] = []
    if (inserts.length > 0) {
      const created = await this.rows.insert(inserts.map(({ row }) => ({ ...row, createdAt: now, updatedAt: now })))
      const ids = new Map(created.map(({ id, externalId }) => [externalId, id]))
      for (const { index, placeholder, row } of inserts) {
        const id = ids.get(row.externalId)
        if (id === undefined) this.conflicted(index)
        else {
          this.results.set(index, { externalId: row.externalId, status: 201, id })
          this.checks.recordCreated(placeholder, id)
          written.push({ id, tenant: row.tenant, after: row })
        }
      }
    }
    if (updates.length > 0) {
      const changes = updates.map(({ id, change }) => ({ id, ...change, updatedAt: now }))
      const done = new Set((await this.rows.update(changes)).map(String))
      for (const { index, id, change, before } of updates) {
        if (done.has(String(id))) {
          this.results.set(index, { externalId: this.items[index]!.externalId, status: 200, id })
          written.push({ id, tenant: this.plan.tenant, before, after: change })
        } else this.conflicted(index)
      }
    }
    // In the segment's transaction: the events exist exactly when the writes do.
    const events = await recordEvents(this.req.payload, written)
    if (events.length > 0) await publishEvents(this.req.payload, this.req, events)
  }
}
