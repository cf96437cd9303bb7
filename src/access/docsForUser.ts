/**
 * Documents of a collection as the request's user reads them, for read paths that run on every
 * page (the portal's request blocks): what `payload.find` answers at depth 0 without pagination,
 * read through the adapter's own find (`payload.db.find`, which reads relationships and their
 * join tables itself) instead of the operation, whose afterRead walk, per-row field access and
 * per-call access cost about as much again (NOTES-payload.md, "Where the time goes").
 *
 * The same rules decide, through the same entry points as rowsForUser.ts: the Where and sort are
 * checked as Payload checks them, the documents are limited by the collection's read access (the
 * Where the one access path makes for this user), hidden fields and the fields the user may not
 * read are left out. Only while the collection reads plainly (no read hooks, none on its fields,
 * no versions or trash, fields that are columns or relationships); otherwise, the answer comes
 * from `payload.find` itself. A collection of plain columns and relationships to many documents of
 * one collection is read in one statement (rowsForUser.ts, relationRows.ts), also when the Where
 * asks for some of those related ids (`equals`/`in`, as the portal's pending approvals do).
 */
import {
  Forbidden,
  type CollectionSlug,
  type FlattenedField,
  type PayloadRequest,
  type Sort,
  type Where,
} from 'payload'
import { isPlainColumn, type Row } from '../db/selectRows'
import { readableFieldsOf } from './readableFields'
import { checkQueryPaths } from './checkQueryPaths'
import { answeredFields, rowsForUser } from './rowsForUser'

/** What to read, and for whom (the request's user). */
export interface FindQuery {
  where: Where
  /** undefined: the collection's default sort, as payload.find */
  sort?: Sort
  limit: number
  /** the fields to answer besides the id, as payload.find's `select` names them; all when not given */
  select?: readonly string[]
}

/** What the adapter's find hands back as `payload.find` would at depth 0: columns, and relationships as ids. */
const readByAdapter = (field: FlattenedField) => isPlainColumn(field) || field.type === 'relationship'

/** The documents of `slug` matching `query` that the request's user may read (403 when they may read none). */
export async function docsForUser(req: PayloadRequest, slug: CollectionSlug, query: FindQuery): Promise<Row[]> {
  const { payload } = req
  const config = payload.collections[slug].config
  const access = await config.access.read({ req })
  if (access === false) throw new Forbidden(req.t)
  const { select, ...find } = query
  const fields = answeredFields(config, {}, select, readByAdapter)
  if (!fields) {
    const { docs } = await payload.find({
      collection: slug,
      ...find,
      depth: 0,
      pagination: false,
      user: req.user,
      overrideAccess: false,
      req,
    })
    // Left out here rather than by payload.find's `select`, which answered only ids with
    // overrideAccess: false (Payload 3.90.2, test/integration/docsForUser.test.ts).
    const kept = select && new Set(['id', ...select])
    return (docs as unknown as Row[]).map((doc) =>
      kept ? Object.fromEntries(Object.entries(doc).filter(([key]) => kept.has(key))) : doc,
    )
  }
  // Columns of its own table and lists of related ids, and a Where that needs no join: one
  // statement for the rows and one for their related ids suffice.
  const rows = await rowsForUser(
    req,
    slug,
    { ...find, sort: query.sort, page: 1, access, fields: select },
    { relationLists: true },
  )
  if (rows) return rows.rows
  await checkQueryPaths(req, config, query.where, query.sort)
  const where = access === true ? query.where : { and: [query.where, access] }
  const [{ docs }, readable] = await Promise.all([
    payload.db.find({
      collection: slug,
      where,
      sort: query.sort ?? config.defaultSort,
      limit: query.limit,
      pagination: false,
      req,
    }),
    readableFieldsOf(req, slug, access, fields),
  ])
  const answered = new Set(['id', ...fields.map((field) => field.name)])
  return Promise.all(
    (docs as Row[]).map((doc) => {
      for (const key of Object.keys(doc)) if (!answered.has(key)) delete doc[key]
      return readable(doc)
    }),
  )
}
