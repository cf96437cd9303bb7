/**
 * What the status summary reads of one record type's records in one tenant, as the signed-in
 * person reads them: counts per status category, the newest at-risk records, and the newest
 * record. Three statements through the one access path at the adapter level (the user's read
 * Where, rowsForUser.ts), where `payload.count` per category and two `payload.find`s cost five
 * times as much on the portal's first screen (bench/portal.ts); through the Local API where the
 * database does not allow that (MongoDB).
 */
import { Forbidden, type PayloadRequest, type Where } from 'payload'
import { recordRowsForUser } from '../../../collections/Records/recordRowsForUser'
import { Slugs } from '../../../collections/slugs'
import type { Id } from '../../../src/access/ids'
import { countsForUser } from '../../../src/access/rowsForUser'
import type { Record as RecordDoc } from '../../../src/payload-types'

/** What the summary shows of the records. */
export interface SummaryRows {
  /** status category → how many (categories none are in are absent) */
  counts: Map<unknown, number>
  /** the newest at-risk records, newest first */
  atRisk: RecordDoc[]
  /** the most recently changed record */
  newest: RecordDoc | undefined
}

/** What the summary shows of a record besides its id: when it last had news (freshness.ts), and its name and status. */
const SEEN_FIELDS = ['syncedAt', 'updatedAt']
const AT_RISK_FIELDS = ['title', 'status', ...SEEN_FIELDS]

/** The summary's records of type `type` in `tenant`, `atRiskShown` at-risk ones at most. */
export async function statusSummaryRows(
  req: PayloadRequest,
  type: Id,
  tenant: Id,
  atRiskShown: number,
): Promise<SummaryRows> {
  const access = await req.payload.collections[Slugs.records].config.access.read({ req })
  if (access === false) throw new Forbidden(req.t)
  const ofType: Where = { and: [{ type: { equals: type } }, { tenant: { equals: tenant } }] }
  const atRiskWhere: Where = { and: [ofType, { statusCategory: { equals: 'at_risk' } }] }
  const page = { sort: '-updatedAt', page: 1, access }
  const [counts, atRisk, newest] = await Promise.all([
    countsForUser(req, Slugs.records, { where: ofType, groupBy: 'statusCategory', access }),
    recordRowsForUser(req, { ...page, where: atRiskWhere, limit: atRiskShown, fields: AT_RISK_FIELDS }),
    recordRowsForUser(req, { ...page, where: ofType, limit: 1, fields: SEEN_FIELDS }),
  ])
  if (counts && atRisk && newest)
    return {
      counts,
      atRisk: atRisk.rows as unknown as RecordDoc[],
      newest: newest.rows[0] as unknown as RecordDoc | undefined,
    }
  return statusSummaryRowsByLocalApi(req, ofType, atRiskWhere, atRiskShown)
}

const CATEGORY_KEYS = ['at_risk', 'open', 'done', 'cancelled']

async function statusSummaryRowsByLocalApi(
  req: PayloadRequest,
  ofType: Where,
  atRiskWhere: Where,
  atRiskShown: number,
): Promise<SummaryRows> {
  const { payload } = req
  const asUser = { user: req.user, overrideAccess: false, depth: 0, req } as const
  const newest = { collection: Slugs.records, sort: '-updatedAt', pagination: false, ...asUser } as const
  const [counts, atRisk, latest] = await Promise.all([
    Promise.all(
      CATEGORY_KEYS.map((key) =>
        payload.count({
          collection: Slugs.records,
          where: { and: [ofType, { statusCategory: { equals: key } }] },
          ...asUser,
        }),
      ),
    ),
    payload.find({ ...newest, where: atRiskWhere, limit: atRiskShown }),
    payload.find({ ...newest, where: ofType, limit: 1 }),
  ])
  return {
    counts: new Map(CATEGORY_KEYS.map((key, i) => [key, counts[i]!.totalDocs])),
    atRisk: atRisk.docs as RecordDoc[],
    newest: (latest.docs as RecordDoc[])[0],
  }
}
