/**
 * Counts and sums of a type's records, for the portal's invoice totals and KPI tiles, through the
 * one record query path (recordQuery.ts) as the request's user: their access Where applies, the
 * query paths are checked as Payload checks them, and a sum (it reads record data) reaches only
 * records whose data they may read. The database adds up the matches (sumByGroup.ts); only where
 * no single statement can (MongoDB) are the records read, at most TOTALS_READ_LIMIT of them.
 */
import { Forbidden, type PayloadRequest, type Where } from 'payload'
import { checkQueryPaths } from '../../src/access/checkQueryPaths'
import { sumByGroup, type SumGroup, type SumTerm } from '../../src/db/sumByGroup'
import { Errors } from '../../src/http/errors'
import type { Money } from '../../src/records/fieldKinds'
import { assignedField, settledRecordsOnly } from '../../src/records/slots'
import { Slugs } from '../slugs'
import { SLOT_QUERY_CONTEXT } from './hooks/refuseDataQueries'
import { COUNT_LIMIT, countForUser } from './recordPage'
import { prepareRecordQuery, type RecordQuery } from './recordQuery'

/** Most records read to add them up where the database cannot (MongoDB). */
export const TOTALS_READ_LIMIT = 2000

/** A sum of one currency (or of a number field: currency ''), in minor units for money. */
export interface Total {
  currency: string
  amount: number
}

/** What {@link sumRecords} answers. */
export interface RecordTotals {
  /** how many records matched */
  count: number
  /** one sum per currency, largest first; a number field's one sum has currency '' */
  sums: Total[]
  /** false when the records were read to add them up and there were more than TOTALS_READ_LIMIT */
  complete: boolean
}

/** The Where the records collection's read access gives the request's user, checked beside `where`. */
async function accessFor(req: PayloadRequest, where: Where): Promise<Where | true> {
  const config = req.payload.collections[Slugs.records].config
  const access = await config.access.read({ req })
  if (access === false) throw new Forbidden(req.t)
  await checkQueryPaths(req, config, where, undefined)
  return access
}

/** How many records `query` matches for the request's user, counted up to COUNT_LIMIT. */
export async function countRecords(
  req: PayloadRequest,
  query: RecordQuery,
): Promise<{ count: number; exact: boolean }> {
  const { where } = await prepareRecordQuery(req, query)
  const access = await accessFor(req, where)
  const counted = await countForUser(req, where, access, COUNT_LIMIT + 1)
  return counted > COUNT_LIMIT ? { count: COUNT_LIMIT, exact: false } : { count: counted, exact: true }
}

/** Sums of `field` read from the records themselves, as the user reads them (no single statement could). */
async function sumByReading(req: PayloadRequest, where: Where, field: string): Promise<SumGroup[] & { more?: true }> {
  const { docs } = await req.payload.find({
    collection: Slugs.records,
    where,
    limit: TOTALS_READ_LIMIT + 1,
    pagination: false,
    depth: 0,
    // No `select`: field rules with conditions (tenant in …) need the fields they test, or hide the data.
    overrideAccess: false,
    user: req.user,
    req,
    context: { [SLOT_QUERY_CONTEXT]: true },
  })
  const groups = new Map<string | null, SumGroup>()
  for (const doc of docs.slice(0, TOTALS_READ_LIMIT)) {
    const value = ((doc as { data?: Record<string, unknown> }).data ?? {})[field]
    const money = typeof value === 'object' && value !== null ? (value as Money) : undefined
    const amount = money ? money.amount : typeof value === 'number' ? value : null
    const key = money ? money.currency : null
    const group = groups.get(key) ?? { group: key, count: 0, sum: null }
    groups.set(key, {
      group: key,
      count: group.count + 1,
      sum: amount === null ? group.sum : (group.sum ?? 0) + amount,
    })
  }
  const sums: SumGroup[] & { more?: true } = [...groups.values()]
  if (docs.length > TOTALS_READ_LIMIT) sums.more = true
  return sums
}

/**
 * How many records `query` matches for the request's user and the sum of `fieldKey` over them, per
 * currency for a money field. The amount is read from the field's slot column when it has one (a
 * sortable, filterable or unique field), else from the record data. Throws 400
 * `invalid_record_total` when the field is not a money or number field of the type.
 */
export async function sumRecords(req: PayloadRequest, query: RecordQuery, fieldKey: string): Promise<RecordTotals> {
  const prepared = await prepareRecordQuery(req, { ...query, readsData: true })
  const field = prepared.type.type.fields.find((candidate) => candidate.key === fieldKey)
  if (!field || (field.kind !== 'money' && field.kind !== 'number'))
    throw Errors.invalidRecordTotal(
      fieldKey,
      `${prepared.type.type.pluralLabel} have no money or number field of that name`,
    )
  const column = assignedField(prepared.type.assignment, fieldKey)?.column
  // A column a migration still rewrites may hold another field's values on the records it has not reached.
  const settled = column && settledRecordsOnly(prepared.type.assignment, [column])
  const where: Where = settled ? { and: [prepared.where, settled] } : prepared.where
  const money = field.kind === 'money'
  const amount: SumTerm = column ? { column } : { json: 'data', path: money ? [fieldKey, 'amount'] : [fieldKey] }
  const group: SumTerm | undefined = money ? { json: 'data', path: [fieldKey, 'currency'] } : undefined
  const access = await accessFor(req, where)
  const matched: Where = access === true ? where : { and: [where, access] }
  const summed = await sumByGroup(req.payload, Slugs.records, { where: matched, amount, group })
  const groups = summed ?? (await sumByReading(req, where, fieldKey))
  return {
    count: groups.reduce((total, row) => total + row.count, 0),
    sums: groups
      .filter((row) => row.sum !== null)
      .map((row) => ({ currency: row.group ?? '', amount: row.sum! }))
      .sort((a, b) => b.amount - a.amount),
    complete: !(groups as { more?: true }).more,
  }
}
