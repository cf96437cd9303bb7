/**
 * Rows Atrium's own code writes on the hot path of a workflow transition, inside its transaction:
 * history entries and effect jobs in bulk, one INSERT of every row on the SQL databases (where
 * Payload's create is a statement and a read-back per row), and a relationship's list replaced
 * by two statements (where Payload's update rewrites every relationship of the document and
 * reads it back). MongoDB gets Payload's adapter calls. No hooks and no access checks: for system
 * rows whose every value the caller built and checked itself (bench/workflows.ts measures why).
 */
import { and, eq } from '@payloadcms/db-postgres/drizzle'
import type { CollectionSlug, Payload } from 'payload'

interface DrizzleAdapter {
  name: string
  tables?: Record<string, unknown>
  tableNameMap?: Map<string, string>
  sessions?: Record<string, { db: DrizzleDb } | undefined>
  drizzle?: DrizzleDb
}
interface DrizzleDb {
  insert: (table: never) => { values: (rows: Record<string, unknown>[]) => PromiseLike<unknown> }
  delete: (table: never) => { where: (condition: unknown) => Returning }
  update: (table: never) => {
    set: (data: Record<string, unknown>) => { where: (condition: unknown) => Returning }
  }
}
/** A statement that may run as it is, or return columns of the rows it touched. */
type Returning = PromiseLike<unknown> & { returning: (columns: Record<string, unknown>) => PromiseLike<unknown[]> }
type Transaction = { transactionID?: number | string | Promise<number | string> }

/** The drizzle table of `name` and the connection of `req`'s transaction, on the SQL databases. */
export async function sqlTarget(payload: Payload, req: Transaction, name: string) {
  const adapter = payload.db as unknown as DrizzleAdapter
  if (adapter.name !== 'postgres' && adapter.name !== 'sqlite') return undefined
  const tableName = adapter.tableNameMap?.get(name) ?? name
  const table = adapter.tables?.[tableName] as Record<string, unknown> | undefined
  if (!table) return undefined
  const transactionID = await req.transactionID
  const db = transactionID === undefined ? adapter.drizzle : adapter.sessions?.[String(transactionID)]?.db
  if (!db) throw new Error(`transaction ${String(transactionID)} is not open`)
  return { db, table }
}

const tableOf = (slug: string) => slug.replace(/-/g, '_')

/** Inserts `rows` (field name → value; fields stored on the collection's own table only) into `slug`. */
export async function insertRows(
  payload: Payload,
  req: Transaction,
  slug: CollectionSlug,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return
  const target = await sqlTarget(payload, req, tableOf(slug))
  if (target) {
    await target.db.insert(target.table as never).values(rows)
    return
  }
  for (const data of rows) await payload.db.create({ collection: slug, data, req: req as never })
}

/** Sets the hasMany relationship `path` of document `id` of `slug` to `ids` (documents of `relationTo`). */
export async function replaceRelationship(
  payload: Payload,
  req: Transaction,
  slug: CollectionSlug,
  id: number | string,
  path: string,
  relationTo: CollectionSlug,
  ids: (number | string)[],
): Promise<void> {
  const target = await sqlTarget(payload, req, `${tableOf(slug)}_rels`)
  if (!target) {
    await payload.db.updateOne({ collection: slug, id, data: { [path]: ids }, req: req as never, returning: false })
    return
  }
  const rels = target.table as Record<string, never>
  await target.db.delete(rels as never).where(and(eq(rels.parent!, id), eq(rels.path!, path)))
  const column = `${relationTo.replace(/-/g, '_')}ID`
  if (ids.length > 0)
    await target.db
      .insert(rels as never)
      .values(ids.map((value, i) => ({ order: i + 1, parent: id, path, [column]: value })))
}

/**
 * Sets `data` on row `id` of `slug` only if its fields still hold `expected` (fields of the
 * collection's own table), in one statement: of two processes trying at once, exactly one
 * succeeds. Returns whether this one did. Payload's own update reads the row first and then
 * writes it, which two processes can both do.
 */
export async function compareAndSet(
  payload: Payload,
  slug: CollectionSlug,
  id: number | string,
  expected: Record<string, unknown>,
  data: Record<string, unknown>,
): Promise<boolean> {
  const target = await sqlTarget(payload, {}, tableOf(slug))
  if (!target) {
    // MongoDB's findOneAndUpdate, which the adapter's updateOne with a where uses, is atomic too.
    const where = {
      and: [{ id: { equals: id } }, ...Object.entries(expected).map(([k, v]) => ({ [k]: { equals: v } }))],
    }
    const updated = await payload.db.updateOne({ collection: slug, where, data }).catch(() => null)
    return updated !== null
  }
  const table = target.table as Record<string, never>
  const conditions = [eq(table.id!, id), ...Object.entries(expected).map(([key, value]) => eq(table[key]!, value))]
  const rows = await target.db
    .update(table as never)
    .set(data)
    .where(and(...conditions))
    .returning({ id: table.id })
  return rows.length === 1
}
