/**
 * Sums over the documents a Where matches, grouped, in one SQL statement: the database adds up
 * the matches instead of Atrium reading every row to add them in JavaScript. Below Payload's
 * operations, like countUpTo.ts: callers pass the access Where of the user they sum for.
 */
import { sql, type SQL } from '@payloadcms/db-postgres/drizzle'
import type { CollectionSlug, Payload, Where } from 'payload'
import { tableQueryOf, type DrizzleTable } from './drizzleTable'

/** A value to sum or group by: a column of the table, or a path into one of its json columns. */
export type SumTerm = { column: string } | { json: string; path: readonly string[] }

/** One group's count and sum (null: no document of the group had a value to add). */
export interface SumGroup {
  group: string | null
  count: number
  sum: number | null
}

// Path steps go into the statement as written: only names that need no quoting get there.
const PATH_STEP = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

function termSql({ db, table }: DrizzleTable, term: SumTerm, as: 'text' | 'number'): SQL {
  if ('column' in term) return sql`${table[term.column]}`
  if (!term.path.every((step) => PATH_STEP.test(step))) throw new Error(`Cannot sum by the path ${term.path.join('.')}`)
  const column = table[term.json]
  if ((db as { name?: string }).name === 'postgres') {
    const steps = term.path.map((step) => `'${step}'`)
    const text = sql`(${column} #>> ${sql.raw(`array[${steps.join(', ')}]`)})`
    return as === 'number' ? sql`(${text})::numeric` : text
  }
  return sql`json_extract(${column}, ${sql.raw(`'$.${term.path.join('.')}'`)})`
}

/**
 * Per value of `group` (one group when none): how many documents of `collection` match `where`
 * and the sum of `amount` over them; undefined where no single statement can answer (MongoDB, or
 * a Where through arrays or relationships): the caller then reads the documents itself.
 */
export async function sumByGroup(
  payload: Payload,
  collection: CollectionSlug,
  { where, amount, group }: { where: Where; amount: SumTerm; group?: SumTerm },
): Promise<SumGroup[] | undefined> {
  const sqlTable = tableQueryOf(payload, collection, where)
  if (!sqlTable) return undefined
  const { db, table, query } = sqlTable
  const groupBy = group ? termSql(sqlTable, group, 'text') : undefined
  const selected = db.drizzle
    .select({
      group: sql<string | null>`${groupBy ?? sql`null`}`,
      count: sql<number>`count(*)`.mapWith(Number),
      sum: sql<string | number | null>`sum(${termSql(sqlTable, amount, 'number')})`,
    })
    .from(table)
    .where(query.where)
  // PostgreSQL refuses a constant in GROUP BY: no group, no clause.
  const rows = await (groupBy ? selected.groupBy(groupBy) : selected)
  return rows.map((row) => ({
    group: row.group === null || row.group === undefined ? null : String(row.group),
    count: row.count,
    sum: row.sum === null || row.sum === undefined ? null : Number(row.sum),
  }))
}
