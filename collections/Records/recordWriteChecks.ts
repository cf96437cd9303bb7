/**
 * The checks of record writes that ask the database, shared by the single-record hook
 * (prepareRecordWrite) and batch upserts (plugins/integrations/bulkUpsert.ts): a reference must
 * name a record of the named type in the same tenant, and a unique field's value must be held by
 * no other record of the tenant and type. However many writes are checked, they cost one query for
 * the referenced types, one per referenced type for the records, and one for every holder of the
 * unique values, all in the request's transaction (`req`).
 *
 * Writes are checked in order, each against the records stored before and the writes accepted
 * before it in the same batch, as if they had been written one by one: a value an earlier write
 * took is taken, one an earlier update gave up is free, and a reference may name a record that an
 * earlier write created. While a migration rewrites a unique field's column, only the records it
 * has rewritten count as holding values there (as uniqueConditions says).
 */
import { storableId } from '../../src/access/ids'
import type { PayloadRequest, Where } from 'payload'
import { TENANT_FIELD } from '../../src/access/tenantOwned'
import { LockKinds, lockInTransaction } from '../../src/db/transactionLock'
import type { RecordData, ReferenceToCheck } from '../../src/records/dataValidator'
import { KIND_TRAITS, type RecordId } from '../../src/records/fieldKinds'
import { uniqueValues, type UniqueValue } from '../../src/records/slotQuery'
import { settledRecordsOnly, TYPE_REVISION_COLUMN } from '../../src/records/slots'
import type { LoadedRecordType } from '../RecordTypes/storedRecordType'
import { Slugs } from '../slugs'

/** A problem with one field of a write, as a ValidationError lists it. */
export interface WriteProblem {
  path: string
  message: string
}

/** A stored record's columns, as the database adapter returns them. */
export type StoredRecordColumns = Record<string, unknown> & { id: RecordId }

/** A write to check: the record's normalised data and the references its validation found. */
export interface RecordWrite {
  /** the record written, for an update */
  self?: RecordId
  data: RecordData
  references: readonly ReferenceToCheck[]
}

const UNIQUE_MESSAGE = 'must be unique: another record of this client has this value'
const referenceMessage = (type: string) => `must be the id of a ${type} record of the same client`

/**
 * A unique value as one text, equal exactly when the database finds the values equal: numbers as
 * numbers and dates as instants, whatever form the database returns them in.
 */
function valueKey(column: string, kind: UniqueValue['kind'], value: unknown): string {
  const family = KIND_TRAITS[kind].slot
  const text =
    family === 'number'
      ? String(Number(value))
      : family === 'date'
        ? new Date(value as string).toISOString()
        : String(value)
  return `${column}=${text}`
}

const distinct = <T>(values: T[]) => [...new Set(values)]

/** The checks of writes of one record type in one tenant (see the module comment). */
export class RecordWriteChecks {
  /** `<type key>:<id>` of the referenced records stored in the tenant */
  private readonly stored = new Set<string>()
  /** a unique value → the records holding it (ids, or the placeholders of records not created yet) */
  private readonly holders = new Map<string, Set<string>>()
  /** a record → the unique values it holds */
  private readonly held = new Map<string, string[]>()
  /** ids of the records the batch created (of its type, in its tenant) */
  private readonly created = new Set<string>()

  private constructor(
    private readonly req: PayloadRequest,
    private readonly loaded: LoadedRecordType,
  ) {}

  /**
   * Reads what checking `writes` of `loaded`'s type in `tenant` needs, in `req`'s transaction.
   * `stored`: records of that tenant and type the caller has read already, with the columns
   * {@link storedColumns} names; they are not read again.
   */
  static async load(
    req: PayloadRequest,
    loaded: LoadedRecordType,
    tenant: RecordId,
    writes: readonly RecordWrite[],
    stored: readonly StoredRecordColumns[] = [],
  ): Promise<RecordWriteChecks> {
    const checks = new RecordWriteChecks(req, loaded)
    await Promise.all([checks.loadReferenced(tenant, writes), checks.loadHolders(tenant, writes, stored)])
    return checks
  }

  /** The columns of a stored record that the checks of writes of `loaded`'s type read. */
  static storedColumns(loaded: LoadedRecordType): string[] {
    const unique = loaded.assignment.fields.filter((field) => field.unique).map((field) => field.column)
    return ['id', TYPE_REVISION_COLUMN, ...unique]
  }

  private async loadReferenced(tenant: RecordId, writes: readonly RecordWrite[]) {
    const { payload } = this.req
    const references = writes.flatMap((write) => write.references)
    if (references.length === 0) return
    const { docs: types } = await payload.db.find({
      collection: Slugs.recordTypes,
      where: { key: { in: distinct(references.map((reference) => reference.type)) } },
      select: { key: true },
      limit: 0,
      pagination: false,
      req: this.req,
    })
    await Promise.all(
      (types as unknown as { id: RecordId; key: string }[]).map(async ({ id: typeId, key }) => {
        const ids = distinct(
          references
            .filter((reference) => reference.type === key)
            .flatMap((reference) => storableId(payload, reference.id) ?? []),
        )
        if (ids.length === 0) return
        const { docs } = await payload.db.find({
          collection: Slugs.records,
          where: { and: [{ [TENANT_FIELD]: { equals: tenant } }, { type: { equals: typeId } }, { id: { in: ids } }] },
          select: { id: true },
          limit: 0,
          pagination: false,
          req: this.req,
        })
        for (const doc of docs) this.stored.add(`${key}:${String(doc.id)}`)
      }),
    )
  }

  private async loadHolders(tenant: RecordId, writes: readonly RecordWrite[], stored: readonly StoredRecordColumns[]) {
    const wanted = new Map<UniqueValue['column'], { kind: UniqueValue['kind']; values: Set<string | number> }>()
    for (const write of writes) {
      for (const { column, kind, value } of uniqueValues(this.loaded.assignment, write.data)) {
        const entry = wanted.get(column) ?? { kind, values: new Set() }
        entry.values.add(value)
        wanted.set(column, entry)
      }
    }
    if (wanted.size === 0) return
    // Until this transaction ends, other writers of unique values of this type and tenant wait,
    // so none of them can take a value between this check and this write.
    await lockInTransaction(this.req, LockKinds.recordUniqueValues, [String(this.loaded.id), String(tenant)])
    const columns = [...wanted.keys()]
    const { assignment } = this.loaded
    // While a migration rewrites a column, only the records it has rewritten hold values there.
    const settled = (column: string) => settledRecordsOnly(assignment, [column])
    const holdings = (doc: StoredRecordColumns) => {
      const holds = (column: string) =>
        doc[column] !== null &&
        doc[column] !== undefined &&
        (!settled(column) || Number(doc[TYPE_REVISION_COLUMN]) >= assignment.settling!.revision)
      return columns.filter(holds).map((column) => valueKey(column, wanted.get(column)!.kind, doc[column]))
    }
    for (const doc of stored) this.hold(String(doc.id), holdings(doc))
    const { docs } = await this.req.payload.db.find({
      collection: Slugs.records,
      where: {
        and: [
          { [TENANT_FIELD]: { equals: tenant } },
          { type: { equals: this.loaded.id } },
          ...(stored.length > 0 ? [{ id: { not_in: stored.map((doc) => doc.id) } }] : []),
          {
            or: columns.map((column) => {
              const same: Where = { [column]: { in: [...wanted.get(column)!.values] } }
              return settled(column) ? { and: [same, settled(column)!] } : same
            }),
          },
        ],
      },
      select: Object.fromEntries([
        ['id', true],
        [TYPE_REVISION_COLUMN, true],
        ...columns.map((column) => [column, true]),
      ]),
      limit: 0,
      pagination: false,
      req: this.req,
    })
    for (const doc of docs as StoredRecordColumns[]) this.hold(String(doc.id), holdings(doc))
  }

  private hold(record: string, keys: string[]) {
    for (const key of this.held.get(record) ?? []) this.holders.get(key)?.delete(record)
    for (const key of keys) {
      const holders = this.holders.get(key) ?? new Set()
      holders.add(record)
      this.holders.set(key, holders)
    }
    this.held.set(record, keys)
  }

  private keysOf(write: RecordWrite) {
    return uniqueValues(this.loaded.assignment, write.data).map((unique) => ({
      field: unique.field,
      key: valueKey(unique.column, unique.kind, unique.value),
    }))
  }

  private found(reference: ReferenceToCheck): boolean {
    const id = storableId(this.req.payload, reference.id)
    if (id === undefined) return false
    if (this.stored.has(`${reference.type}:${String(id)}`)) return true
    return reference.type === this.loaded.type.key && this.created.has(String(id))
  }

  /**
   * Whether `write` names a record of its own type that is not known to exist: it may be one an
   * earlier write of the batch created, whose id the checks learn through {@link recordCreated}.
   */
  namesUnknownRecordOfItsType(write: RecordWrite): boolean {
    return write.references.some((reference) => reference.type === this.loaded.type.key && !this.found(reference))
  }

  /** What is wrong with `write`, references first; empty when it may be stored. */
  problems(write: RecordWrite): WriteProblem[] {
    const problems: WriteProblem[] = []
    for (const reference of write.references) {
      if (!this.found(reference))
        problems.push({ path: `data.${reference.field}`, message: referenceMessage(reference.type) })
    }
    const self = write.self === undefined ? undefined : String(write.self)
    for (const { field, key } of this.keysOf(write)) {
      if ([...(this.holders.get(key) ?? [])].some((holder) => holder !== self))
        problems.push({ path: `data.${field}`, message: UNIQUE_MESSAGE })
    }
    return problems
  }

  /**
   * Takes `write` as stored: its record (its id, or a placeholder until it is created) holds its
   * unique values from now on, and gives up those it held.
   */
  accept(write: RecordWrite, record: string): void {
    this.hold(
      record,
      this.keysOf(write).map(({ key }) => key),
    )
  }

  /** The record accepted under `placeholder` was created with `id`. */
  recordCreated(placeholder: string, id: RecordId): void {
    this.created.add(String(id))
    this.hold(String(id), this.held.get(placeholder) ?? [])
    this.hold(placeholder, [])
    this.held.delete(placeholder)
  }
}
